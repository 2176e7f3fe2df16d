/**
 * Versioned snapshot persistence in Deno KV: one key per entity plus a log
 * of per-version deltas, written by the lease holder in fenced atomic
 * commits; every isolate keeps a copy current from the log (or, between
 * isolates of one process, from a `BroadcastChannel` message) without
 * decoding or diffing whole snapshots. The layout is described in
 * docs/architecture.md.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { type Logger, silentLogger } from "../log.ts";
import { type Channel, createChannel } from "./_channel.ts";
import { commitVersion } from "./_commit.ts";
import { layoutOf } from "./_layout.ts";
import { createReplica } from "./_replica.ts";
import { watchUpdates } from "./_watch.ts";
import type { SnapshotStore } from "./contracts.ts";

/** Options of `createSnapshotStore`. */
export interface SnapshotStoreOptions {
  /** The KV the snapshots live in. */
  kv: Deno.Kv;
  /** Time of `committedAt` and of the watch re-reads. */
  clock: Clock;
  /** Key prefix of every entry; default `["qp"]`. */
  prefix?: Deno.KvKey;
  /**
   * Versions kept in the log (the latest included) for followers and
   * resume; default 300.
   */
  keepVersions?: number;
  /** How often `watch` re-reads the head, ms; default 1000. */
  pollMs?: number;
  /** Where watch and cleanup problems are reported; default silent. */
  log?: Logger;
  /** Makes a new epoch id; default `crypto.randomUUID`. */
  randomId?: () => string;
  /** `expireIn` of log entries, a garbage-collection backstop; default 7 days. */
  logExpireMs?: number;
  /**
   * Post each commit to the other isolates of this process on a
   * `BroadcastChannel` while a watch runs, and take theirs; default true.
   */
  broadcast?: boolean;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

function positiveInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot create snapshot store: invalid "${name}" ${value}: expected a positive integer`,
    );
  }
  return value;
}

/**
 * Creates the KV snapshot store.
 *
 * @example
 * ```ts
 * const store = createSnapshotStore({ kv, clock: systemClock() });
 * const snapshot = await store.commit(data, fence); // null when deposed
 * for await (const { snapshot, changes } of store.watch(signal)) {
 *   hub.publish(snapshot, changes ?? undefined);
 * }
 * ```
 */
export function createSnapshotStore(
  options: SnapshotStoreOptions,
): SnapshotStore {
  const { kv, clock } = options;
  const prefix = options.prefix ?? ["qp"];
  const keep = positiveInt("keepVersions", options.keepVersions ?? 300);
  const pollMs = positiveInt("pollMs", options.pollMs ?? 1000);
  const expireIn = positiveInt("logExpireMs", options.logExpireMs ?? WEEK_MS);
  const log = options.log ?? silentLogger();
  const layout = layoutOf(prefix);
  const replica = createReplica(kv, layout, keep);
  const channel: Channel | null = options.broadcast === false
    ? null
    : createChannel(`queuepulse:snapshots:${JSON.stringify(prefix)}`, {
      kv,
      layout,
      replica,
      log,
    });
  const commitDeps = {
    kv,
    layout,
    clock,
    log,
    replica,
    channel,
    randomId: options.randomId ?? (() => crypto.randomUUID()),
    keep,
    expireIn,
    parts: new WeakMap<object, number>(),
  };

  return {
    latest: () => replica.sync(),
    commit: (data, fence) => commitVersion(commitDeps, data, fence),
    watch: (signal) =>
      watchUpdates(
        { kv, clock, headKey: layout.head, pollMs, log, replica, channel },
        signal,
      ),
    changesSince: (epoch, from, to) => replica.changesSince(epoch, from, to),
  };
}
