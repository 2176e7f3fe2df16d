/**
 * Every metric family queuepulse exposes: name, type, help and, for
 * histograms, the bucket bounds. One home for the names, which the
 * recorder, the exposition, the docs and the Grafana dashboard all use.
 * Base units (seconds, bytes, ratios 0–1); counters end in `_total`.
 *
 * @module
 */

/** A metric family's kind. */
export type FamilyType = "counter" | "gauge" | "histogram";

/** One metric family. */
export interface Family {
  name: string;
  type: FamilyType;
  help: string;
  /** Upper bounds of a histogram's buckets, in seconds, ascending. */
  buckets?: readonly number[];
}

/** Buckets of Genesys call and poll-cycle durations, seconds. */
const CALL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
/** Buckets of the commit → send latency, seconds. */
const FANOUT_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

function family(
  name: string,
  type: FamilyType,
  help: string,
  buckets?: readonly number[],
): Family {
  return buckets ? { name, type, help, buckets } : { name, type, help };
}

/**
 * Families recorded per isolate and shared through KV; each series carries
 * an `isolate` label.
 */
export const ISOLATE_FAMILIES = {
  connections: family(
    "queuepulse_connections",
    "gauge",
    "Open WebSocket and SSE connections.",
  ),
  websockets: family(
    "queuepulse_websockets",
    "gauge",
    "Open WebSocket connections.",
  ),
  sseStreams: family("queuepulse_sse_streams", "gauge", "Open SSE streams."),
  framesSent: family(
    "queuepulse_frames_sent_total",
    "counter",
    "Frames sent to clients.",
  ),
  bytesSent: family(
    "queuepulse_sent_bytes_total",
    "counter",
    "Bytes of frames sent to clients.",
  ),
  slowClosed: family(
    "queuepulse_slow_closed_total",
    "counter",
    "Connections closed because the client was too slow.",
  ),
  rateLimitClosed: family(
    "queuepulse_rate_limit_closed_total",
    "counter",
    "WebSockets closed (1008) for sending over their message rate.",
  ),
  resumed: family(
    "queuepulse_resumed_total",
    "counter",
    "Subscriptions resumed with a delta instead of a snapshot.",
  ),
  resumeMissed: family(
    "queuepulse_resume_missed_total",
    "counter",
    "Resume attempts answered with a full snapshot.",
  ),
  fanout: family(
    "queuepulse_fanout_latency_seconds",
    "histogram",
    "From a snapshot's commit to this isolate handing it to its last subscriber.",
    FANOUT_BUCKETS,
  ),
  leader: family(
    "queuepulse_poller_leader",
    "gauge",
    "1 while the isolate holds the lease and polls Genesys, else 0.",
  ),
  commits: family(
    "queuepulse_poller_commits_total",
    "counter",
    "Snapshots committed.",
  ),
  committedVersion: family(
    "queuepulse_poller_committed_version",
    "gauge",
    "Version of the last snapshot the isolate committed.",
  ),
  pollErrors: family(
    "queuepulse_poller_errors_total",
    "counter",
    "Failed calls, builds and commits of the poller, by part, HTTP status and Genesys error code.",
  ),
  rateLimited: family(
    "queuepulse_poller_rate_limited_total",
    "counter",
    "429 answers the poller received.",
  ),
  pollCycle: family(
    "queuepulse_poll_cycle_duration_seconds",
    "histogram",
    "Duration of committed poll steps (Genesys calls, build, KV commit); failed calls show in queuepulse_genesys_request_duration_seconds.",
    CALL_BUCKETS,
  ),
  pollInterval: family(
    "queuepulse_poller_interval_seconds",
    "gauge",
    "Planned observation poll interval (stretched by the rate budget).",
  ),
  aggregateInterval: family(
    "queuepulse_poller_aggregate_interval_seconds",
    "gauge",
    "Planned aggregate refresh interval (stretched by the rate budget).",
  ),
  genesysRequests: family(
    "queuepulse_genesys_requests_total",
    "counter",
    "Genesys API calls, by endpoint, HTTP status and Genesys error code.",
  ),
  genesysDuration: family(
    "queuepulse_genesys_request_duration_seconds",
    "histogram",
    "Duration of Genesys API calls until the answer's headers, by endpoint.",
    CALL_BUCKETS,
  ),
} as const;

/** Families the scraped isolate renders itself (deployment-wide values). */
export const DEPLOYMENT_FAMILIES = {
  isolates: family(
    "queuepulse_isolates",
    "gauge",
    "Isolates of this deployment that reported in the last minute.",
  ),
  rateLimit: family(
    "queuepulse_genesys_rate_limit_per_minute",
    "gauge",
    "Requests a minute the OAuth client may make (GENESYS_RATE_LIMIT_PER_MINUTE).",
  ),
  version: family(
    "queuepulse_snapshot_version",
    "gauge",
    "Version of the newest snapshot the scraped isolate holds.",
  ),
  age: family(
    "queuepulse_snapshot_age_seconds",
    "gauge",
    "Seconds since the newest snapshot was committed.",
  ),
  stale: family(
    "queuepulse_stale",
    "gauge",
    "1 when no successful poll happened for STALE_AFTER_MS, else 0.",
  ),
  queues: family(
    "queuepulse_queues",
    "gauge",
    "Queues in the newest snapshot.",
  ),
  plannedCalls: family(
    "queuepulse_poller_planned_calls_per_minute",
    "gauge",
    "Genesys calls per minute the leader's plan makes.",
  ),
  rateCeiling: family(
    "queuepulse_poller_rate_ceiling_calls_per_minute",
    "gauge",
    "The leader's own rate ceiling: 80% of the allowance, lower after 429s.",
  ),
  stretched: family(
    "queuepulse_poller_stretched",
    "gauge",
    "1 while the leader's intervals are stretched to fit the rate budget.",
  ),
  slow: family(
    "queuepulse_poller_slow",
    "gauge",
    "1 while polls are further apart than STALE_AFTER_MS can carry.",
  ),
  backoff: family(
    "queuepulse_poller_backoff_seconds",
    "gauge",
    "The wait in force: a 429's Retry-After or the probe interval, else 0.",
  ),
  incompleteQueues: family(
    "queuepulse_poller_incomplete_activity_queues",
    "gauge",
    "Queues whose agent list Genesys could not give in full.",
  ),
  forbidden: family(
    "queuepulse_poller_forbidden",
    "gauge",
    "1 for each poll part Genesys refuses with 403 missing.permissions.",
  ),
  ingestPush: family(
    "queuepulse_poller_ingest_push",
    "gauge",
    "1 while the leader is fed by Genesys notifications (push), 0 while it polls.",
  ),
} as const;

/** Per-queue families (labels `queue_id`, `queue_name`), behind METRICS_QUEUES. */
export const QUEUE_FAMILIES = {
  waiting: family(
    "queuepulse_queue_waiting",
    "gauge",
    "Conversations waiting in the queue.",
  ),
  oldestWait: family(
    "queuepulse_queue_oldest_wait_seconds",
    "gauge",
    "Wait of the queue's oldest waiting conversation (0 when none).",
  ),
  interacting: family(
    "queuepulse_queue_interacting",
    "gauge",
    "Conversations in progress with an agent.",
  ),
  agentsIdle: family(
    "queuepulse_queue_agents_idle",
    "gauge",
    "Agents on queue and idle.",
  ),
  agentsOnQueue: family(
    "queuepulse_queue_agents_on_queue",
    "gauge",
    "Agents on queue.",
  ),
  agentsNotResponding: family(
    "queuepulse_queue_agents_not_responding",
    "gauge",
    "Agents not responding to an offered conversation.",
  ),
  serviceLevel: family(
    "queuepulse_queue_service_level_ratio",
    "gauge",
    "Today's service level, 0 to 1 (no sample before the first answer).",
  ),
  abandonRate: family(
    "queuepulse_queue_abandon_ratio",
    "gauge",
    "Today's abandoned share of offered conversations, 0 to 1.",
  ),
  asa: family(
    "queuepulse_queue_asa_seconds",
    "gauge",
    "Today's average speed of answer.",
  ),
  aht: family(
    "queuepulse_queue_aht_seconds",
    "gauge",
    "Today's average handle time.",
  ),
} as const;

/** Every family, in exposition order. */
export const ALL_FAMILIES: readonly Family[] = [
  ...Object.values(DEPLOYMENT_FAMILIES),
  ...Object.values(ISOLATE_FAMILIES),
  ...Object.values(QUEUE_FAMILIES),
];
