/**
 * Today's 30-minute trend as one receiver sees it: the intervals of the
 * queues it may see, totals per interval over exactly those queues (ratios
 * of sums), and what changed from one view to the next.
 *
 * @module
 */

import { ratio, ratioMs } from "./kpis.ts";
import type { SnapshotData, TrendState, TrendTotals } from "./model.ts";

/** The trend part of a view. */
export interface TrendView {
  /** Intervals of the visible queues, keyed `"<queueId>|<start>"`. */
  trend: Record<string, TrendState>;
  /** Totals over the visible queues, keyed by interval start, in time order. */
  trendTotals: Record<string, TrendTotals>;
}

/** The trend part of a delta; `null` = left the view. */
export interface TrendDelta {
  trend: Record<string, TrendState | null>;
  trendTotals: Record<string, TrendTotals | null>;
}

/**
 * The key of one queue's interval in `trend` maps.
 *
 * @example
 * ```ts
 * trendKey("q-1", "2026-11-27T09:30:00.000Z"); // "q-1|2026-11-27T09:30:00.000Z"
 * ```
 */
export function trendKey(queueId: string, start: string): string {
  return `${queueId}|${start}`;
}

interface Sums {
  offered: number;
  answered: number;
  abandoned: number;
  slNumerator: number;
  slDenominator: number;
  handleSumMs: number;
  handleCount: number;
  answeredSumMs: number;
  answeredCount: number;
}

/**
 * The intervals of the queues in `visible` (null = all; the map of `data`
 * is then shared) and their totals per interval.
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
  const trend: Record<string, TrendState> = visible === null ? data.trend : {};
  const byStart = new Map<string, Sums>();
  for (const key of Object.keys(data.trend)) {
    const t = data.trend[key];
    if (visible !== null) {
      if (!visible.has(t.queueId)) continue;
      trend[key] = t;
    }
    let sums = byStart.get(t.start);
    if (sums === undefined) {
      sums = {
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
      byStart.set(t.start, sums);
    }
    sums.offered += t.offered;
    sums.answered += t.answered;
    sums.abandoned += t.abandoned;
    const s = data.trendSums[key];
    if (s !== undefined) {
      sums.slNumerator += s.slNumerator;
      sums.slDenominator += s.slDenominator;
      sums.handleSumMs += s.handleSumMs;
      sums.handleCount += s.handleCount;
      sums.answeredSumMs += s.answeredSumMs;
      sums.answeredCount += s.answeredCount;
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
 * entered or changed, `null` for those that left; only totals that changed.
 * `changed` (the trend ids of `diffSnapshots`) limits the comparison of
 * intervals held by both; null compares them all.
 */
export function trendDelta(
  prev: Partial<TrendView>,
  next: TrendView,
  changed: ReadonlySet<string> | null,
): TrendDelta {
  return {
    trend: entriesDelta(prev.trend ?? {}, next.trend, changed),
    trendTotals: entriesDelta(prev.trendTotals ?? {}, next.trendTotals, null),
  };
}

function entriesDelta<T extends object>(
  prev: Record<string, T>,
  next: Record<string, T>,
  changed: ReadonlySet<string> | null,
): Record<string, T | null> {
  const out: Record<string, T | null> = {};
  for (const key of Object.keys(prev)) {
    if (!Object.hasOwn(next, key)) out[key] = null;
  }
  for (const key of Object.keys(next)) {
    const after = next[key];
    if (!Object.hasOwn(prev, key)) {
      out[key] = after;
    } else if (changed === null || changed.has(key)) {
      if (!sameFields(prev[key], after)) out[key] = after;
    }
  }
  return out;
}

/** Equal flat objects (every field a primitive, same keys). */
function sameFields<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  for (const key of Object.keys(b) as (keyof T)[]) {
    if (a[key] !== b[key]) return false;
  }
  return true;
}
