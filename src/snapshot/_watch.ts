/**
 * The watch loop of the snapshot store (private). The copy of the store is
 * kept current by the head's wake-ups (`kvWakeups`: `kv.watch`, and a
 * re-read every `pollMs` for other processes' writes and stalled streams)
 * and the other isolates' channel messages. Each watch gets every step of
 * the copy, in order.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { kvWakeups } from "../kv_wakeups.ts";
import type { Logger } from "../log.ts";
import type { Channel } from "./_channel.ts";
import { addChanges, noChanges } from "./_record.ts";
import type { Replica } from "./_replica.ts";
import type { SnapshotUpdate } from "./contracts.ts";

/** What the watch loop needs from the store. */
export interface WatchDeps {
  kv: Deno.Kv;
  clock: Clock;
  headKey: Deno.KvKey;
  pollMs: number;
  log: Logger;
  replica: Replica;
  channel: Channel | null;
}

/** Updates a slow consumer may have waiting before they are merged into one. */
const MAX_WAITING = 64;

/** Merges waiting updates into one (the newest snapshot, all their changes). */
function merged(updates: SnapshotUpdate[]): SnapshotUpdate {
  const last = updates[updates.length - 1];
  if (updates.some((u) => u.changes === null)) {
    return { snapshot: last.snapshot, changes: null };
  }
  const changes = noChanges();
  for (const u of updates) addChanges(changes, u.changes!);
  return { snapshot: last.snapshot, changes };
}

/**
 * Yields the held snapshot at start (if any, after one catch-up), then every
 * later step of the copy. Ends when `signal` aborts or the consumer stops.
 */
export async function* watchUpdates(
  deps: WatchDeps,
  signal: AbortSignal,
): AsyncGenerator<SnapshotUpdate, void, undefined> {
  if (signal.aborted) return;
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  let waiting: SnapshotUpdate[] = [];
  let arrived: (() => void) | null = null;
  const unlisten = deps.replica.listen((update) => {
    waiting.push(update);
    if (waiting.length > MAX_WAITING) waiting = [merged(waiting)];
    arrived?.();
  });
  const closeChannel = deps.channel?.open() ?? (() => {});
  const sync = async () => {
    try {
      await deps.replica.sync();
    } catch (error) {
      deps.log.warn("Cannot read the latest snapshot: retrying", { error });
    }
  };
  const wakeups = kvWakeups({
    kv: deps.kv,
    key: deps.headKey,
    clock: deps.clock,
    periodMs: deps.pollMs,
    log: deps.log,
    name: "the snapshot head",
  }, inner.signal);
  const driving = (async () => {
    for await (const _ of wakeups) await sync();
  })();
  try {
    await sync();
    const first = deps.replica.current();
    waiting = [];
    if (first !== null && !inner.signal.aborted) {
      yield { snapshot: first, changes: null };
    }
    while (!inner.signal.aborted) {
      const next = waiting.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          inner.signal.removeEventListener("abort", done);
          arrived = null;
          resolve();
        };
        arrived = done;
        inner.signal.addEventListener("abort", done, { once: true });
      });
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    inner.abort();
    unlisten();
    closeChannel();
    await driving;
  }
}
