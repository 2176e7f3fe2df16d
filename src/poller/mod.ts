/**
 * The poller room: one leader per deployment (KV lease + fencing token)
 * polls Genesys on a rate-budget-aware, Retry-After-aware cadence and
 * commits each poll as a snapshot.
 *
 * @example
 * ```ts
 * const lease = createLease({ kv, owner: crypto.randomUUID(), clock });
 * const controller = new AbortController();
 * await runPoller({
 *   api, store, build: buildSnapshot, lease, clock, log,
 *   signal: controller.signal, source: "genesys",
 *   pollIntervalMs: 5000, aggregateIntervalMs: 30_000, timeZone: "Europe/Berlin",
 *   queueFilter: ["Sales*"],
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
  type BackoffOptions,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  fullJitterBackoff,
  isRetryable,
  retryDelay,
} from "./backoff.ts";
export {
  type IntervalPlan,
  planIntervals,
  type PlanOptions,
  QUEUES_PER_CALL,
  USERS_PER_CALL,
} from "./budget.ts";
export { localDateOf, todayInterval } from "./today.ts";
export {
  compileQueueFilter,
  filterQueues,
  type QueueRef,
} from "./queue_filter.ts";
export {
  DEFAULT_DIRECTORY_INTERVAL_MS,
  poll,
  type PollErrorEvent,
  type PollEvent,
  type PollOptions,
  type PollPlanEvent,
} from "./loop.ts";
export { runPoller, type RunPollerOptions } from "./run.ts";
export { createRefreshRequest, type RefreshRequest } from "./refresh.ts";
export { type PollerSettings, readPollerSettings } from "./settings.ts";
