/**
 * Wire types of the Genesys Cloud Platform API endpoints queuepulse uses, and
 * the client interface the poller depends on.
 *
 * Field names follow the models of the Genesys SDKs
 * (MyPureCloud/platform-client-sdk-javascript, `build/index.d.ts`). Only the
 * fields queuepulse reads or the simulator writes are typed; Genesys sends
 * more.
 *
 * @module
 */

/** OAuth client-credentials token answer of `POST /oauth/token`. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}

/** OAuth error body of the login service (`invalid_client` and friends). */
export interface OAuthErrorBody {
  error: string;
  description?: string;
  error_description?: string;
}

/** Platform API error body (`ErrorBody` model). */
export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  contextId?: string;
  details?: unknown[];
  errors?: unknown[];
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  /** Which limit a 429 hit (optional, added by Genesys in 2023). */
  limit?: RateLimitInfo;
}

/** The `limit` object of an `ErrorBody`: the limit a request ran into. */
export interface RateLimitInfo {
  /** e.g. `client.credentials.token.rate.per.minute`. */
  key: string;
  /** e.g. `platform.api`, `analytics`, `analytics.realtime`. */
  namespace: string;
  /** The limit's allowance, e.g. 300 (requests per minute). */
  value: number;
}

/** A division reference as embedded in queues and users. */
export interface DivisionRef {
  id: string;
  name?: string;
  selfUri?: string;
}

/** Service-level setting of one media type of a queue. */
export interface ServiceLevel {
  /** Target ratio, 0..1. */
  percentage: number;
  durationMs: number;
}

/** Per-media settings of a queue (`call`, `chat`, `email`, `message`, `callback`). */
export interface MediaSetting {
  alertingTimeoutSeconds?: number;
  serviceLevel?: ServiceLevel;
}

/** `Queue` model (fields of interest). */
export interface Queue {
  id: string;
  name: string;
  division?: DivisionRef;
  memberCount?: number;
  userMemberCount?: number;
  joinedMemberCount?: number;
  mediaSettings?: Record<string, MediaSetting>;
  selfUri?: string;
}

/** A paged entity listing (`QueueEntityListing`, `UserEntityListing`). */
export interface EntityListing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total?: number;
  pageCount?: number;
  firstUri?: string;
  selfUri?: string;
  nextUri?: string;
  previousUri?: string;
  lastUri?: string;
}

/** Queue observation metric names (`QueueObservationQuery.metrics` enum). */
export type ObservationMetric =
  | "oActiveUsers"
  | "oAlerting"
  | "oInteracting"
  | "oLongestInteracting"
  | "oLongestWaiting"
  | "oMemberUsers"
  | "oOffQueueUsers"
  | "oOnQueueUsers"
  | "oUserPresences"
  | "oUserRoutingStatuses"
  | "oWaiting";

/** A filter predicate of analytics queries. */
export interface QueryPredicate {
  type?: string;
  dimension?: string;
  operator?: string;
  value?: string;
}

/** A filter clause of analytics queries. */
export interface QueryClause {
  type: string;
  predicates: QueryPredicate[];
}

/** A filter of analytics queries (up to two levels of nesting). */
export interface QueryFilter {
  type: string;
  clauses?: QueryClause[];
  predicates?: QueryPredicate[];
}

/** Body of `POST /api/v2/analytics/queues/observations/query`. */
export interface QueueObservationQuery {
  filter: QueryFilter;
  metrics: string[];
  detailMetrics?: string[];
}

/** `StatisticalSummary` model; every field optional. */
export interface StatisticalSummary {
  max?: number;
  min?: number;
  count?: number;
  sum?: number;
  current?: number;
  ratio?: number;
  numerator?: number;
  denominator?: number;
  target?: number;
  calculatedMetricValue?: number;
}

/** `ObservationValue` model (fields of interest). */
export interface ObservationValue {
  observationDate: string;
  conversationId?: string;
  sessionId?: string;
  routingPriority?: number;
  participantName?: string;
  userId?: string;
  direction?: string;
}

/** `ObservationMetricData` model. */
export interface ObservationMetricData {
  metric: string;
  qualifier?: string;
  stats: StatisticalSummary;
  truncated?: boolean;
  observations?: ObservationValue[];
}

/** One group of an observation answer: `{queueId}` or `{queueId, mediaType}`. */
export interface QueueObservationDataContainer {
  group: {
    queueId?: string;
    mediaType?: string;
    [dimension: string]: string | undefined;
  };
  data: ObservationMetricData[];
}

/** Answer of `POST /api/v2/analytics/queues/observations/query`. */
export interface QueueObservationQueryResponse {
  systemToOrganizationMappings?: Record<string, string[]>;
  results: QueueObservationDataContainer[];
}

/** Body of `POST /api/v2/analytics/conversations/aggregates/query`. */
export interface ConversationAggregationQuery {
  interval: string;
  granularity?: string;
  timeZone?: string;
  groupBy?: string[];
  filter?: QueryFilter;
  metrics: string[];
}

/** One metric of an aggregate interval. */
export interface AggregateMetric {
  metric: string;
  qualifier?: string;
  stats: StatisticalSummary;
}

/** One interval bucket of an aggregate group. */
export interface AggregateInterval {
  interval: string;
  metrics: AggregateMetric[];
}

/** One group of an aggregate answer. */
export interface AggregateDataContainer {
  group: {
    queueId?: string;
    mediaType?: string;
    [dimension: string]: string | undefined;
  };
  data: AggregateInterval[];
}

/** Answer of `POST /api/v2/analytics/conversations/aggregates/query`. */
export interface ConversationAggregateQueryResponse {
  results?: AggregateDataContainer[];
}

/** A metric request of the routing activity query (`RoutingActivityQueryMetric`). */
export interface RoutingActivityQueryMetric {
  metric: string;
  details?: boolean;
}

/** Body of `POST /api/v2/analytics/routing/activity/query`. */
export interface RoutingActivityQuery {
  metrics: RoutingActivityQueryMetric[];
  groupBy: string[];
  filter?: QueryFilter;
  order?: "asc" | "desc" | "unordered";
}

/** `RoutingActivityMetricValue` model. */
export interface RoutingActivityMetricValue {
  metric: string;
  qualifier?: string;
  count: number;
  entityIds?: string[];
}

/** `RoutingActivityEntityData` model: one user's state in one queue. */
export interface RoutingActivityEntityData {
  activityDate?: string;
  userId: string;
  queueId?: string;
  queueMembershipStatus?: string;
  routingStatus?: string;
  routingStatusDate?: string;
  systemPresence?: string;
  organizationPresenceId?: string;
  presenceDate?: string;
  teamId?: string | null;
}

/** `RoutingActivityData` model: one group of the answer. */
export interface RoutingActivityData {
  group: { queueId?: string; [dimension: string]: string | undefined };
  data?: RoutingActivityMetricValue[];
  truncated?: boolean;
  entities?: RoutingActivityEntityData[];
}

/** Queues whose agent lists the client could not complete within its page budget. */
export interface RoutingActivityIncomplete {
  /** Queues still `truncated` after the last page fetched. */
  queueIds: string[];
  /** Pages the whole call fetched. */
  pagesFetched: number;
}

/** Answer of `POST /api/v2/analytics/routing/activity/query`. */
export interface RoutingActivityResponse {
  entityIdDimension?: string;
  results?: RoutingActivityData[];
  /**
   * Set by the client (not a Genesys field) when pages were left unfetched:
   * those queues' `entities` are partial and their groups stay `truncated`.
   */
  incomplete?: RoutingActivityIncomplete;
}

/** `User` model with `expand=presence,routingStatus` (fields of interest). */
export interface User {
  id: string;
  name: string;
  division?: DivisionRef;
  email?: string;
  state?: string;
  routingStatus?: { userId?: string; status: string; startTime?: string };
  presence?: {
    presenceDefinition?: { id: string; systemPresence: string };
    modifiedDate?: string;
  };
  selfUri?: string;
}

/**
 * What the last 429 said about the allowance. Genesys sends no rate-limit
 * headers since 2021; the only figure it reports is the optional `limit`
 * object of a 429 body, so this exists only once such a 429 arrived.
 */
export interface RateLimitState {
  /** The allowance that was used up: the 429 body's `limit.value`. */
  allowed: number;
  /** Requests counted when the 429 came: the whole allowance. */
  count: number;
  /** Requests left when the 429 came: 0. */
  remaining: number;
  /** Seconds the 429 asked to wait (`Retry-After`), 0 if it did not say. */
  resetSeconds: number;
  /** When the 429 arrived, epoch ms. */
  observedAt: number;
  /** `limit.key` and `limit.namespace` of the 429 body. */
  key?: string;
  /** Limit namespace, e.g. `platform.api`. */
  namespace?: string;
}

/**
 * The Genesys calls queuepulse makes. `createGenesysClient` implements it on
 * an injected `fetch`; tests may implement it with fakes.
 */
export interface GenesysApi {
  /** All queues, every page of `GET /api/v2/routing/queues`. */
  listQueues(signal?: AbortSignal): Promise<Queue[]>;
  /**
   * Queue observations for the given queues, batched at most 100 queue ids a
   * call; the answers' `results` are concatenated.
   */
  queueObservations(
    queueIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<QueueObservationQueryResponse>;
  /**
   * "Today" conversation aggregates grouped by queue and media type over
   * `interval` (ISO `start/end`) in `timeZone`, one `data[]` bucket per
   * 30 minutes with data (the day's figures are the buckets' sums).
   */
  todayAggregates(
    queueIds: readonly string[],
    interval: string,
    timeZone: string,
    signal?: AbortSignal,
  ): Promise<ConversationAggregateQueryResponse>;
  /**
   * Routing activity (per-agent routing status and presence) of the queues,
   * every page merged; `incomplete` names queues left partial.
   */
  routingActivity(
    queueIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<RoutingActivityResponse>;
  /** Users by id with `expand=presence,routingStatus` (names for the agent board). */
  getUsers(userIds: readonly string[], signal?: AbortSignal): Promise<User[]>;
  /**
   * The allowance named by the last 429 that carried a `limit` object, or
   * null when none did. Plan from a configured allowance; this only says
   * what Genesys reported.
   */
  rateLimit(): RateLimitState | null;
}
