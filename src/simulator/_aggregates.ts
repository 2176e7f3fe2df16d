/**
 * `POST /api/v2/analytics/conversations/aggregates/query` (genesys-api.md
 * §3). Queue metrics (`nOffered`, `tAnswered`, `tAbandon`, `tFlowOut`,
 * `tWait`, `oServiceLevel`, …) count conversations that left the queue
 * inside the interval; handling metrics (`tHandle`, `tTalk`, `tHeld`,
 * `tAcw`) count conversations whose handling ended inside it. With that,
 * the §3.2 invariants hold exactly.
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
import { parseGranularity, parseInterval } from "./_interval.ts";

/** Metrics the simulator computes (a subset of the Genesys enum, §3.1). */
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

/** Answers an aggregate query from the run's records. */
export function aggregateQuery(
  body: Record<string, unknown>,
  org: Org,
  run: DayRun,
): ConversationAggregateQueryResponse {
  const { start, end } = parseInterval(body.interval);
  const step = body.granularity === undefined
    ? end - start
    : parseGranularity(body.granularity);
  if (Math.ceil((end - start) / step) > MAX_BUCKETS) {
    throw badRequest(
      `Cannot parse granularity: more than ${MAX_BUCKETS} intervals`,
    );
  }
  checkTimeZone(body.timeZone);
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
  function acc(r: ConversationRecord, at: number): Acc {
    const key = byQueue ? `${r.queue}/${r.media}` : r.media;
    let buckets = groups.get(key);
    if (!buckets) groups.set(key, buckets = new Map());
    const bucket = Math.floor((at - start) / step);
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
    if (r.at >= start && r.at < end) addOutcome(acc(r, r.at), r);
    if (r.handledAt >= start && r.handledAt < end) {
      addHandle(acc(r, r.handledAt), r);
    }
  }

  const results: AggregateDataContainer[] = [];
  const order = byQueue
    ? queues.flatMap((q) => q.media.map((m) => [`${q.index}/${m}`, q.id, m]))
    : MEDIA_TYPES.map((m) => [m, null, m]);
  for (const [key, queueId, mediaType] of order) {
    const buckets = groups.get(key!);
    if (!buckets) continue;
    const data = [...buckets.keys()].sort((a, b) => a - b).map((b) => {
      const from = start + b * step;
      return {
        interval: `${iso(from)}/${iso(Math.min(from + step, end))}`,
        metrics: metricsOf(buckets.get(b)!, metrics),
      };
    }).filter((d) => d.metrics.length > 0);
    if (data.length === 0) continue;
    const group = queueId === null
      ? { mediaType: mediaType! }
      : { mediaType: mediaType!, queueId };
    results.push({ group, data });
  }
  return results.length ? { results } : {};
}

function checkTimeZone(zone: unknown): void {
  if (zone === undefined) return;
  try {
    if (typeof zone !== "string") throw new TypeError("not a string");
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw badRequest(
      `Cannot parse timeZone: unknown time zone ${JSON.stringify(zone)}`,
    );
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
  a.offered++;
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

function addHandle(a: Acc, r: ConversationRecord): void {
  add(a, "tHandle", r.talkMs + r.holdMs + r.acwMs);
  add(a, "tTalk", r.talkMs);
  if (r.holdMs > 0) add(a, "tHeld", r.holdMs);
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
