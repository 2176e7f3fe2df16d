/**
 * The one human reason of the status record (private): the most important
 * thing wrong with, or deliberately slow about, polling right now. It only
 * changes when the situation changes, never every cycle.
 *
 * @module
 */

import { errorLabel } from "./_error_info.ts";
import type { Forbidden } from "./_cycle_state.ts";
import type { Plan } from "./_rate.ts";
import { PART_NAMES, type PartFailure } from "./_report.ts";
import type { PollPart } from "./status.ts";

/** What the reason is chosen from. */
export interface Situation {
  plan: Plan;
  forbidden: Map<PollPart, Forbidden>;
  /** True when a refusal stops every commit (observations, or the first directory). */
  blocked: boolean;
  /** The observation failure that made the poller probe, if it does. */
  down: PartFailure | null;
  /** True while a 429's Retry-After and slower polling are in force. */
  rateLimited: boolean;
  incompleteQueues: number;
}

/**
 * In order: observations refused, Genesys down, rate limited, a slow plan,
 * another part refused, incomplete agent lists; null when all is well (a
 * plan stretched within `STALE_AFTER_MS` needs no reason).
 */
export function reasonOf(s: Situation): string | null {
  const refused = [...s.forbidden].map(([part, f]) =>
    `Genesys refuses ${PART_NAMES[part]} (${
      f.missingPermissions.length > 0
        ? `missing permission ${f.missingPermissions.join(", ")}`
        : "missing permissions"
    })`
  );
  if (s.blocked) return `${refused.join("; ")}: the data is not updated`;
  if (s.down !== null) {
    return `Genesys does not answer ${PART_NAMES[s.down.part]} (${
      errorLabel(s.down.error)
    }): probing every ${s.plan.pollIntervalMs} ms at most`;
  }
  if (s.rateLimited) {
    return "Genesys is rate limiting this client (429): polling is" +
      " deliberately slower until it accepts more calls";
  }
  if (s.plan.slow) return s.plan.reason!;
  if (refused.length > 0) {
    return `${refused.join("; ")}: those parts keep their last values`;
  }
  if (s.incompleteQueues > 0) {
    return `Genesys cut the agent lists of ${s.incompleteQueues} queue(s):` +
      " agents it left out keep their last known state";
  }
  return null;
}
