/**
 * Reading the messages of a notification WebSocket into typed events.
 * Every frame becomes exactly one or more events: a frame that is not a
 * notification envelope becomes an `invalid` event carrying the text, a
 * topic queuepulse does not read becomes `unknown` with its envelope, so
 * nothing is dropped silently.
 *
 * @module
 */

import { clip, isRecord, parseJson } from "./_json.ts";
import type {
  NotificationEnvelope,
  NotificationEvent,
  QueueObservationMetric,
} from "./notification_types.ts";

const QUEUE_TOPIC = /^v2\.analytics\.queues\.([^.]+)\.observations$/;
const USER_TOPIC = /^v2\.users\.([^.]+)\.(presence|routingStatus)$/;

/**
 * Parses one text frame received on `channelId` at `receivedAt` (epoch
 * ms) into its events: one per `data` entry for queue topics, one for
 * anything else.
 */
export function parseNotification(
  text: string,
  channelId: string,
  receivedAt: number,
): NotificationEvent[] {
  const base = { channelId, receivedAt };
  const value = parseJson(text);
  if (
    !isRecord(value) || typeof value.topicName !== "string" ||
    !("eventBody" in value)
  ) {
    return [{
      ...base,
      kind: "invalid",
      error: value === undefined
        ? "Cannot parse notification: not JSON"
        : "Cannot parse notification: not an envelope with topicName and eventBody",
      text: clip(text),
    }];
  }
  const envelope = value as unknown as NotificationEnvelope;
  const body = envelope.eventBody;
  const topicName = envelope.topicName;
  const unknown: NotificationEvent = { ...base, kind: "unknown", envelope };
  if (topicName === "channel.metadata") {
    const message = isRecord(body) ? body.message : undefined;
    if (message === "WebSocket Heartbeat") {
      return [{ ...base, kind: "heartbeat" }];
    }
    if (message === "pong") return [{ ...base, kind: "pong" }];
    return [unknown];
  }
  if (topicName === "v2.system.socket_closing") {
    const message = isRecord(body) && typeof body.message === "string"
      ? body.message
      : null;
    return [{ ...base, kind: "socketClosing", message }];
  }
  const queue = QUEUE_TOPIC.exec(topicName);
  if (queue && isRecord(body) && Array.isArray(body.data)) {
    return queueEvents(base, topicName, queue[1], body) ?? [unknown];
  }
  const user = USER_TOPIC.exec(topicName);
  if (user && isRecord(body)) {
    return [userEvent(base, topicName, user[1], user[2], body) ?? unknown];
  }
  return [unknown];
}

function queueEvents(
  base: { channelId: string; receivedAt: number },
  topicName: string,
  queueId: string,
  body: Record<string, unknown>,
): NotificationEvent[] | null {
  const group = isRecord(body.group) ? body.group : {};
  const mediaType = typeof group.mediaType === "string"
    ? group.mediaType
    : null;
  const events: NotificationEvent[] = [];
  for (const entry of body.data as unknown[]) {
    // One bad entry makes the whole message `unknown`: nothing half-read.
    if (!isRecord(entry) || typeof entry.interval !== "string") return null;
    if (!Array.isArray(entry.metrics)) return null;
    const [start, end] = entry.interval.split("/").map(Date.parse);
    if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
    const metrics = entry.metrics.filter((m): m is QueueObservationMetric =>
      isRecord(m) && typeof m.metric === "string" && isRecord(m.stats)
    );
    events.push({
      ...base,
      kind: start === end ? "queueObservation" : "queueAggregate",
      topicName,
      queueId,
      mediaType,
      interval: entry.interval,
      observedAt: end,
      metrics,
    });
  }
  return events;
}

function userEvent(
  base: { channelId: string; receivedAt: number },
  topicName: string,
  userId: string,
  part: string,
  body: Record<string, unknown>,
): NotificationEvent | null {
  if (part === "presence") {
    const definition = isRecord(body.presenceDefinition)
      ? body.presenceDefinition
      : {};
    if (typeof definition.systemPresence !== "string") return null;
    return {
      ...base,
      kind: "userPresence",
      topicName,
      userId,
      systemPresence: definition.systemPresence,
      presenceId: typeof definition.id === "string" ? definition.id : null,
      changedAt: time(body.modifiedDate),
    };
  }
  const routing = isRecord(body.routingStatus) ? body.routingStatus : {};
  if (typeof routing.status !== "string") return null;
  return {
    ...base,
    kind: "userRoutingStatus",
    topicName,
    userId,
    status: routing.status,
    changedAt: time(routing.startTime),
  };
}

function time(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
