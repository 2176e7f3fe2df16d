/**
 * Wire types of the Genesys Notifications API (channels, subscriptions and
 * the messages of a channel's WebSocket), after the models of the Genesys
 * JS SDK (MyPureCloud/platform-client-sdk-javascript, `build/index.d.ts`:
 * `Channel`, `ChannelTopic`, `StatEventQueueTopicStatsNotification`,
 * `PresenceEventUserPresence`, `UserRoutingStatusUserRoutingStatus`,
 * `SystemMessageSystemMessage`), the socket the client opens, and the
 * events and health facts the client reports.
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

/** Fields every notification event has. */
export interface NotificationEventBase {
  /** The channel whose socket delivered it. */
  channelId: string;
  /** When it arrived, epoch ms of the client's clock. */
  receivedAt: number;
}

/** Fields of a queue message's events (one per `data` entry). */
export interface QueueStatsFields extends NotificationEventBase {
  topicName: string;
  queueId: string;
  /** The group's `mediaType`; null for the group of user metrics. */
  mediaType: string | null;
  interval: string;
  /** End of `interval`, epoch ms: when Genesys observed the values. */
  observedAt: number;
  metrics: QueueObservationMetric[];
}

/** Current observations of a queue group (interval `t/t`). */
export interface QueueObservationEvent extends QueueStatsFields {
  kind: "queueObservation";
}

/** 30-minute aggregates the same topic carries (interval of a bucket). */
export interface QueueAggregateEvent extends QueueStatsFields {
  kind: "queueAggregate";
}

/** A user's presence changed. */
export interface UserPresenceEvent extends NotificationEventBase {
  kind: "userPresence";
  topicName: string;
  userId: string;
  systemPresence: string;
  presenceId: string | null;
  /** `modifiedDate`, epoch ms. */
  changedAt: number | null;
}

/** A user's routing status changed. */
export interface UserRoutingStatusEvent extends NotificationEventBase {
  kind: "userRoutingStatus";
  topicName: string;
  userId: string;
  status: string;
  /** `routingStatus.startTime`, epoch ms. */
  changedAt: number | null;
}

/** `channel.metadata`: a heartbeat, or the answer to a ping. */
export interface ChannelMetadataEvent extends NotificationEventBase {
  kind: "heartbeat" | "pong";
}

/** `v2.system.socket_closing`: the socket closes soon. */
export interface SocketClosingEvent extends NotificationEventBase {
  kind: "socketClosing";
  message: string | null;
}

/** The socket closed (after it had opened). */
export interface SocketClosedEvent extends NotificationEventBase {
  kind: "closed";
  code: number;
  reason: string;
}

/** An envelope of a topic queuepulse does not read, kept whole. */
export interface UnknownNotificationEvent extends NotificationEventBase {
  kind: "unknown";
  envelope: NotificationEnvelope;
}

/** A frame that is not a notification envelope, kept as (clipped) text. */
export interface InvalidNotificationEvent extends NotificationEventBase {
  kind: "invalid";
  error: string;
  text: string;
}

/** One message (or one `data` entry of a message) of a notification socket. */
export type NotificationEvent =
  | QueueObservationEvent
  | QueueAggregateEvent
  | UserPresenceEvent
  | UserRoutingStatusEvent
  | ChannelMetadataEvent
  | SocketClosingEvent
  | SocketClosedEvent
  | UnknownNotificationEvent
  | InvalidNotificationEvent;

/** What a poller needs to know about one channel. */
export interface ChannelHealth {
  id: string;
  connectUri: string;
  /** Topics asked for on this channel. */
  topics: string[];
  /** Topics Genesys refused, with `rejectionReason` and `missingPermissions`. */
  rejected: ChannelTopic[];
  /** True while the socket is open. */
  open: boolean;
  /** When the channel expires, epoch ms (moved on by each resubscription). */
  expiresAt: number;
  openedAt: number | null;
  lastHeartbeatAt: number | null;
  /** The last frame of any kind. */
  lastMessageAt: number | null;
  closedAt: number | null;
  closeCode: number | null;
  closeReason: string | null;
}
