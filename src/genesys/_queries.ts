/**
 * Request bodies of the analytics queries and the batching of queue ids
 * (models `QueueObservationQuery`, `ConversationAggregationQuery` and
 * `RoutingActivityQuery` of the Genesys SDKs).
 *
 * @module
 */

import type {
  ConversationAggregationQuery,
  ObservationMetric,
  QueryFilter,
  QueueObservationQuery,
  RoutingActivityQuery,
} from "./types.ts";

/**
 * Most queue or user ids one call carries: the queueId predicates of an
 * observation, aggregate or routing activity query, the `id`s (and
 * `pageSize`) of a users lookup. Documented only for the sibling user
 * aggregate query, "no more than 100 userId predicates"
 * (https://developer.genesys.cloud/analyticsdatamanagement/analytics/aggregate/user-query);
 * see docs/genesys.md.
 */
export const IDS_PER_CALL = 100;

/** Observation metrics queuepulse asks for. */
export const OBSERVATION_METRICS: readonly ObservationMetric[] = [
  "oWaiting",
  "oInteracting",
  "oAlerting",
  "oLongestWaiting",
  "oLongestInteracting",
  "oUserRoutingStatuses",
  "oOnQueueUsers",
  "oOffQueueUsers",
  "oActiveUsers",
  "oMemberUsers",
];

/** "Today" aggregate metrics queuepulse asks for. */
export const AGGREGATE_METRICS: readonly string[] = [
  "nOffered",
  "tAnswered",
  "tAbandon",
  "tFlowOut",
  "tHandle",
  "tWait",
  "tAcw",
  "tTalk",
  "nOverSla",
  "oServiceLevel",
];

/**
 * Bucket length of the "today" aggregates (ISO-8601 period): one `data[]`
 * entry per 30 minutes with data, the intraday trend, in the same call.
 */
export const AGGREGATE_GRANULARITY = "PT30M";

/** Splits `ids` (duplicates dropped, order kept) into batches of at most `size`. */
export function batches(
  ids: readonly string[],
  size = IDS_PER_CALL,
): string[][] {
  const unique = [...new Set(ids)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += size) {
    out.push(unique.slice(i, i + size));
  }
  return out;
}

/** `{type: "or", predicates: [queueId matches id, …]}`. */
export function queueIdFilter(queueIds: readonly string[]): QueryFilter {
  return {
    type: "or",
    predicates: queueIds.map((id) => ({
      type: "dimension",
      dimension: "queueId",
      operator: "matches",
      value: id,
    })),
  };
}

/** Body of the queue observation query for one batch. */
export function observationQuery(
  queueIds: readonly string[],
): QueueObservationQuery {
  return { filter: queueIdFilter(queueIds), metrics: [...OBSERVATION_METRICS] };
}

/**
 * Body of the "today" conversation aggregate query for one batch, in
 * `AGGREGATE_GRANULARITY` buckets.
 */
export function aggregateQuery(
  queueIds: readonly string[],
  interval: string,
  timeZone: string,
): ConversationAggregationQuery {
  return {
    interval,
    granularity: AGGREGATE_GRANULARITY,
    timeZone,
    groupBy: ["queueId", "mediaType"],
    filter: queueIdFilter(queueIds),
    metrics: [...AGGREGATE_METRICS],
  };
}

/** Body of the routing activity query for one batch. */
export function activityQuery(
  queueIds: readonly string[],
): RoutingActivityQuery {
  return {
    metrics: [
      { metric: "oUserRoutingStatuses", details: true },
      { metric: "oUserPresences", details: true },
    ],
    groupBy: ["queueId"],
    filter: queueIdFilter(queueIds),
    order: "asc",
  };
}
