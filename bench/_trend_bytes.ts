/**
 * What a trend subscription adds to the frames (no network): the synthetic
 * org's "today" in 30-minute buckets, built by the real snapshot builder
 * with the previous poll's data as the poller gives it, viewed and encoded
 * by the real view, delta and frame builders, with and without `trend`.
 * Ticks alternate between live churn only and live churn plus an aggregate
 * refresh of `refresh` of the queues (their current interval moves).
 *
 * @module
 */

import { deltaMessage, snapshotMessage } from "../src/realtime/mod.ts";
import {
  buildSnapshot,
  DEFAULT_ALERT_RULES,
  diffSnapshots,
  type SnapshotData,
  viewDelta,
  viewOf,
} from "../src/snapshot/mod.ts";
import { jsonBytes } from "./_frame.ts";
import { median } from "./_stats.ts";
import {
  asSnapshot,
  createOrg,
  pollInput,
  prng,
  refreshToday,
  tick,
} from "./_synthetic.ts";

/** Options of {@linkcode measureTrend}. */
export interface TrendBytesOptions {
  queues: number;
  agents: number;
  /** Fraction of queues and agents whose live state changes per tick. */
  churn: number;
  /** Fraction of queues an aggregate refresh gives new figures. */
  refresh: number;
  ticks: number;
  seed?: number;
  /** Time of the org (how many intervals today has), epoch ms. */
  now?: number;
}

/** Median bytes for one kind of subscriber. */
export interface TrendBytesResult {
  /** `all queues` or `one queue`. */
  subscriber: string;
  trend: boolean;
  snapshotBytes: number;
  /** Median delta frame of a tick without an aggregate refresh. */
  liveDelta: number;
  /** Median delta frame of a tick with one. */
  refreshDelta: number;
  /** Median intervals a refresh delta carries. */
  refreshIntervals: number;
}

/**
 * Runs the ticks and measures each subscriber kind with and without trend.
 *
 * @example
 * ```ts
 * const rows = measureTrend({ queues: 200, agents: 1000, churn: 0.1, refresh: 1 / 3, ticks: 20 });
 * rows[1].refreshDelta - rows[0].refreshDelta; // what the trend adds to a refresh
 * ```
 */
export function measureTrend(options: TrendBytesOptions): TrendBytesResult[] {
  const org = createOrg(options);
  const rand = prng((options.seed ?? 42) + 2);
  const rules = [...DEFAULT_ALERT_RULES];
  const build = (previous: SnapshotData | null) =>
    buildSnapshot(pollInput(org), {
      source: "simulator",
      fetchedAt: org.now,
      rules,
      previous,
    });
  let prev = asSnapshot(build(null), 1);
  const kinds = [null, new Set([org.queues[0].queue.id])].flatMap((visible) =>
    [false, true].map((trend) => ({
      subscriber: visible === null ? "all queues" : "one queue",
      visible,
      trend,
      snap: [] as number[],
      live: [] as number[],
      refresh: [] as number[],
      intervals: [] as number[],
    }))
  );
  for (let t = 0; t < options.ticks; t++) {
    tick(org, options.churn);
    const refreshed = t % 2 === 1;
    if (refreshed) refreshToday(org, options.refresh, rand);
    const next = asSnapshot(build(prev), prev.version + 1);
    const changes = diffSnapshots(prev, next);
    for (const k of kinds) {
      const before = viewOf(prev, k.visible, false, k.trend);
      const after = viewOf(next, k.visible, false, k.trend);
      const delta = viewDelta(before, after, changes);
      k.snap.push(jsonBytes(snapshotMessage(next, after, false)));
      const bytes = jsonBytes(deltaMessage(next, prev.version, delta, false));
      (refreshed ? k.refresh : k.live).push(bytes);
      if (refreshed) k.intervals.push(Object.keys(delta.trend ?? {}).length);
    }
    prev = next;
  }
  return kinds.map((k) => ({
    subscriber: k.subscriber,
    trend: k.trend,
    snapshotBytes: median(k.snap) ?? 0,
    liveDelta: median(k.live) ?? 0,
    refreshDelta: median(k.refresh) ?? 0,
    refreshIntervals: median(k.intervals) ?? 0,
  }));
}
