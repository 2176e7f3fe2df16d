/**
 * What one queue's aggregate groups (one per media type, each in 30-minute
 * buckets) add up to (private): the day, and each interval with data. The
 * metric facts (counts from `tAnswered.count` and `tAbandon.count`,
 * averages `sum / count`, `t*` in milliseconds) and their sources are in
 * docs/genesys.md.
 *
 * @module
 */

import type {
  AggregateDataContainer,
  AggregateMetric,
} from "../genesys/types.ts";
import { ratio, ratioMs } from "./kpis.ts";
import { isoOrNull } from "./_time.ts";
import type { QueueSums, QueueTrend } from "./model.ts";

/** Raw sums of one queue (or one interval of it) before the ratios are taken. */
export interface Raw extends QueueSums {
  offered: number;
  answered: number;
  abandoned: number;
  flowOut: number;
  /** `oServiceLevel.target` of the voice group, if any. */
  voiceTarget: number | null;
  /** `oServiceLevel.target` of the first group that had one. */
  firstTarget: number | null;
}

/** A queue's day and its intervals, from its groups. */
export interface QueueAggregates {
  day: Raw;
  /** Intervals with data by start, in time order. */
  trend: QueueTrend;
  /** The sums behind each interval's ratios, by start. */
  trendSums: Record<string, QueueSums>;
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

/**
 * Answers already read, by their queue's first group: a batch not refreshed
 * this poll hands in the same group objects, which are read once.
 */
const read = new WeakMap<
  AggregateDataContainer,
  { groups: AggregateDataContainer[]; value: QueueAggregates }
>();

/**
 * Sums `groups` (all of queue `queueId`) over media and buckets. Buckets
 * with the same start make one interval; a bucket whose interval cannot be
 * read counts for the day only. The same groups give the same object.
 * `starts` remembers each bucket interval's start across the queues of one
 * answer (they share the same few dozen intervals).
 */
export function queueAggregates(
  queueId: string,
  groups: AggregateDataContainer[],
  starts: Map<string, string | null> = new Map(),
): QueueAggregates {
  const known = groups.length > 0 ? read.get(groups[0]) : undefined;
  if (known && sameList(known.groups, groups)) return known.value;
  const day = emptyRaw();
  const buckets = new Map<string, Raw>();
  for (const group of groups) {
    const voice = VOICE_MEDIA.has(group.group.mediaType ?? "");
    for (const bucket of group.data ?? []) {
      let start = starts.get(bucket.interval);
      if (start === undefined) {
        start = bucketStart(bucket.interval);
        starts.set(bucket.interval, start);
      }
      let part = start === null ? undefined : buckets.get(start);
      if (start !== null && part === undefined) {
        part = emptyRaw();
        buckets.set(start, part);
      }
      for (const m of bucket.metrics ?? []) {
        addMetric(day, m, voice);
        if (part) addMetric(part, m, voice);
      }
    }
  }
  const value: QueueAggregates = { day, trend: {}, trendSums: {} };
  for (const start of [...buckets.keys()].sort()) {
    const raw = buckets.get(start)!;
    value.trend[start] = {
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
    value.trendSums[start] = sumsOf(raw);
  }
  if (groups.length > 0) read.set(groups[0], { groups, value });
  return value;
}

/** The numerators and denominators of `raw`. */
export function sumsOf(raw: Raw): QueueSums {
  return {
    slNumerator: raw.slNumerator,
    slDenominator: raw.slDenominator,
    handleSumMs: raw.handleSumMs,
    handleCount: raw.handleCount,
    answeredSumMs: raw.answeredSumMs,
    answeredCount: raw.answeredCount,
  };
}

/** An empty day: no groups answered. */
export function emptyAggregates(): QueueAggregates {
  return { day: emptyRaw(), trend: {}, trendSums: {} };
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The ISO start of a bucket's `start/end` interval, or null if unreadable. */
function bucketStart(interval: string | undefined): string | null {
  if (typeof interval !== "string") return null;
  const slash = interval.indexOf("/");
  return slash < 1 ? null : isoOrNull(interval.slice(0, slash));
}
