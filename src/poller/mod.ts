/**
 * The poller room: one leader per deployment (KV lease + fencing token)
 * feeds the snapshot from Genesys: by push from the Notifications API when
 * `push` is given (polling as fallback and slow reconciler, commits
 * coalesced), else by polling alone; polls stay within a planned rate
 * budget (80 % of `GENESYS_RATE_LIMIT_PER_MINUTE`, lowered after 429s and
 * regained as calls succeed), a part that failed keeps its last good
 * value, and the leader publishes its health as a KV record any isolate
 * can read.
 *
 * @example
 * ```ts
 * const lease = createLease({ kv, owner: crypto.randomUUID(), clock });
 * const controller = new AbortController();
 * await runPoller({
 *   api, store, build: buildSnapshot, lease, kv, clock, log,
 *   signal: controller.signal, source: "genesys", staleAfterMs: 12_000,
 *   pollIntervalMs: 5000, aggregateIntervalMs: 30_000, timeZone: "Europe/Berlin",
 *   queueFilter: ["Sales*"],
 *   push: { notifications, reconcileIntervalMs: 60_000, commitMs: 250 },
 * });
 * ```
 *
 * @module
 */

export {
  createLease,
  DEFAULT_LEASE_KEY,
  DEFAULT_LEASE_TTL_MS,
  type Lease,
  type LeaseOptions,
  type LeaseValue,
} from "./lease.ts";
export {
  DEFAULT_RATE_LIMIT_WAIT_MS,
  type FailureKind,
  failureKind,
  FORBIDDEN_RECHECK_MS,
} from "./backoff.ts";
export {
  BUDGET_SHARE,
  type IntervalPlan,
  planIntervals,
  type PlanOptions,
  STALE_SHARE,
} from "./budget.ts";
export { localDateOf, todayInterval } from "./today.ts";
export {
  compileQueueFilter,
  filterQueues,
  type QueueRef,
} from "./queue_filter.ts";
export type { PollErrorEvent, PollEvent, PollPlanEvent } from "./events.ts";
export { DEFAULT_DIRECTORY_INTERVAL_MS } from "./budget.ts";
export { poll, type PollOptions, type PushFeed } from "./loop.ts";
export { runPoller, type RunPollerOptions } from "./run.ts";
export { type PollerSettings, readPollerSettings } from "./settings.ts";
export {
  followPollerStatus,
  type Freshness,
  freshnessOf,
  POLLER_STATUS_KEY,
  POLLER_STATUS_REREAD_MS,
  type PollerStatus,
  type PollerStatusFollower,
  type PollerStatusWatchOptions,
  type PollPart,
  type PushStatus,
  readPollerStatus,
  watchPollerStatus,
} from "./status.ts";
