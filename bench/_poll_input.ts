/**
 * Renders a synthetic org (`_synthetic.ts`) as one poll's Genesys answers:
 * observations, "today" aggregates, routing activity and users (shapes:
 * genesys-api.md §2–§5).
 *
 * @module
 */

import type {
  AggregateDataContainer,
  QueueObservationDataContainer,
  RoutingActivityData,
} from "../src/genesys/types.ts";
import type { PollInput } from "../src/snapshot/mod.ts";
import type { SyntheticOrg } from "./_synthetic.ts";

/** Renders the org as one poll's Genesys answers. */
export function pollInput(org: SyntheticOrg): PollInput {
  const iso = (ms: number) => new Date(ms).toISOString();
  const observations: QueueObservationDataContainer[] = [];
  const aggregates: AggregateDataContainer[] = [];
  const activity: RoutingActivityData[] = [];
  const agentsById = new Map(org.agents.map((a) => [a.user.id, a]));
  const day = org.aggregateInterval;
  for (const [i, q] of org.queues.entries()) {
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
    const offered = 100 + (i % 50);
    const abandoned = 5 + (i % 7);
    const answered = offered - abandoned - 2;
    aggregates.push({
      group: { queueId, mediaType: "voice" },
      data: [{
        interval: day,
        metrics: [
          { metric: "nOffered", stats: { count: offered } },
          {
            metric: "tAnswered",
            stats: { count: answered, sum: answered * 21_000 },
          },
          {
            metric: "tAbandon",
            stats: { count: abandoned, sum: abandoned * 40_000 },
          },
          { metric: "tFlowOut", stats: { count: 2, sum: 200_000 } },
          {
            metric: "tHandle",
            stats: { count: answered, sum: answered * 312_000 },
          },
          {
            metric: "oServiceLevel",
            stats: {
              ratio: 0.8,
              numerator: Math.round((answered + abandoned) * 0.8),
              denominator: answered + abandoned,
              target: 0.8,
            },
          },
        ],
      }],
    });
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
    aggregates: { results: aggregates },
    aggregateInterval: day,
    activity: { results: activity },
    users: Object.fromEntries(org.agents.map((a) => [a.user.id, a.user])),
  };
}
