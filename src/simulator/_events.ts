/**
 * Bodies and envelopes of the simulator's notification messages: queue
 * observations in the shape of `StatEventQueueTopicStatsNotification`
 * (one message per group, the groups and numbers of the observation query,
 * `interval` `t/t` with t the change stamp), user presence and routing
 * status bodies, heartbeats, pongs and `v2.system.socket_closing`.
 *
 * @module
 */

import type {
  NotificationEnvelope,
  QueueObservationMetric,
  QueueObservationNotification,
  SystemMessage,
  UserPresenceNotification,
  UserRoutingStatusNotification,
} from "../genesys/mod.ts";
import { iso } from "./_errors.ts";
import type { AgentLive } from "./_model.ts";
import { observationQuery } from "./_observations.ts";
import type { Org, QueueDef } from "./_org.ts";
import type { DayRun } from "./_run.ts";

/** Metrics of the queue observation topic. */
export const TOPIC_METRICS = [
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
  "oUserPresences",
];

/** One group of a queue's observations: `mediaType` "" is the user group. */
export interface QueueGroup {
  mediaType: string;
  group: QueueObservationNotification["group"];
  metrics: QueueObservationMetric[];
}

/** The current observation groups of `q`, as the observation query has them. */
export function queueGroups(org: Org, run: DayRun, q: QueueDef): QueueGroup[] {
  const answer = observationQuery(
    {
      filter: {
        type: "or",
        predicates: [{ dimension: "queueId", value: q.id }],
      },
      metrics: TOPIC_METRICS,
    },
    org,
    run,
  );
  return answer.results.map((r) => ({
    mediaType: r.group.mediaType ?? "",
    group: { ...r.group },
    metrics: r.data.map((d) => ({
      metric: d.metric,
      ...(d.qualifier === undefined ? {} : { qualifier: d.qualifier }),
      stats: { ...d.stats } as Record<string, number>,
    })),
  }));
}

/** A topic event envelope with a fresh correlation id. */
export function envelope<T>(
  topicName: string,
  eventBody: T,
): NotificationEnvelope<T> {
  return {
    topicName,
    version: "2",
    eventBody,
    metadata: { CorrelationId: crypto.randomUUID() },
  };
}

/** The observation message of one group, stamped `t/t`. */
export function observationBody(
  group: QueueGroup,
  stamp: number,
): QueueObservationNotification {
  const t = iso(stamp);
  return {
    group: group.group,
    data: [{ interval: `${t}/${t}`, metrics: group.metrics }],
  };
}

/** The `v2.users.{id}.presence` body of an agent. */
export function presenceBody(
  org: Org,
  agent: AgentLive,
): UserPresenceNotification {
  return {
    source: "PURECLOUD",
    presenceDefinition: {
      id: org.presenceIds[agent.presence],
      systemPresence: agent.presence,
    },
    primary: true,
    message: "",
    modifiedDate: iso(agent.presenceSince),
  };
}

/** The `v2.users.{id}.routingStatus` body of an agent. */
export function routingBody(agent: AgentLive): UserRoutingStatusNotification {
  return {
    id: agent.def.id,
    routingStatus: {
      status: agent.routing,
      startTime: iso(agent.routingSince),
    },
  };
}

/** A `channel.metadata` message (`WebSocket Heartbeat` or `pong`). */
export function metadataMessage(
  message: string,
): NotificationEnvelope<{ message: string }> {
  return { topicName: "channel.metadata", eventBody: { message } };
}

/** The `v2.system.socket_closing` warning sent before a channel's socket closes. */
export function socketClosing(
  channelId: string,
  message: string,
): NotificationEnvelope<SystemMessage> {
  const body = envelope<SystemMessage>("v2.system.socket_closing", {
    channelId,
    systemTopicType: "socket_closing",
    correlationId: "",
    message,
  });
  body.eventBody.correlationId = body.metadata!.CorrelationId;
  return body;
}
