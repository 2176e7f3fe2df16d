/**
 * "Today" figures of each queue, and its 30-minute trend, from a
 * conversation aggregate answer (private); the reading of each queue's
 * groups is in `_buckets.ts`.
 *
 * @module
 */

import type {
  AggregateDataContainer,
  ConversationAggregateQueryResponse,
  Queue,
} from "../genesys/types.ts";
import { ratio, ratioMs } from "./kpis.ts";
import { emptyAggregates, queueAggregates, sumsOf } from "./_buckets.ts";
import type { QueueSums, QueueToday, QueueTrend } from "./model.ts";

/** The today figures and the sums behind them, per queue. */
export interface TodayOf {
  today: QueueToday;
  sums: QueueSums;
  /** Today's intervals with data by start, in time order (maybe empty). */
  trend: QueueTrend;
  /** The sums behind each interval's ratios, by start. */
  trendSums: Record<string, QueueSums>;
}

/** Service-level target from the queue's media settings (voice = `call`). */
export function configuredTarget(queue: Queue): number | null {
  const settings = queue.mediaSettings ?? {};
  const call = settings.call?.serviceLevel?.percentage;
  if (typeof call === "number" && Number.isFinite(call)) return call;
  for (const media of Object.keys(settings)) {
    const pct = settings[media]?.serviceLevel?.percentage;
    if (typeof pct === "number" && Number.isFinite(pct)) return pct;
  }
  return null;
}

/**
 * Today's figures for every queue of `queues`: sums over media groups and
 * interval buckets of the aggregate answer; zeros and nulls when
 * `aggregates` is null. Ratios with a zero denominator are null. Each
 * queue's interval is its entry of `intervals`, else `interval`.
 */
export function todayByQueue(
  aggregates: ConversationAggregateQueryResponse | null,
  queues: readonly Queue[],
  interval: string,
  intervals: Readonly<Record<string, string>> = {},
): Map<string, TodayOf> {
  const groups = new Map<string, AggregateDataContainer[]>();
  for (const q of queues) groups.set(q.id, []);
  for (const group of aggregates?.results ?? []) {
    groups.get(group.group?.queueId ?? "")?.push(group);
  }
  const out = new Map<string, TodayOf>();
  const starts = new Map<string, string | null>();
  for (const q of queues) {
    const list = groups.get(q.id)!;
    const { day, trend, trendSums } = list.length > 0
      ? queueAggregates(q.id, list, starts)
      : emptyAggregates();
    const today: QueueToday = {
      interval: Object.hasOwn(intervals, q.id) ? intervals[q.id] : interval,
      offered: day.offered,
      answered: day.answered,
      abandoned: day.abandoned,
      flowOut: day.flowOut,
      serviceLevel: ratio(day.slNumerator, day.slDenominator),
      serviceLevelTarget: day.voiceTarget ?? day.firstTarget ??
        configuredTarget(q),
      abandonRate: ratio(day.abandoned, day.offered),
      ahtMs: ratioMs(day.handleSumMs, day.handleCount),
      asaMs: ratioMs(day.answeredSumMs, day.answeredCount),
    };
    out.set(q.id, { today, sums: sumsOf(day), trend, trendSums });
  }
  return out;
}
