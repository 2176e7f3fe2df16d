/**
 * Wire types of the Genesys Notifications API (channels, subscriptions and
 * the messages of a channel's WebSocket), after the models of the Genesys
 * JS SDK (MyPureCloud/platform-client-sdk-javascript, `build/index.d.ts`:
 * `Channel`, `ChannelTopic`, `StatEventQueueTopicStatsNotification`,
 * `PresenceEventUserPresence`, `UserRoutingStatusUserRoutingStatus`,
 * `SystemMessageSystemMessage`), and the socket the client opens.
 *
 * @module
 */

/** `Channel`: the answer of `POST /api/v2/notifications/channels`. */
export interface Channel {
  /** Where to open the WebSocket (`wss://streaming.…/channels/<id>`). */
  connectUri: string;
  id: string;
  /** ISO-8601 time the channel expires. */
  expires: string;
}

/** `ChannelTopic`: one subscription of a channel. */
export interface ChannelTopic {
  /** The topic, e.g. `v2.analytics.queues.<id>.observations`. */
  id: string;
  /** `Permitted` or `Rejected`. */
  state?: string;
  rejectionReason?: string;
  missingPermissions?: string[];
  selfUri?: string;
}

/** `ChannelTopicEntityListing`: answer of the subscription calls. */
export interface ChannelTopicEntityListing {
  entities: ChannelTopic[];
}

/** One message on a channel's WebSocket. */
export interface NotificationEnvelope<T = unknown> {
  topicName: string;
  /** `"2"` on topic events; absent on `channel.metadata`. */
  version?: string;
  eventBody: T;
  metadata?: { CorrelationId?: string; [key: string]: unknown };
}

/** `StatEventQueueTopicMetricStats`: one metric of an observation message. */
export interface QueueObservationMetric {
  metric: string;
  qualifier?: string;
  /** `count`, and for `oLongest*` `calculatedMetricValue`. */
  stats: Record<string, number>;
}

/** `StatEventQueueTopicIntervalMetrics`: an interval of an observation message. */
export interface QueueObservationInterval {
  /** `t/t` (one instant) for observations, a 30-minute bucket for aggregates. */
  interval: string;
  metrics: QueueObservationMetric[];
}

/**
 * `StatEventQueueTopicStatsNotification`: the body of
 * `v2.analytics.queues.{id}.observations`, one group per message.
 */
export interface QueueObservationNotification {
  group: { queueId?: string; mediaType?: string; [key: string]: unknown };
  data: QueueObservationInterval[];
}

/** `PresenceEventUserPresence`: the body of `v2.users.{id}.presence`. */
export interface UserPresenceNotification {
  source?: string;
  presenceDefinition?: { id?: string; systemPresence?: string };
  primary?: boolean;
  message?: string;
  modifiedDate?: string;
  futurePresenceDefinition?: { id?: string; systemPresence?: string };
}

/** `UserRoutingStatusUserRoutingStatus`: the body of `v2.users.{id}.routingStatus`. */
export interface UserRoutingStatusNotification {
  id?: string;
  routingStatus?: { status?: string; startTime?: string };
  errorInfo?: Record<string, unknown>;
}

/** `SystemMessageSystemMessage`: the body of `v2.system.*` messages. */
export interface SystemMessage {
  channelId?: string;
  systemTopicType?: string;
  correlationId?: string;
  organizationId?: string;
  userId?: string;
  oauthClientId?: string;
  reason?: string;
  message?: string;
  data?: Record<string, unknown>;
}

/**
 * The part of a WebSocket the notification client uses. `WebSocket` fits,
 * and so does the in-process simulator's `connect(url)`.
 */
export interface NotificationSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens a WebSocket to a channel's `connectUri`. */
export type SocketFactory = (url: string) => NotificationSocket;
