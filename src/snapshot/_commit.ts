/**
 * Committing one version (private). The leader diffs the new data against
 * its copy of the head, then in one fenced atomic commit writes the
 * version's delta to the log, the changed entity keys, `base` and the head.
 * A version too big for one commit is staged: its delta is written ahead
 * (invisible: past the head), the head flips, then the entity keys follow
 * and `base` last; readers replay the log from `base`, so none ever sees a
 * half-applied version.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Channel } from "./_channel.ts";
import { packDelta, split } from "./_codec.ts";
import type { Head } from "./_layout.ts";
import {
  commitBatch,
  deleteOf,
  fits,
  type Group,
  type Mutation,
  pack,
  setOf,
  usageOf,
} from "./_plan.ts";
import {
  diffEntities,
  metaOf,
  recordJson,
  type VersionRecord,
} from "./_record.ts";
import type { Replica } from "./_replica.ts";
import { isoOf } from "./_time.ts";
import {
  entityWrites,
  fullRewrite,
  textsOf,
  type WriteDeps,
} from "./_writes.ts";
import type { Fence } from "./contracts.ts";
import type { Snapshot, SnapshotData } from "./model.ts";

/** What a commit needs from the store. */
export interface CommitDeps extends WriteDeps {
  clock: Clock;
  log: Logger;
  replica: Replica;
  channel: Channel | null;
  randomId: () => string;
  /** Log versions kept. */
  keep: number;
  /** `expireIn` of log parts (a garbage-collection backstop). */
  expireIn: number;
}

/** Head races tolerated per commit before giving up. */
const MAX_ATTEMPTS = 5;
const ZERO = usageOf([]);

/** Commits `data` as the next version; null when `fence` no longer holds. */
export function commitVersion(
  deps: CommitDeps,
  data: SnapshotData,
  fence: Fence,
): Promise<Snapshot | null> {
  return deps.replica.run(async () => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const done = await attemptCommit(deps, data, fence);
      if (done !== "raced") return done;
      deps.log.debug("Snapshot head changed during commit: retrying", {
        attempt,
      });
    }
    throw new Error(
      `Cannot commit snapshot: the head changed during ${MAX_ATTEMPTS} attempts`,
    );
  });
}

async function fenceHolds(kv: Deno.Kv, fence: Fence): Promise<boolean> {
  return (await kv.get(fence.key)).versionstamp === fence.versionstamp;
}

async function attemptCommit(
  deps: CommitDeps,
  data: SnapshotData,
  fence: Fence,
): Promise<Snapshot | null | "raced"> {
  const { kv, layout, replica } = deps;
  const [epochEntry, headEntry, baseEntry] = await kv.getMany<
    [string, Head, number]
  >([layout.epoch, layout.head, layout.base]);
  await replica.catchUp(headEntry);
  const head = headEntry.value;
  const base = head === null ? null : replica.current();
  if (head && (base?.epoch !== head.epoch || base.version !== head.version)) {
    return "raced";
  }
  const epoch = head?.epoch ??
    (typeof epochEntry.value === "string" ? epochEntry.value : deps.randomId());
  const version = (head?.version ?? 0) + 1;
  const record: VersionRecord = {
    epoch,
    version,
    committedAt: isoOf(deps.clock.now()),
    meta: metaOf(data),
    changes: diffEntities(base, data),
  };
  const { committedAt, meta } = record;
  const texts = textsOf(record);
  const json = recordJson({ epoch, version, committedAt, meta }, texts);
  const baseVersion = typeof baseEntry.value === "number" ? baseEntry.value : 0;
  const pending = head === null || baseVersion >= head.version
    ? null
    : await replica.changesSince(epoch, baseVersion, head.version);
  const full = head === null || (baseVersion < head.version && !pending);
  const groups = full
    ? await fullRewrite(deps, data, texts)
    : entityWrites(deps, record, base, texts, pending);

  const log = await logWrites(deps, version, split(packDelta(json)));
  const flip = [
    ...(epochEntry.value === epoch ? [] : [setOf(layout.epoch, epoch)]),
    ...log,
    setOf(layout.head, { epoch, version, committedAt, meta } satisfies Head),
  ];
  const checks = [epochEntry, headEntry, fence] as const;
  const written = await writeVersion(deps, version, checks, flip, log, groups);
  if (written === null || written === "raced") return written;

  const snapshot = replica.apply(record, base, data);
  deps.channel?.announce({ epoch, version, stamp: written.stamp, json });
  const stored = written.behind === null ||
    await writeBehind(deps, written.behind, version, fence);
  await trim(deps, version, stored ? version : baseVersion, fence);
  return snapshot;
}

/**
 * Writes one version: all in one commit when it fits, else the delta ahead
 * (when it alone does not fit), then the head. Resolves to the versionstamp
 * of the head's commit and the entity batches still to write before `base`
 * (null when `base` was written with the head), "raced" when the head moved,
 * null when deposed.
 */
async function writeVersion(
  deps: CommitDeps,
  version: number,
  checks: readonly [Deno.AtomicCheck, Deno.AtomicCheck, Fence],
  flip: Mutation[],
  log: Mutation[],
  groups: Group[],
): Promise<{ stamp: string; behind: Mutation[][] | null } | "raced" | null> {
  const { kv, layout } = deps;
  const fence = checks[2];
  const whole = [
    ...flip,
    ...groups.flatMap((g) => g.mutations),
    setOf(layout.base, version),
  ];
  const staged = !fits(ZERO, usageOf(whole));
  const behind = staged ? pack(groups) : [];
  let head = whole;
  if (staged) {
    head = flip;
    if (!fits(ZERO, usageOf(flip))) {
      const parts = log.map((m) => ({ label: "a delta part", mutations: [m] }));
      for (const batch of pack(parts)) {
        if (!(await commitBatch(kv, [fence], batch)).ok) {
          return await fenceHolds(kv, fence) ? "raced" : null;
        }
      }
      head = flip.filter((m) => !log.includes(m));
    }
  }
  const result = await commitBatch(kv, checks, head);
  if (!result.ok) return await fenceHolds(kv, fence) ? "raced" : null;
  return { stamp: result.versionstamp, behind: staged ? behind : null };
}

/** The delta's parts, and deletes of parts a deposed leader left at this version. */
async function logWrites(
  deps: CommitDeps,
  version: number,
  parts: Uint8Array[],
): Promise<Mutation[]> {
  const { kv, layout, expireIn } = deps;
  const writes = parts.map((p, i) =>
    setOf(layout.log(version, i), p, expireIn)
  );
  for await (const { key } of kv.list({ prefix: layout.log(version) })) {
    if ((key.at(-1) as number) >= parts.length) writes.push(deleteOf(key));
  }
  return writes;
}

/** Writes staged entity batches, then `base`; false when one failed. */
async function writeBehind(
  deps: CommitDeps,
  batches: Mutation[][],
  version: number,
  fence: Fence,
): Promise<boolean> {
  try {
    for (const batch of batches) {
      if (!(await commitBatch(deps.kv, [fence], batch)).ok) return false;
    }
    const done = [setOf(deps.layout.base, version)];
    return (await commitBatch(deps.kv, [fence], done)).ok;
  } catch (error) {
    deps.log.warn(
      "Cannot write the entities of a version: the next commit will",
      {
        version,
        error,
      },
    );
    return false;
  }
}

/** Deletes log versions older than the last `keep` and not above `base` (best effort). */
async function trim(
  deps: CommitDeps,
  version: number,
  base: number,
  fence: Fence,
): Promise<void> {
  const { kv, layout } = deps;
  const end = Math.min(version - deps.keep, base) + 1;
  if (end <= 1) return;
  try {
    const keys: Mutation[] = [];
    const old = kv.list({ prefix: layout.logs, end: layout.log(end) });
    for await (const { key } of old) keys.push(deleteOf(key));
    for (let at = 0; at < keys.length; at += 500) {
      await commitBatch(kv, [fence], keys.slice(at, at + 500));
    }
  } catch (error) {
    deps.log.warn("Cannot delete old snapshot deltas", { version, error });
  }
}
