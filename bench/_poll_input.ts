/**
 * Renders a synthetic org (`_synthetic.ts`) as one poll's Genesys answers:
 * observations, "today" aggregates in 30-minute buckets, routing activity and
 * users (shapes as docs/genesys.md describes them).
 *
 * @module
 */

import type {
  AggregateDataContainer,
  AggregateMetric,
  QueueObservationDataContainer,
  RoutingActivityData,
} from "../src/genesys/types.ts";
import type { PollInput } from "../src/snapshot/mod.ts";
import type { IntervalSim, QueueSim, SyntheticOrg } from "./_synthetic.ts";

const HALF_HOUR = 30 * 60_000;

/** The metrics of one bucket, as Genesys sends them. */
function bucketMetrics(b: IntervalSim): AggregateMetric[] {
  const answered = b.offered - b.abandoned - b.flowOut;
  const metrics: AggregateMetric[] = [
    { metric: "nOffered", stats: { count: b.offered } },
    {
      metric: "tAnswered",
      stats: { count: answered, sum: answered * 21_000 },
    },
    {
      metric: "tHandle",
      stats: { count: answered, sum: answered * 312_000 },
    },
    {
      metric: "oServiceLevel",
      stats: {
        ratio: (answered - 1) / (answered + b.abandoned),
        numerator: answered - 1,
        denominator: answered + b.abandoned,
        target: 0.8,
      },
    },
  ];
  if (b.abandoned > 0) {
    metrics.push({
      metric: "tAbandon",
      stats: { count: b.abandoned, sum: b.abandoned * 40_000 },
    });
  }
  if (b.flowOut > 0) {
    metrics.push({
      metric: "tFlowOut",
      stats: { count: b.flowOut, sum: b.flowOut * 100_000 },
    });
  }
  return metrics;
}

/**
 * The "today" group of queue `q` as Genesys answers it: one bucket per
 * 30-minute interval, or with `buckets` false one bucket for the whole day
 * (a query without `granularity`).
 */
export function aggregateGroup(
  org: SyntheticOrg,
  q: QueueSim,
  buckets = true,
): AggregateDataContainer {
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = org.aggregateInterval;
  const end = Date.parse(day.slice(day.indexOf("/") + 1));
  const group = { queueId: q.queue.id, mediaType: "voice" };
  if (!buckets) {
    const whole = { start: 0, offered: 0, abandoned: 0, flowOut: 0 };
    for (const b of q.intervals) {
      whole.offered += b.offered;
      whole.abandoned += b.abandoned;
      whole.flowOut += b.flowOut;
    }
    return { group, data: [{ interval: day, metrics: bucketMetrics(whole) }] };
  }
  return {
    group,
    data: q.intervals.map((b) => ({
      interval: `${iso(b.start)}/${iso(Math.min(b.start + HALF_HOUR, end))}`,
      metrics: bucketMetrics(b),
    })),
  };
}

/**
 * Renders the org as one poll's Genesys answers; `aggregates`, when given,
 * is the "today" answer to hand in instead of rendering every queue's.
 */
export function pollInput(
  org: SyntheticOrg,
  aggregates?: readonly AggregateDataContainer[],
): PollInput {
  const iso = (ms: number) => new Date(ms).toISOString();
  const observations: QueueObservationDataContainer[] = [];
  const groups: AggregateDataContainer[] = [];
  const activity: RoutingActivityData[] = [];
  const agentsById = new Map(org.agents.map((a) => [a.user.id, a]));
  const day = org.aggregateInterval;
  for (const q of org.queues) {
    const queueId = q.queue.id;
    const statusCounts = new Map<string, number>();
    let onQueue = 0;
    for (const id of q.members) {
      const a = agentsById.get(id)!;
      statusCounts.set(a.status, (statusCounts.get(a.status) ?? 0) + 1);
      if (a.presence === "ON_QUEUE") onQueue++;
    }
    observations.push({
      group: { queueId },
      data: [
        { metric: "oMemberUsers", stats: { count: q.members.length } },
        { metric: "oActiveUsers", stats: { count: q.members.length } },
        { metric: "oOnQueueUsers", stats: { count: onQueue } },
        {
          metric: "oOffQueueUsers",
          stats: { count: q.members.length - onQueue },
        },
        ...[...statusCounts].map(([qualifier, count]) => ({
          metric: "oUserRoutingStatuses",
          qualifier,
          stats: { count },
        })),
      ],
    });
    for (const [mediaType, m] of Object.entries(q.media)) {
      observations.push({
        group: { queueId, mediaType },
        data: [
          { metric: "oWaiting", stats: { count: m.waiting } },
          { metric: "oInteracting", stats: { count: m.interacting } },
          { metric: "oAlerting", stats: { count: m.alerting } },
          {
            metric: "oLongestWaiting",
            stats: m.waiting && q.oldestWaiting !== null
              ? { calculatedMetricValue: q.oldestWaiting }
              : {},
          },
        ],
      });
    }
    if (!aggregates) groups.push(aggregateGroup(org, q));
    activity.push({
      group: { queueId },
      entities: q.members.map((id) => {
        const a = agentsById.get(id)!;
        return {
          userId: id,
          queueId,
          activityDate: iso(Math.max(a.statusSince, a.presenceSince)),
          routingStatus: a.status,
          routingStatusDate: iso(a.statusSince),
          systemPresence: a.presence,
          presenceDate: iso(a.presenceSince),
        };
      }),
    });
  }
  return {
    queues: org.queues.map((q) => q.queue),
    observations: { results: observations },
    aggregates: { results: aggregates ? [...aggregates] : groups },
    aggregateInterval: day,
    activity: { results: activity },
    users: Object.fromEntries(org.agents.map((a) => [a.user.id, a.user])),
  };
}
