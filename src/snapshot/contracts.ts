/**
 * Signatures the snapshot room offers to the poller and the real-time room.
 * Implementations live beside this file and are exported from `mod.ts`.
 *
 * @module
 */

import type {
  ConversationAggregateQueryResponse,
  Queue,
  QueueObservationQueryResponse,
  RoutingActivityResponse,
  User,
} from "../genesys/types.ts";
import type {
  AgentState,
  EntityKind,
  QueueState,
  QueueTrend,
  Snapshot,
  SnapshotData,
  Source,
  Totals,
  TrendState,
  TrendTotals,
} from "./model.ts";

/** Everything one poll gathered from Genesys (or the simulator). */
export interface PollInput {
  /** The queue directory, already filtered by `GENESYS_QUEUES`. */
  queues: Queue[];
  observations: QueueObservationQueryResponse;
  /** Latest "today" aggregates, or null before the first answer. */
  aggregates: ConversationAggregateQueryResponse | null;
  /** The ISO interval the aggregates cover, or null. */
  aggregateInterval: string | null;
  /**
   * The ISO interval each queue's aggregates cover, by queue id, when queues
   * were refreshed in batches at different times; a queue missing here uses
   * `aggregateInterval`.
   */
  aggregateIntervals?: Record<string, string>;
  activity: RoutingActivityResponse;
  /** Users by id, for agent names. */
  users: Record<string, User>;
}

/** Options of `buildSnapshot`. */
export interface BuildOptions {
  source: Source;
  /** When Genesys answered, epoch ms (also "now" for duration-valued metrics). */
  fetchedAt: number;
  rules: AlertRule[];
  /**
   * The previous poll's data, if any: an `oldestWaitingMs` alert on the same
   * oldest conversation keeps the value it was raised with, so a ticking
   * wait clock does not turn every alerting queue into a change.
   */
  previous?: SnapshotData | null;
}

/** One threshold rule of `ALERT_RULES`. */
export interface AlertRule {
  /** Unique name, e.g. `waiting-critical`. */
  name: string;
  severity: "warning" | "critical";
  /**
   * What is measured: `waiting`, `alerting`, `interacting`,
   * `oldestWaitingMs`, `serviceLevel`, `abandonRate`, `agentsNotResponding`,
   * `agentsIdle`, `asaMs`, `ahtMs`.
   */
  metric: string;
  /** `gte` fires when value ≥ threshold, `lt` when value < threshold. */
  op: "gte" | "lt";
  /** A number, or `"target"` for the queue's service-level target. */
  threshold: number | "target";
  /** Limit the rule to these queue ids; omitted = all queues. */
  queues?: string[];
}

/**
 * The entities one receiver may see: queues in scope and filter, agents of
 * those queues (when asked for) with `queueIds` cut to visible queues,
 * totals over exactly those queues, and (when asked for) their trend.
 */
export interface View {
  queues: Record<string, QueueState>;
  agents?: Record<string, AgentState>;
  totals: Totals;
  /** Today's intervals of those queues (when asked for), per queue id. */
  trend?: Record<string, QueueTrend>;
  /** Totals per interval over those queues (with `trend`), by start. */
  trendTotals?: Record<string, TrendTotals>;
}

/** What changed from one view to the next; `null` = left the view. */
export interface ViewDelta {
  queues: Record<string, QueueState | null>;
  agents?: Record<string, AgentState | null>;
  totals: Totals;
  /** Intervals that entered, changed (or left: `null`), by trend key. */
  trend?: Record<string, TrendState | null>;
  /** Only the totals of intervals that changed. */
  trendTotals?: Record<string, TrendTotals | null>;
}

/**
 * Ids of the entities added, removed or changed between two snapshots, per
 * entity kind (computed once per version: by the leader when it commits).
 */
export type SnapshotChanges = { [K in EntityKind]: Set<string> };

/** One step of `SnapshotStore.watch`. */
export interface SnapshotUpdate {
  /** The newest committed snapshot. */
  snapshot: Snapshot;
  /**
   * What changed since the snapshot this watch yielded before; null for
   * the first one, after a reload from the entity keys, and on a new epoch.
   */
  changes: SnapshotChanges | null;
}

/**
 * The lease entry a snapshot write is fenced with: the write checks that the
 * entry still has this versionstamp, in the same atomic commit.
 */
export interface Fence {
  key: Deno.KvKey;
  versionstamp: string;
}

/** Versioned snapshot persistence in Deno KV. */
export interface SnapshotStore {
  /** The newest committed snapshot, or null when none exists. */
  latest(): Promise<Snapshot | null>;
  /**
   * Commits `data` as the next version, fenced by the lease. Resolves to the
   * committed snapshot, or null when the fence no longer holds (deposed).
   */
  commit(data: SnapshotData, fence: Fence): Promise<Snapshot | null>;
  /**
   * The newest snapshot at start, then every version as it is committed,
   * each with what changed since the one before (a consumer that falls far
   * behind gets versions merged); ends when `signal` aborts.
   */
  watch(signal: AbortSignal): AsyncIterable<SnapshotUpdate>;
  /**
   * Ids of the entities changed after version `from` up to and including
   * `to`, both in `epoch`; null when that range is no longer in the log.
   */
  changesSince(
    epoch: string,
    from: number,
    to: number,
  ): Promise<SnapshotChanges | null>;
}
