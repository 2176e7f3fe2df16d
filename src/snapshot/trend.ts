/**
 * Today's 30-minute trend as one receiver sees it: the intervals of the
 * queues it may see, totals per interval over exactly those queues (ratios
 * of sums), what changed from one view to the next, and the flat
 * `"<queueId>|<start>"` map the frames carry.
 *
 * @module
 */

import { ratio, ratioMs } from "./kpis.ts";
import type {
  QueueSums,
  QueueTrend,
  SnapshotData,
  TrendState,
  TrendTotals,
} from "./model.ts";
import { applyNested, nestedId } from "./_nested.ts";

/** The trend part of a view. */
export interface TrendView {
  /** Intervals of the visible queues, per queue id (maps shared with the snapshot). */
  trend: Record<string, QueueTrend>;
  /** Totals over the visible queues, keyed by interval start, in time order. */
  trendTotals: Record<string, TrendTotals>;
}

/** The trend part of a delta; `null` = left the view. */
export interface TrendDelta {
  /** Intervals by trend key. */
  trend: Record<string, TrendState | null>;
  trendTotals: Record<string, TrendTotals | null>;
}

/**
 * The key of one queue's interval in the frames' `trend` maps.
 *
 * @example
 * ```ts
 * trendKey("q-1", "2026-11-27T09:30:00.000Z"); // "q-1|2026-11-27T09:30:00.000Z"
 * ```
 */
export function trendKey(queueId: string, start: string): string {
  return nestedId(queueId, start);
}

interface Sums extends QueueSums {
  offered: number;
  answered: number;
  abandoned: number;
}

/**
 * The intervals of the queues in `visible` (null = all) and their totals
 * per interval.
 *
 * @example
 * ```ts
 * const { trend, trendTotals } = trendViewOf(data, new Set(["q-1"]));
 * trendTotals["2026-11-27T09:30:00.000Z"].offered; // q-1's offered then
 * ```
 */
export function trendViewOf(
  data: SnapshotData,
  visible: ReadonlySet<string> | null,
): TrendView {
  let trend = data.trend;
  if (visible !== null) {
    trend = {};
    for (const id of visible) {
      if (Object.hasOwn(data.trend, id)) trend[id] = data.trend[id];
    }
  }
  const byStart = new Map<string, Sums>();
  for (const id in trend) {
    const states = trend[id];
    const sums = data.trendSums[id] ?? {};
    for (const start in states) {
      const t = states[start];
      let total = byStart.get(start);
      if (total === undefined) {
        total = {
          offered: 0,
          answered: 0,
          abandoned: 0,
          slNumerator: 0,
          slDenominator: 0,
          handleSumMs: 0,
          handleCount: 0,
          answeredSumMs: 0,
          answeredCount: 0,
        };
        byStart.set(start, total);
      }
      total.offered += t.offered;
      total.answered += t.answered;
      total.abandoned += t.abandoned;
      const s = sums[start];
      if (s !== undefined) {
        total.slNumerator += s.slNumerator;
        total.slDenominator += s.slDenominator;
        total.handleSumMs += s.handleSumMs;
        total.handleCount += s.handleCount;
        total.answeredSumMs += s.answeredSumMs;
        total.answeredCount += s.answeredCount;
      }
    }
  }
  const trendTotals: Record<string, TrendTotals> = {};
  for (const start of [...byStart.keys()].sort()) {
    const s = byStart.get(start)!;
    trendTotals[start] = {
      start,
      offered: s.offered,
      answered: s.answered,
      abandoned: s.abandoned,
      serviceLevel: ratio(s.slNumerator, s.slDenominator),
      abandonRate: ratio(s.abandoned, s.offered),
      asaMs: ratioMs(s.answeredSumMs, s.answeredCount),
      ahtMs: ratioMs(s.handleSumMs, s.handleCount),
    };
  }
  return { trend, trendTotals };
}

/**
 * What turns the trend of `prev` (none = empty) into `next`: intervals that
 * entered or changed, `null` for those that left, and only the totals that
 * changed. A queue whose intervals are the same map in both is skipped.
 */
export function trendDelta(
  prev: Partial<TrendView>,
  next: TrendView,
): TrendDelta {
  const trend: TrendDelta["trend"] = {};
  const before = prev.trend ?? {};
  for (const id in before) {
    if (Object.hasOwn(next.trend, id)) continue;
    for (const start in before[id]) trend[trendKey(id, start)] = null;
  }
  for (const id in next.trend) {
    const now = next.trend[id];
    const then = Object.hasOwn(before, id) ? before[id] : {};
    if (now !== then) entries(then, now, (start) => trendKey(id, start), trend);
  }
  const trendTotals: TrendDelta["trendTotals"] = {};
  entries(prev.trendTotals ?? {}, next.trendTotals, (s) => s, trendTotals);
  return { trend, trendTotals };
}

function entries<T extends object>(
  prev: Record<string, T>,
  next: Record<string, T>,
  keyOf: (key: string) => string,
  out: Record<string, T | null>,
): void {
  for (const key in prev) if (!Object.hasOwn(next, key)) out[keyOf(key)] = null;
  for (const key in next) {
    const after = next[key];
    if (!Object.hasOwn(prev, key) || !sameFields(prev[key], after)) {
      out[keyOf(key)] = after;
    }
  }
}

/** Equal flat objects of one shape (every field a primitive). */
function sameFields<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  for (const key in b) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * The flat map of frames and REST answers: every interval by trend key,
 * queue by queue, each queue's in time order.
 */
export function flatTrend(
  trend: Record<string, QueueTrend>,
): Record<string, TrendState> {
  const out: Record<string, TrendState> = {};
  for (const id in trend) {
    const states = trend[id];
    for (const start in states) out[trendKey(id, start)] = states[start];
  }
  return out;
}

/** `trend` with the intervals of `delta` applied (null removes), as a new map. */
export function applyTrend(
  trend: Record<string, QueueTrend>,
  delta: Record<string, TrendState | null>,
): Record<string, QueueTrend> {
  return applyNested(trend, delta) as Record<string, QueueTrend>;
}
