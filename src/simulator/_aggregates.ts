/**
 * `POST /api/v2/analytics/conversations/aggregates/query`. Each metric
 * counts in the bucket of the moment Genesys emits it: `nOffered` when the
 * conversation enters the queue; `tWait`, `tAnswered`, `tAbandon`,
 * `tShortAbandon`, `tFlowOut`, `oServiceLevel` and `nOverSla` when it
 * leaves the queue; `tTalk` and `tHeld` when talking ends; `tAcw` and
 * `tHandle` when handling (wrap-up included) ends. So "today so far" need
 * not satisfy offered = answered + abandoned + flow-out: conversations
 * still waiting are offered but not yet anything else.
 *
 * @module
 */

import type {
  AggregateDataContainer,
  AggregateMetric,
  ConversationAggregateQueryResponse,
  StatisticalSummary,
} from "../genesys/types.ts";
import { badRequest, iso } from "./_errors.ts";
import { collectPredicates } from "./_filter.ts";
import { parseMetricList } from "./_metric_list.ts";
import type { Org } from "./_org.ts";
import type { ConversationRecord } from "./_model.ts";
import type { DayRun } from "./_run.ts";
import { selectQueues } from "./_select.ts";
import { MEDIA, MEDIA_TYPES, SHORT_ABANDON_MS } from "./_traffic.ts";
import { bucketBounds, parseGranularity, parseInterval } from "./_interval.ts";
import { createZone, type Zone } from "../time_zone.ts";

/** Metrics the simulator computes (a subset of the Genesys metric enum). */
export const AGGREGATE_METRICS = [
  "nOffered",
  "nOverSla",
  "oServiceLevel",
  "tAbandon",
  "tAcw",
  "tAnswered",
  "tFlowOut",
  "tHandle",
  "tHeld",
  "tShortAbandon",
  "tTalk",
  "tWait",
] as const;

const GROUP_BY = ["queueId", "mediaType"];
const MAX_BUCKETS = 1000;

interface Stat {
  count: number;
  sum: number;
  min: number;
  max: number;
}

interface Acc {
  target: number;
  offered: number;
  slMet: number;
  t: Record<string, Stat>;
}

/** Answers an aggregate query from the run's records, as of `run.now`. */
export function aggregateQuery(
  body: Record<string, unknown>,
  org: Org,
  run: DayRun,
): ConversationAggregateQueryResponse {
  const { start, end } = parseInterval(body.interval);
  const zone = zoneOf(body.timeZone);
  const bounds = body.granularity === undefined ? [start, end] : bucketBounds(
    start,
    end,
    parseGranularity(body.granularity),
    zone,
    MAX_BUCKETS,
  );
  const byQueue = parseGroupBy(body.groupBy).includes("queueId");
  const predicates = collectPredicates(body.filter, GROUP_BY);
  const metrics = parseMetricList(
    body.metrics,
    AGGREGATE_METRICS,
    "metrics",
    true,
  );
  const queues = selectQueues(org, predicates.get("queueId"));
  const queueSet = new Set(queues.map((q) => q.index));
  const mediaSet = predicates.has("mediaType")
    ? new Set(predicates.get("mediaType"))
    : null;

  const groups = new Map<string, Map<number, Acc>>();
  /** The accumulator of `r`'s group for the moment `at`, or null outside. */
  function acc(r: ConversationRecord, at: number): Acc | null {
    if (at < start || at >= end || at > run.now) return null;
    const key = byQueue ? `${r.queue}/${r.media}` : r.media;
    let buckets = groups.get(key);
    if (!buckets) groups.set(key, buckets = new Map());
    const bucket = bucketOf(bounds, at);
    let a = buckets.get(bucket);
    if (!a) {
      const setting = org.queues[r.queue].settings[MEDIA[r.media].setting];
      a = { target: setting.percentage, offered: 0, slMet: 0, t: {} };
      buckets.set(bucket, a);
    }
    return a;
  }
  for (const r of run.records) {
    if (!queueSet.has(r.queue) || (mediaSet && !mediaSet.has(r.media))) {
      continue;
    }
    const offered = acc(r, r.offeredAt);
    if (offered) offered.offered++;
    const left = r.outcome === null ? null : acc(r, r.at);
    if (left) addOutcome(left, r);
    const talked = r.talkEndAt < 0 ? null : acc(r, r.talkEndAt);
    if (talked) addTalk(talked, r);
    const handled = r.handledAt < 0 ? null : acc(r, r.handledAt);
    if (handled) addHandle(handled, r);
  }

  const results: AggregateDataContainer[] = [];
  const order = byQueue
    ? queues.flatMap((q) => q.media.map((m) => [`${q.index}/${m}`, q.id, m]))
    : MEDIA_TYPES.map((m) => [m, null, m]);
  for (const [key, queueId, mediaType] of order) {
    const buckets = groups.get(key!);
    if (!buckets) continue;
    const data = [...buckets.keys()].sort((a, b) => a - b).map((b) => ({
      interval: `${iso(bounds[b])}/${iso(bounds[b + 1])}`,
      metrics: metricsOf(buckets.get(b)!, metrics),
    })).filter((d) => d.metrics.length > 0);
    if (data.length === 0) continue;
    const group = queueId === null
      ? { mediaType: mediaType! }
      : { mediaType: mediaType!, queueId };
    results.push({ group, data });
  }
  return results.length ? { results } : {};
}

/** Index of the bucket of `bounds` that holds `at` (start <= at < end). */
function bucketOf(bounds: readonly number[], at: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid] <= at) lo = mid;
    else hi = mid;
  }
  return lo;
}

function zoneOf(name: unknown): Zone {
  if (name === undefined) return createZone("UTC");
  if (typeof name !== "string") {
    throw badRequest(
      `Cannot parse timeZone: unknown time zone ${JSON.stringify(name)}`,
    );
  }
  try {
    return createZone(name, "parse timeZone");
  } catch (error) {
    if (error instanceof RangeError) throw badRequest(error.message);
    throw error;
  }
}

function parseGroupBy(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw badRequest("Cannot parse groupBy: expected an array of dimensions");
  }
  for (const d of value) {
    if (typeof d !== "string" || !GROUP_BY.includes(d)) {
      throw badRequest(
        `Cannot parse groupBy: unsupported dimension ${
          JSON.stringify(d)
        } (expected queueId, mediaType)`,
      );
    }
  }
  return value as string[];
}

function add(a: Acc, metric: string, value: number): void {
  const s = a.t[metric];
  if (!s) {
    a.t[metric] = { count: 1, sum: value, min: value, max: value };
    return;
  }
  s.count++;
  s.sum += value;
  if (value < s.min) s.min = value;
  if (value > s.max) s.max = value;
}

function addOutcome(a: Acc, r: ConversationRecord): void {
  add(a, "tWait", r.waitMs);
  if (r.outcome === "answered") {
    add(a, "tAnswered", r.waitMs);
    if (r.slMet) a.slMet++;
  } else if (r.outcome === "abandoned") {
    add(a, "tAbandon", r.waitMs);
    if (r.waitMs < SHORT_ABANDON_MS) add(a, "tShortAbandon", r.waitMs);
  } else {
    add(a, "tFlowOut", r.waitMs);
  }
}

function addTalk(a: Acc, r: ConversationRecord): void {
  add(a, "tTalk", r.talkMs);
  if (r.holdMs > 0) add(a, "tHeld", r.holdMs);
}

function addHandle(a: Acc, r: ConversationRecord): void {
  add(a, "tHandle", r.talkMs + r.holdMs + r.acwMs);
  add(a, "tAcw", r.acwMs);
}

function metricsOf(a: Acc, metrics: readonly string[]): AggregateMetric[] {
  const out: AggregateMetric[] = [];
  const answered = a.t.tAnswered?.count ?? 0;
  const denominator = answered + (a.t.tAbandon?.count ?? 0);
  for (const metric of metrics) {
    let stats: StatisticalSummary | null = null;
    if (metric === "nOffered") {
      if (a.offered > 0) stats = { count: a.offered };
    } else if (metric === "nOverSla") {
      if (answered - a.slMet > 0) stats = { count: answered - a.slMet };
    } else if (metric === "oServiceLevel") {
      if (denominator > 0) {
        stats = {
          ratio: a.slMet / denominator,
          numerator: a.slMet,
          denominator,
          target: a.target,
        };
      }
    } else {
      const s = a.t[metric];
      if (s) stats = { max: s.max, min: s.min, count: s.count, sum: s.sum };
    }
    if (stats) out.push({ metric, stats });
  }
  return out;
}
