/**
 * Rate budget: how many Genesys calls a plan of intervals costs per minute,
 * and how far to stretch the intervals so the poller stays within a share of
 * the client's allowance (300 requests/min by default for client
 * credentials; the `inin-ratelimit-allowed` header tells the real figure,
 * genesys-api.md §6).
 *
 * @module
 */

/** Queue ids per observation, aggregate, activity or directory call. */
export const QUEUES_PER_CALL = 100;
/** User ids per user lookup call. */
export const USERS_PER_CALL = 100;
const MINUTE_MS = 60_000;

/** Options of {@linkcode planIntervals}. */
export interface PlanOptions {
  /** Queues polled (after `GENESYS_QUEUES`). */
  queueCount: number;
  /** Agents whose names must be looked up once (names are cached). Default 0. */
  agentCount?: number;
  /** Requests per minute the client may make. */
  allowedPerMinute: number;
  /** Configured observation poll period, ms. */
  pollIntervalMs: number;
  /** Configured "today" aggregates period, ms. */
  aggregateIntervalMs: number;
  /** Queue directory refresh period, ms. Default 300 000. */
  directoryIntervalMs?: number;
  /** Share of the allowance the poller may use, 0..1. Default 0.8. */
  share?: number;
}

/** The intervals to poll at and what they cost. */
export interface IntervalPlan {
  pollIntervalMs: number;
  aggregateIntervalMs: number;
  /** Calls in the busiest minute (the first, which also looks up user names). */
  callsPerMinute: number;
  /** True when the intervals were lengthened to fit the budget. */
  stretched: boolean;
  /** Why and how the intervals were stretched (one warning line). */
  reason?: string;
}

/**
 * Plans poll and aggregate intervals within `share × allowedPerMinute`.
 *
 * A poll cycle costs ⌈queues/100⌉ observation calls plus ⌈queues/100⌉
 * routing-activity calls; an aggregate refresh ⌈queues/100⌉; a directory
 * refresh ⌈queues/100⌉ (at least 1) every `directoryIntervalMs`; user names
 * ⌈agents/100⌉ once. When that is above budget, both intervals grow by the
 * same factor, each rounded up to whole seconds. Should the one-off and
 * directory calls alone exceed the budget, the intervals are stretched as if
 * half the budget were left for them, and the plan stays above budget.
 *
 * @example
 * ```ts
 * const plan = planIntervals({
 *   queueCount: 1000,
 *   allowedPerMinute: 300,
 *   pollIntervalMs: 5000,
 *   aggregateIntervalMs: 30_000,
 * });
 * plan.stretched; // true
 * plan.pollIntervalMs; // 6000
 * ```
 */
export function planIntervals(options: PlanOptions): IntervalPlan {
  const {
    queueCount,
    agentCount = 0,
    allowedPerMinute,
    pollIntervalMs,
    aggregateIntervalMs,
    directoryIntervalMs = 300_000,
    share = 0.8,
  } = options;
  requireCount("queueCount", queueCount);
  requireCount("agentCount", agentCount);
  requirePositive("allowedPerMinute", allowedPerMinute);
  requirePositive("pollIntervalMs", pollIntervalMs);
  requirePositive("aggregateIntervalMs", aggregateIntervalMs);
  requirePositive("directoryIntervalMs", directoryIntervalMs);
  if (!(share > 0 && share <= 1)) {
    throw new RangeError(
      `Cannot plan intervals: share must be in (0, 1], got ${share}`,
    );
  }

  const batches = Math.ceil(queueCount / QUEUES_PER_CALL);
  const fixed = Math.max(1, batches) * MINUTE_MS / directoryIntervalMs +
    Math.ceil(agentCount / USERS_PER_CALL);
  const cost = (poll: number, aggregate: number) =>
    2 * batches * MINUTE_MS / poll + batches * MINUTE_MS / aggregate + fixed;
  const budget = share * allowedPerMinute;
  const needed = cost(pollIntervalMs, aggregateIntervalMs);
  if (needed <= budget) {
    return {
      pollIntervalMs,
      aggregateIntervalMs,
      callsPerMinute: round2(needed),
      stretched: false,
    };
  }

  const variable = needed - fixed;
  const room = budget - fixed > 0 ? budget - fixed : budget / 2;
  const factor = variable / room;
  const poll = ceilToSecond(pollIntervalMs * factor);
  const aggregate = ceilToSecond(aggregateIntervalMs * factor);
  const reason =
    `Stretching POLL_INTERVAL_MS from ${pollIntervalMs} to ${poll}` +
    ` and AGGREGATE_INTERVAL_MS from ${aggregateIntervalMs} to ${aggregate}:` +
    ` ${formatCount(queueCount)} queues need ${
      formatCount(Math.ceil(needed))
    } calls/min,` +
    ` above ${formatPercent(share)} of the ${
      formatCount(allowedPerMinute)
    }/min allowance`;
  return {
    pollIntervalMs: poll,
    aggregateIntervalMs: aggregate,
    callsPerMinute: round2(cost(poll, aggregate)),
    stretched: true,
    reason,
  };
}

function requireCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `Cannot plan intervals: ${name} must be a non-negative integer, got ${value}`,
    );
  }
}

function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(
      `Cannot plan intervals: ${name} must be a positive number, got ${value}`,
    );
  }
}

function ceilToSecond(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

function formatPercent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
