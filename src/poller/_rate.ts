/**
 * The poller's own rate (private), the one place its plan lives: it starts
 * at 80 % of the configured allowance, halves below the rate in use on a
 * 429 (multiplicative decrease) and climbs back by a tenth of the budget per
 * cycle that met no 429 (additive increase). The plan is recomputed from
 * that rate and the queue count on every cycle, so it recovers as soon as
 * calls succeed, not at the next directory load.
 *
 * @module
 */

import { BUDGET_SHARE, type IntervalPlan, planIntervals } from "./budget.ts";

/** Factor applied to the rate in use on a 429. */
const DECREASE = 0.5;
/** Share of the budget regained per cycle without a 429. */
const INCREASE_SHARE = 0.1;
/** The lowest the ceiling goes, as a share of the budget. */
const FLOOR_SHARE = 0.01;

/** What the plan is computed from. */
export interface RatePlanOptions {
  rateLimitPerMinute: number;
  pollIntervalMs: number;
  aggregateIntervalMs: number;
  directoryIntervalMs: number;
  staleAfterMs: number;
}

/** The intervals in force, with the rates behind them. */
export interface Plan extends IntervalPlan {
  queueCount: number;
  /** The configured allowance (`GENESYS_RATE_LIMIT_PER_MINUTE`). */
  rateLimitPerMinute: number;
  /** The poller's own ceiling, calls/min: the budget unless 429s lowered it. */
  ceilingPerMinute: number;
}

/** The plan state of one leader. */
export interface RatePlan {
  /** The plan for `queueCount` queues at the current ceiling. */
  current(queueCount: number): Plan;
  /** A 429 arrived: halve the rate below the one in use. */
  rateLimited(): void;
  /** A cycle met no 429: regain a tenth of the budget. */
  succeeded(): void;
}

/** Creates the plan state at the full budget. */
export function createRatePlan(options: RatePlanOptions): RatePlan {
  const budget = BUDGET_SHARE * options.rateLimitPerMinute;
  let ceiling = budget;
  let last: Plan | null = null;

  function current(queueCount: number): Plan {
    if (last?.queueCount === queueCount && last.ceilingPerMinute === ceiling) {
      return last;
    }
    const plan = planIntervals({
      queueCount,
      allowedPerMinute: options.rateLimitPerMinute,
      ceilingPerMinute: ceiling < budget ? ceiling : undefined,
      pollIntervalMs: options.pollIntervalMs,
      aggregateIntervalMs: options.aggregateIntervalMs,
      directoryIntervalMs: options.directoryIntervalMs,
      staleAfterMs: options.staleAfterMs,
    });
    last = {
      ...plan,
      queueCount,
      rateLimitPerMinute: options.rateLimitPerMinute,
      ceilingPerMinute: ceiling,
    };
    return last;
  }

  return {
    current,
    rateLimited() {
      const used = Math.min(ceiling, last?.callsPerMinute ?? budget);
      ceiling = Math.max(budget * FLOOR_SHARE, round2(used * DECREASE));
    },
    succeeded() {
      if (ceiling < budget) {
        ceiling = Math.min(budget, round2(ceiling + budget * INCREASE_SHARE));
      }
    },
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
