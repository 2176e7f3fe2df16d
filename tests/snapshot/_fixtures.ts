/**
 * Fixtures of the snapshot tests: verbatim Genesys examples from public
 * tutorials and community code, and small builders.
 *
 * @module
 */

import type {
  ConversationAggregateQueryResponse,
  Queue,
  QueueObservationQueryResponse,
} from "../../src/genesys/types.ts";
import type {
  AgentState,
  PollInput,
  QueueState,
  SnapshotData,
} from "../../src/snapshot/mod.ts";

/** Queue id of the tutorial examples. */
export const TUTORIAL_QUEUE = "1d1af111-b11c-11f1-b111-1cf1c11111fc";

/**
 * Verbatim: MyPureCloud/developercenter-tutorials
 * real-time-queue-observation-query/python/response.json.
 */
export function tutorialObservations(): QueueObservationQueryResponse {
  return JSON.parse(`{
    "results": [
    { "group": { "queueId": "1d1af111-b11c-11f1-b111-1cf1c11111fc" },
      "data": [
        { "metric": "oUserRoutingStatuses", "qualifier": "INTERACTING", "stats": { "count": 2 } },
        { "metric": "oUserRoutingStatuses", "qualifier": "IDLE", "stats": { "count": 1 } },
        { "metric": "oUserRoutingStatuses", "qualifier": "OFF_QUEUE", "stats": { "count": 3 } }
      ] },
    { "group": { "queueId": "1d1af111-b11c-11f1-b111-1cf1c11111fc", "mediaType": "voice" },
      "data": [
        { "metric": "oInteracting", "stats": { "count": 1 }, "truncated": false,
          "observations": [
            { "observationDate": "2020-08-03T04:28:15.134Z",
              "conversationId": "111eb1ec-c111-11d1-bbb1-1f1b1c111da1",
              "sessionId": "1df11a1d-1d1c-110e-bd11-1caf1fb111fb",
              "routingPriority": 0, "participantName": "Makati, Philippines",
              "userId": "be11a111-1ff1-1a11-111f-11cb1a11da1e",
              "direction": "inbound", "ani": "tel:+63299999000", "dnis": "tel:+16149999000" }
          ] }
      ] },
    { "group": { "queueId": "1d1af111-b11c-11f1-b111-1cf1c11111fc", "mediaType": "chat" },
      "data": [
        { "metric": "oInteracting", "stats": { "count": 1 }, "truncated": false,
          "observations": [
            { "observationDate": "2020-08-03T04:27:36.780Z",
              "conversationId": "cb111111-1111-11cb-b11c-1f11111b1c1e",
              "sessionId": "1fb111d1-111c-1da1-aa1e-fe1111e11d1e",
              "routingPriority": 2, "participantName": "Juan Dela Cruz",
              "userId": "da11acf1-0110-11d1-1111-ddf111111a11", "direction": "inbound" }
          ] }
      ] },
    { "group": { "queueId": "1d1af111-b11c-11f1-b111-1cf1c11111fc", "mediaType": "message" },
      "data": [ { "metric": "oInteracting", "stats": { "count": 0 } } ] },
    { "group": { "queueId": "1d1af111-b11c-11f1-b111-1cf1c11111fc", "mediaType": "email" },
      "data": [ { "metric": "oInteracting", "stats": { "count": 0 } } ] },
    { "group": { "queueId": "1d1af111-b11c-11f1-b111-1cf1c11111fc", "mediaType": "callback" },
      "data": [ { "metric": "oInteracting", "stats": { "count": 0 } } ] }
    ]
  }`);
}

/**
 * An aggregate group pasted as mock data in public community code (values
 * captured from a real org), verbatim.
 */
export function capturedAggregates(
  queueId = "05f1c285-6777-4ccc-806f-8db085ae0793",
): ConversationAggregateQueryResponse {
  return {
    results: [{
      group: { mediaType: "voice", queueId },
      data: [{
        interval: "2025-01-25T21:00:00.000Z/2025-02-01T21:00:00.000Z",
        metrics: [
          { metric: "nOffered", stats: { count: 877 } },
          { metric: "nOverSla", stats: { count: 373 } },
          {
            metric: "tAbandon",
            stats: { max: 219470, min: 94, count: 83, sum: 5750770 },
          },
          {
            metric: "tAcw",
            stats: { max: 65223, min: 1018, count: 816, sum: 13049044 },
          },
          {
            metric: "tAnswered",
            stats: { max: 451577, min: 2324, count: 787, sum: 40279740 },
          },
          {
            metric: "tFlowOut",
            stats: { max: 216768, min: 213423, count: 7, sum: 1505756 },
          },
          {
            metric: "tHandle",
            stats: { max: 1040810, min: 5211, count: 817, sum: 131580101 },
          },
          {
            metric: "oServiceLevel",
            stats: {
              ratio: 0.47586206896551725,
              numerator: 414,
              denominator: 870,
              target: 0.8,
            },
          },
          {
            metric: "tWait",
            stats: { max: 451577, min: 94, count: 877, sum: 47536266 },
          },
          {
            metric: "tShortAbandon",
            stats: { max: 5658, min: 94, count: 7, sum: 15442 },
          },
        ],
      }],
    }],
  };
}

/** A directory queue. */
export function queue(id: string, extra: Partial<Queue> = {}): Queue {
  return { id, name: `Queue ${id}`, ...extra };
}

/** An empty poll over `queues`. */
export function emptyInput(queues: Queue[]): PollInput {
  return {
    queues,
    observations: { results: [] },
    aggregates: null,
    aggregateInterval: null,
    activity: { results: [] },
    users: {},
  };
}

/** Snapshot data of the given queues and agents with zero sums. */
export function snapshotData(
  queues: QueueState[],
  agents: AgentState[] = [],
): SnapshotData {
  const data: SnapshotData = {
    fetchedAt: "2026-11-27T10:00:00.000Z",
    source: "simulator",
    queues: {},
    agents: {},
    sums: {},
    trend: {},
    trendSums: {},
  };
  for (const q of queues) {
    data.queues[q.id] = q;
    data.sums[q.id] = {
      slNumerator: 0,
      slDenominator: 0,
      handleSumMs: 0,
      handleCount: 0,
      answeredSumMs: 0,
      answeredCount: 0,
    };
  }
  for (const a of agents) data.agents[a.id] = a;
  return data;
}
