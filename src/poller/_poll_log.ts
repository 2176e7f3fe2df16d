/**
 * The polling ingest's log lines about itself (private): one warning when
 * the plan turns stretched or slow (and one line when it is back at its
 * cadence), one when agent lists turn incomplete (and one when they are
 * complete again), never one per cycle.
 *
 * @module
 */

import type { Logger } from "../log.ts";
import { BUDGET_SHARE } from "./budget.ts";
import type { Plan } from "./_rate.ts";

/** Logs changes of the plan and of the agent lists. */
export interface PollLog {
  /** Called with the plan in force after every cycle. */
  plan(current: Plan): void;
  /** Called with the ids of queues whose agent lists are incomplete. */
  incomplete(queueIds: readonly string[]): void;
}

/** Creates the log of one polling ingest. */
export function createPollLog(log: Logger): PollLog {
  let planLogged: string | null = null;
  let incompleteLogged = false;
  return {
    plan(current) {
      const learnt = current.ceilingPerMinute < BUDGET_SHARE *
          current.rateLimitPerMinute;
      const key = !current.stretched && !current.slow
        ? null
        : learnt
        ? `learnt ${current.slow}`
        : current.reason!;
      if (key === planLogged) return;
      const before = planLogged;
      planLogged = key;
      const fields = {
        pollIntervalMs: current.pollIntervalMs,
        aggregateIntervalMs: current.aggregateIntervalMs,
        callsPerMinute: current.callsPerMinute,
      };
      if (key !== null) log.warn(current.reason!, fields);
      else if (before !== null) {
        log.info("Polling at the planned cadence", fields);
      }
    },
    incomplete(ids) {
      if (ids.length > 0 && !incompleteLogged) {
        incompleteLogged = true;
        log.warn(
          "Cannot get the whole agent list of some queues: keeping their last known agents",
          { queues: ids.length, queueIds: ids.slice(0, 10) },
        );
      } else if (ids.length === 0 && incompleteLogged) {
        incompleteLogged = false;
        log.info("Agent lists are complete again");
      }
    },
  };
}
