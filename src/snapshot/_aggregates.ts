/**
 * "Today" figures of a queue, and its 30-minute trend, from a conversation
 * aggregate answer (private). The metric facts (counts from
 * `tAnswered.count` and `tAbandon.count`, averages `sum / count`, `t*` in
 * milliseconds, one bucket per interval) and their sources are in
 * docs/genesys.md.
 *
 * @module
 */

import type {
  AggregateMetric,
  ConversationAggregateQueryResponse,
  Queue,
} from "../genesys/types.ts";
import { ratio, ratioMs } from "./kpis.ts";
import { isoOrNull } from "./_time.ts";
import type { QueueSums, QueueToday, TrendState } from "./model.ts";

/** Raw sums of one queue (or one interval of it) before the ratios are taken. */
interface Raw extends QueueSums {
  offered: number;
  answered: number;
  abandoned: number;
  flowOut: number;
  /** `oServiceLevel.target` of the voice group, if any. */
  voiceTarget: number | null;
  /** `oServiceLevel.target` of the first group that had one. */
  firstTarget: number | null;
}

/** One interval of a queue's trend and the sums behind it. */
export interface TrendOf {
  state: TrendState;
  sums: QueueSums;
}

/** The today figures and the sums behind them, per queue. */
export interface TodayOf {
  today: QueueToday;
  sums: QueueSums;
  /** Today's intervals with data, in time order. */
  trend: TrendOf[];
}

const VOICE_MEDIA = new Set(["voice", "call"]);

function num(value: number | undefined): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function emptyRaw(): Raw {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    flowOut: 0,
    slNumerator: 0,
    slDenominator: 0,
    handleSumMs: 0,
    handleCount: 0,
    answeredSumMs: 0,
    answeredCount: 0,
    voiceTarget: null,
    firstTarget: null,
  };
}

function addMetric(raw: Raw, m: AggregateMetric, voice: boolean): void {
  const s = m.stats ?? {};
  switch (m.metric) {
    case "nOffered":
      raw.offered += num(s.count);
      break;
    case "tAnswered":
      raw.answered += num(s.count);
      raw.answeredCount += num(s.count);
      raw.answeredSumMs += num(s.sum);
      break;
    case "tAbandon":
      raw.abandoned += num(s.count);
      break;
    case "tFlowOut":
      raw.flowOut += num(s.count);
      break;
    case "tHandle":
      raw.handleCount += num(s.count);
      raw.handleSumMs += num(s.sum);
      break;
    case "oServiceLevel": {
      raw.slNumerator += num(s.numerator);
      raw.slDenominator += num(s.denominator);
      if (typeof s.target === "number" && Number.isFinite(s.target)) {
        if (voice && raw.voiceTarget === null) raw.voiceTarget = s.target;
        if (raw.firstTarget === null) raw.firstTarget = s.target;
      }
      break;
    }
  }
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
 * queue's interval is its entry of `intervals`, else `interval`. Buckets
 * with the same start (one per media type) make one trend interval; a
 * bucket whose interval cannot be read still counts for today.
 */
export function todayByQueue(
  aggregates: ConversationAggregateQueryResponse | null,
  queues: readonly Queue[],
  interval: string,
  intervals: Readonly<Record<string, string>> = {},
): Map<string, TodayOf> {
  const raws = new Map<string, { day: Raw; buckets: Map<string, Raw> }>();
  for (const q of queues) {
    raws.set(q.id, { day: emptyRaw(), buckets: new Map() });
  }
  for (const group of aggregates?.results ?? []) {
    const raw = raws.get(group.group?.queueId ?? "");
    if (!raw) continue;
    const voice = VOICE_MEDIA.has(group.group.mediaType ?? "");
    for (const bucket of group.data ?? []) {
      const start = bucketStart(bucket.interval);
      let part = start === null ? undefined : raw.buckets.get(start);
      if (start !== null && part === undefined) {
        part = emptyRaw();
        raw.buckets.set(start, part);
      }
      for (const m of bucket.metrics ?? []) {
        addMetric(raw.day, m, voice);
        if (part) addMetric(part, m, voice);
      }
    }
  }
  const out = new Map<string, TodayOf>();
  for (const q of queues) {
    const { day, buckets } = raws.get(q.id)!;
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
    const starts = [...buckets.keys()].sort();
    const trend = starts.map((start) =>
      trendOf(q.id, start, buckets.get(start)!)
    );
    out.set(q.id, { today, sums: sumsOf(day), trend });
  }
  return out;
}

function sumsOf(raw: Raw): QueueSums {
  return {
    slNumerator: raw.slNumerator,
    slDenominator: raw.slDenominator,
    handleSumMs: raw.handleSumMs,
    handleCount: raw.handleCount,
    answeredSumMs: raw.answeredSumMs,
    answeredCount: raw.answeredCount,
  };
}

function trendOf(queueId: string, start: string, raw: Raw): TrendOf {
  const state: TrendState = {
    queueId,
    start,
    offered: raw.offered,
    answered: raw.answered,
    abandoned: raw.abandoned,
    serviceLevel: ratio(raw.slNumerator, raw.slDenominator),
    abandonRate: ratio(raw.abandoned, raw.offered),
    asaMs: ratioMs(raw.answeredSumMs, raw.answeredCount),
    ahtMs: ratioMs(raw.handleSumMs, raw.handleCount),
  };
  return { state, sums: sumsOf(raw) };
}

/** The ISO start of a bucket's `start/end` interval, or null if unreadable. */
function bucketStart(interval: string | undefined): string | null {
  if (typeof interval !== "string") return null;
  const slash = interval.indexOf("/");
  return slash < 1 ? null : isoOrNull(interval.slice(0, slash));
}
