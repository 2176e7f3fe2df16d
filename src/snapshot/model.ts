/**
 * The entities of the public contract (docs/protocol.md) and the snapshot that
 * carries them. Durations are milliseconds, times ISO-8601 UTC strings,
 * ratios 0..1; an unknown value is `null`.
 *
 * @module
 */

/** Routing status of an agent. */
export type RoutingStatus =
  | "OFF_QUEUE"
  | "IDLE"
  | "INTERACTING"
  | "NOT_RESPONDING"
  | "COMMUNICATING";

/** Conversation counts of one media type (or summed over all). */
export interface MediaCounts {
  waiting: number;
  interacting: number;
  alerting: number;
}

/** Agent counts of one queue. */
export interface QueueAgents {
  members: number;
  active: number;
  onQueue: number;
  offQueue: number;
  idle: number;
  interacting: number;
  communicating: number;
  notResponding: number;
}

/** "Today" performance of one queue (midnight to now in the configured zone). */
export interface QueueToday {
  /** ISO interval `start/end` the figures cover. */
  interval: string;
  offered: number;
  answered: number;
  abandoned: number;
  flowOut: number;
  serviceLevel: number | null;
  serviceLevelTarget: number | null;
  abandonRate: number | null;
  ahtMs: number | null;
  asaMs: number | null;
}

/**
 * Totals of one interval of today's trend over the queues a receiver may
 * see: counts are sums, ratios are ratios of sums.
 */
export interface TrendTotals {
  /** ISO start (UTC) of the interval, as Genesys bucketed it. */
  start: string;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  abandonRate: number | null;
  asaMs: number | null;
  ahtMs: number | null;
}

/**
 * One queue's figures in one 30-minute interval of today (a `trend`
 * entity, keyed `"<queueId>|<start>"`).
 */
export interface TrendState extends TrendTotals {
  queueId: string;
}

/** One queue's intervals of today, keyed by start ISO, in time order. */
export type QueueTrend = Record<string, TrendState>;

/** Severity of an alert. */
export type AlertSeverity = "warning" | "critical";

/** An alert raised by a threshold rule on one queue. */
export interface Alert {
  rule: string;
  severity: AlertSeverity;
  metric: string;
  value: number;
  threshold: number;
}

/** Live state of one queue (`QueueState` of docs/protocol.md). */
export interface QueueState extends MediaCounts {
  id: string;
  name: string;
  divisionId: string | null;
  oldestWaitingSince: string | null;
  oldestInteractingSince: string | null;
  byMedia: Record<string, MediaCounts>;
  agents: QueueAgents;
  today: QueueToday;
  alerts: Alert[];
}

/** Live state of one agent (`AgentState` of docs/protocol.md). */
export interface AgentState {
  id: string;
  name: string;
  routingStatus: RoutingStatus;
  routingStatusSince: string | null;
  presence: string;
  presenceSince: string | null;
  queueIds: string[];
}

/** Totals over the queues a receiver may see (`Totals` of docs/protocol.md). */
export interface Totals extends MediaCounts {
  oldestWaitingSince: string | null;
  agentsOnQueue: number;
  agentsIdle: number;
  agentsInteracting: number;
  agentsNotResponding: number;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  abandonRate: number | null;
  ahtMs: number | null;
  asaMs: number | null;
  occupancy: number | null;
}

/** Where the data comes from. */
export type Source = "genesys" | "simulator";

/**
 * How live state reaches the snapshot: pushed by Genesys notifications
 * (polling only reconciles), or polled.
 */
export type Ingest = "push" | "poll";

/**
 * The content of one poll, before it is versioned. Besides the public
 * entities it keeps the sums behind every ratio so that totals over any
 * subset of queues are exact ratios of sums.
 */
export interface SnapshotData {
  /** When Genesys answered (ISO). */
  fetchedAt: string;
  source: Source;
  /** How the live state came (set by the poller; absent in older snapshots). */
  ingest?: Ingest;
  queues: Record<string, QueueState>;
  agents: Record<string, AgentState>;
  /** Per queue: the numerators and denominators behind its ratios. */
  sums: Record<string, QueueSums>;
  /** Per queue: today's intervals (a nested kind). */
  trend: Record<string, QueueTrend>;
  /** Per queue and interval start: the sums behind the interval's ratios. */
  trendSums: Record<string, Record<string, QueueSums>>;
  /**
   * When each part was answered (set by the poller): a part whose call
   * failed keeps its last good value and its older time.
   */
  parts?: SnapshotParts;
}

/** Freshness of the three parts of a poll (never sent to screens). */
export interface SnapshotParts {
  observations: SnapshotPart;
  activity: SnapshotPart;
  aggregates: SnapshotPart;
}

/** When one part was answered. */
export interface SnapshotPart {
  /** ISO time of the answer in use (the oldest batch's for aggregates); null before the first. */
  fetchedAt: string | null;
  /** Queues Genesys answered only in part: id → ISO time of the oldest value kept. */
  incomplete?: Record<string, string>;
}

/** Numerators and denominators behind a queue's ratios (never sent to screens). */
export interface QueueSums {
  /** `oServiceLevel` numerator and denominator. */
  slNumerator: number;
  slDenominator: number;
  /** `tHandle` sum and count. */
  handleSumMs: number;
  handleCount: number;
  /** `tAnswered` sum and count. */
  answeredSumMs: number;
  answeredCount: number;
}

/**
 * The entity maps of a snapshot, by field name: each entity has its own KV
 * key, each version's delta and change set lists them per kind. A new map of
 * `SnapshotData` becomes an entity kind by being added here.
 */
export const ENTITY_KINDS = [
  "queues",
  "agents",
  "sums",
  "trend",
  "trendSums",
] as const satisfies readonly (keyof SnapshotData)[];

/** The name of one entity map of a snapshot. */
export type EntityKind = typeof ENTITY_KINDS[number];

/**
 * Kinds held per queue, then per interval start: thousands of intervals
 * would make every version copy and diff a flat map of that size, while
 * only a few queues change. Their entities (one KV key, one change id each)
 * are the intervals, with the id `"<queueId>|<start>"`.
 */
export type NestedKind = "trend" | "trendSums";

/** The nested kinds, as a set. */
export const NESTED_KINDS: ReadonlySet<string> = new Set<NestedKind>([
  "trend",
  "trendSums",
]);

/** An entity of one kind (a `QueueState` for `queues`, a `TrendState` for `trend`). */
export type EntityOf<K extends EntityKind> = K extends NestedKind
  ? SnapshotData[K][string][string]
  : SnapshotData[K][string];

/** What a snapshot holds besides its entity maps (`fetchedAt`, `source`). */
export type SnapshotMeta = Omit<SnapshotData, EntityKind>;

/** A committed, versioned snapshot as stored in KV. */
export interface Snapshot extends SnapshotData {
  /** Identifies the KV series; changes only when the series starts fresh. */
  epoch: string;
  /** Monotonic across restarts and leader changes. */
  version: number;
  /** When the snapshot was committed to KV (ISO). */
  committedAt: string;
}
