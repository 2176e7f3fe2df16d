/**
 * "Today" figures of a queue from a conversation aggregate answer (private).
 * Metric facts: genesys-api.md §3.2–§3.3 (counts from `tAnswered.count` and
 * `tAbandon.count`, averages are `sum / count`, all `t*` in milliseconds).
 *
 * @module
 */

import type {
  AggregateMetric,
  ConversationAggregateQueryResponse,
  Queue,
} from "../genesys/types.ts";
import { ratio, ratioMs } from "./kpis.ts";
import type { QueueSums, QueueToday } from "./model.ts";

/** Raw sums of one queue before the ratios are taken. */
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

/** The today figures and the sums behind them, per queue. */
export interface TodayOf {
  today: QueueToday;
  sums: QueueSums;
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
 * Today's figures for every queue of `queues`: sums over media groups (and
 * interval buckets) of the aggregate answer; zeros and nulls when
 * `aggregates` is null. Ratios with a zero denominator are null. Each
 * queue's interval is its entry of `intervals`, else `interval`.
 */
export function todayByQueue(
  aggregates: ConversationAggregateQueryResponse | null,
  queues: readonly Queue[],
  interval: string,
  intervals: Readonly<Record<string, string>> = {},
): Map<string, TodayOf> {
  const raws = new Map<string, Raw>();
  for (const q of queues) raws.set(q.id, emptyRaw());
  for (const group of aggregates?.results ?? []) {
    const raw = raws.get(group.group?.queueId ?? "");
    if (!raw) continue;
    const voice = VOICE_MEDIA.has(group.group.mediaType ?? "");
    for (const bucket of group.data ?? []) {
      for (const m of bucket.metrics ?? []) addMetric(raw, m, voice);
    }
  }
  const out = new Map<string, TodayOf>();
  for (const q of queues) {
    const raw = raws.get(q.id)!;
    const sums: QueueSums = {
      slNumerator: raw.slNumerator,
      slDenominator: raw.slDenominator,
      handleSumMs: raw.handleSumMs,
      handleCount: raw.handleCount,
      answeredSumMs: raw.answeredSumMs,
      answeredCount: raw.answeredCount,
    };
    const today: QueueToday = {
      interval: Object.hasOwn(intervals, q.id) ? intervals[q.id] : interval,
      offered: raw.offered,
      answered: raw.answered,
      abandoned: raw.abandoned,
      flowOut: raw.flowOut,
      serviceLevel: ratio(raw.slNumerator, raw.slDenominator),
      serviceLevelTarget: raw.voiceTarget ?? raw.firstTarget ??
        configuredTarget(q),
      abandonRate: ratio(raw.abandoned, raw.offered),
      ahtMs: ratioMs(raw.handleSumMs, raw.handleCount),
      asaMs: ratioMs(raw.answeredSumMs, raw.answeredCount),
    };
    out.set(q.id, { today, sums });
  }
  return out;
}
