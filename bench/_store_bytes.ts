/**
 * What the snapshot store moves through KV per version: bytes the leader
 * writes, bytes a follower isolate reads to apply the version from the log,
 * and atomic commits, next to the delta frames a screen gets for the same
 * version (no network; `:memory:` KV; synthetic org).
 *
 * @module
 */

import { systemClock } from "../src/clock.ts";
import { deltaMessage } from "../src/realtime/mod.ts";
import {
  buildSnapshot,
  createSnapshotStore,
  DEFAULT_ALERT_RULES,
  type Snapshot,
  type SnapshotData,
  viewDelta,
  viewOf,
} from "../src/snapshot/mod.ts";
import { type KvMeter, metered } from "./_kv_meter.ts";
import { jsonBytes } from "./_frame.ts";
import { median } from "./_stats.ts";
import {
  createOrg,
  pollInput,
  prng,
  refreshToday,
  tick,
} from "./_synthetic.ts";

/** Options of {@linkcode measureStore}. */
export interface StoreBytesOptions {
  queues: number;
  agents: number;
  /** Fraction of queues and agents whose live state changes per tick. */
  churn: number;
  /** Fraction of queues whose "today" figures change per tick (a refresh). */
  refresh: number;
  ticks: number;
  seed?: number;
}

/** Medians per version. */
export interface StoreBytesResult {
  changedQueues: number;
  changedAgents: number;
  /** Delta frame of an all-queue screen, and of an all-queue + agents one. */
  frameQueues: number;
  frameAgents: number;
  written: number;
  read: number;
  commits: number;
}

function frameBytes(prev: Snapshot, next: Snapshot, agents: boolean): number {
  const delta = viewDelta(
    viewOf(prev, null, agents),
    viewOf(next, null, agents),
    null,
  );
  const message = deltaMessage(next, prev.version, delta, false);
  return jsonBytes(message);
}

/**
 * Commits `ticks` versions through a metered leader store and reads each
 * with a metered follower store (KV path, no channel).
 *
 * @example
 * ```ts
 * const r = await measureStore({ queues: 200, agents: 1000, churn: 0.1, refresh: 0, ticks: 10 });
 * r.written / r.frameAgents; // ≈ 1.3
 * ```
 */
export async function measureStore(
  options: StoreBytesOptions,
): Promise<StoreBytesResult> {
  const org = createOrg(options);
  const rand = prng((options.seed ?? 42) + 1);
  const rules = [...DEFAULT_ALERT_RULES];
  using kv = await Deno.openKv(":memory:");
  const leaderMeter: KvMeter = { written: 0, read: 0, commits: 0 };
  const followerMeter: KvMeter = { written: 0, read: 0, commits: 0 };
  const clock = systemClock();
  const leader = createSnapshotStore({
    kv: metered(kv, leaderMeter),
    clock,
    broadcast: false,
  });
  const follower = createSnapshotStore({
    kv: metered(kv, followerMeter),
    clock,
    broadcast: false,
  });
  const { versionstamp } = await kv.set(["lease"], "bench");
  const fence = { key: ["lease"], versionstamp };
  let data: SnapshotData | null = null;
  const build = () =>
    data = buildSnapshot(pollInput(org), {
      source: "simulator",
      fetchedAt: org.now,
      rules,
      previous: data,
    });
  let prev = (await leader.commit(build(), fence))!;
  await follower.latest();
  const rows: StoreBytesResult[] = [];
  for (let t = 0; t < options.ticks; t++) {
    tick(org, options.churn);
    refreshToday(org, options.refresh, rand);
    const next = build();
    const before = { ...leaderMeter };
    const readBefore = followerMeter.read;
    const committed = (await leader.commit(next, fence))!;
    await follower.latest();
    const changes = await leader.changesSince(
      committed.epoch,
      prev.version,
      committed.version,
    );
    rows.push({
      changedQueues: changes!.queues.size,
      changedAgents: changes!.agents.size,
      frameQueues: frameBytes(prev, committed, false),
      frameAgents: frameBytes(prev, committed, true),
      written: leaderMeter.written - before.written,
      read: followerMeter.read - readBefore,
      commits: leaderMeter.commits - before.commits,
    });
    prev = committed;
  }
  const pick = (k: keyof StoreBytesResult) => median(rows.map((r) => r[k]))!;
  return {
    changedQueues: pick("changedQueues"),
    changedAgents: pick("changedAgents"),
    frameQueues: pick("frameQueues"),
    frameAgents: pick("frameAgents"),
    written: pick("written"),
    read: pick("read"),
    commits: pick("commits"),
  };
}
