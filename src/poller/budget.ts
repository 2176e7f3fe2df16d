/**
 * Rate budget: how many Genesys calls a plan of intervals costs per minute,
 * and how far to stretch the intervals so the poller stays within a share of
 * the client's allowance. Genesys no longer reports the allowance in answer
 * headers, so it is configured (`GENESYS_RATE_LIMIT_PER_MINUTE`, 300 for a
 * client-credentials token by default) and lowered further after 429s.
 *
 * A stretched poll interval is kept short enough for `STALE_AFTER_MS` to
 * carry (¾ of it, spending the rest of the budget on "today" aggregates);
 * when even that does not fit, the plan is marked slow and says how old the
 * data may deliberately get.
 *
 * @module
 */

import { IDS_PER_CALL } from "../genesys/mod.ts";

/** Default queue directory refresh period, ms. */
export const DEFAULT_DIRECTORY_INTERVAL_MS = 300_000;

/** Share of the allowance the poller plans to use. */
export const BUDGET_SHARE = 0.8;
/** Share of `STALE_AFTER_MS` a poll interval may take; the rest is margin. */
export const STALE_SHARE = 0.75;
/** Longest aggregate interval traded for fresher observations, ms. */
const MAX_TRADED_AGGREGATE_MS = 600_000;
const MINUTE_MS = 60_000;

/** Options of {@linkcode planIntervals}. */
export interface PlanOptions {
  /** Queues polled (after `GENESYS_QUEUES`). */
  queueCount: number;
  /** Agents whose names must be looked up once (names are cached). Default 0. */
  agentCount?: number;
  /** Requests per minute the client may make. */
  allowedPerMinute: number;
  /** A lower ceiling learnt from 429s, calls/min. Default none. */
  ceilingPerMinute?: number;
  /** Configured observation poll period, ms. */
  pollIntervalMs: number;
  /** Configured "today" aggregates period, ms. */
  aggregateIntervalMs: number;
  /** Queue directory refresh period, ms. Default 300 000. */
  directoryIntervalMs?: number;
  /** Age after which data is stale, ms. Default: no limit. */
  staleAfterMs?: number;
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
  /** True when polls are further apart than `staleAfterMs` can carry. */
  slow: boolean;
  /** Age after which this plan's data is stale: `staleAfterMs`, or more when slow. */
  staleAfterMs: number | null;
  /** Why and how the intervals were stretched or are slow (one line). */
  reason?: string;
}

/**
 * Plans poll and aggregate intervals within `share × allowedPerMinute` (and
 * under `ceilingPerMinute`).
 *
 * A poll cycle costs ⌈queues/100⌉ observation calls plus ⌈queues/100⌉
 * routing-activity calls; an aggregate refresh ⌈queues/100⌉; a directory
 * refresh ⌈queues/100⌉ (at least 1) every `directoryIntervalMs`; user names
 * ⌈agents/100⌉ once. When that is above budget, both intervals grow by the
 * same factor, each rounded up to whole seconds; a poll interval above ¾ of
 * `staleAfterMs` is held there while the aggregates (up to 10 min) absorb
 * the rest. Should the one-off and directory calls alone exceed the budget,
 * the intervals are stretched as if half the budget were left for them.
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
    directoryIntervalMs = DEFAULT_DIRECTORY_INTERVAL_MS,
    staleAfterMs = null,
    share = BUDGET_SHARE,
  } = options;
  requireCount("queueCount", queueCount);
  requireCount("agentCount", agentCount);
  requirePositive("allowedPerMinute", allowedPerMinute);
  const ceiling = options.ceilingPerMinute ?? Infinity;
  if (ceiling !== Infinity) requirePositive("ceilingPerMinute", ceiling);
  requirePositive("pollIntervalMs", pollIntervalMs);
  requirePositive("aggregateIntervalMs", aggregateIntervalMs);
  requirePositive("directoryIntervalMs", directoryIntervalMs);
  if (staleAfterMs !== null) requirePositive("staleAfterMs", staleAfterMs);
  if (!(share > 0 && share <= 1)) {
    throw new RangeError(
      `Cannot plan intervals: share must be in (0, 1], got ${share}`,
    );
  }

  const batches = Math.ceil(queueCount / IDS_PER_CALL);
  const fixed = Math.max(1, batches) * MINUTE_MS / directoryIntervalMs +
    Math.ceil(agentCount / IDS_PER_CALL);
  const cost = (poll: number, aggregate: number) =>
    2 * batches * MINUTE_MS / poll + batches * MINUTE_MS / aggregate + fixed;
  const byCeiling = ceiling < share * allowedPerMinute;
  const budget = Math.min(share * allowedPerMinute, ceiling);
  const needed = cost(pollIntervalMs, aggregateIntervalMs);
  const freshest = staleAfterMs === null
    ? Infinity
    : Math.max(1000, floorToSecond(staleAfterMs * STALE_SHARE));

  let poll = pollIntervalMs;
  let aggregate = aggregateIntervalMs;
  if (needed > budget) {
    const room = budget - fixed > 0 ? budget - fixed : budget / 2;
    const factor = (needed - fixed) / room;
    poll = ceilToSecond(pollIntervalMs * factor);
    aggregate = ceilToSecond(aggregateIntervalMs * factor);
    if (poll > freshest && freshest >= pollIntervalMs) {
      const left = room - 2 * batches * MINUTE_MS / freshest;
      const traded = left > 0
        ? ceilToSecond(Math.max(aggregate, batches * MINUTE_MS / left))
        : Infinity;
      if (traded <= MAX_TRADED_AGGREGATE_MS) {
        poll = freshest;
        aggregate = traded;
      }
    }
  }
  const stretched = needed > budget;
  const slow = poll > freshest;
  const staleAfter = staleAfterMs === null
    ? null
    : slow
    ? poll + staleAfterMs - freshest
    : staleAfterMs;
  const plan: IntervalPlan = {
    pollIntervalMs: poll,
    aggregateIntervalMs: aggregate,
    callsPerMinute: round2(cost(poll, aggregate)),
    stretched,
    slow,
    staleAfterMs: staleAfter,
  };
  const parts: string[] = [];
  if (stretched) {
    const limit = byCeiling
      ? `above the ${
        formatCount(round2(ceiling))
      }/min Genesys accepted before its last 429`
      : `above ${formatPercent(share)} of the ${
        formatCount(allowedPerMinute)
      }/min allowance`;
    parts.push(
      `Stretching POLL_INTERVAL_MS from ${pollIntervalMs} to ${poll}` +
        ` and AGGREGATE_INTERVAL_MS from ${aggregateIntervalMs} to ${aggregate}:` +
        ` ${formatCount(queueCount)} queues need ${
          formatCount(Math.ceil(needed))
        } calls/min, ${limit}`,
    );
  }
  if (slow) {
    parts.push(
      `${stretched ? "p" : "P"}olls every ${poll} ms are more than` +
        ` STALE_AFTER_MS ${staleAfterMs} can carry:` +
        ` data is deliberately up to ${staleAfter} ms old`,
    );
  }
  if (parts.length > 0) plan.reason = parts.join("; ");
  return plan;
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

function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
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
