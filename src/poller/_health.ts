/**
 * What the polling ingest reports for the status record (private): plan,
 * back-off, the failure going on, refused parts, incomplete agent lists,
 * the staleness threshold, and one human reason: the most important thing
 * wrong with, or deliberately slow about, polling right now. It only
 * changes when the situation changes, never every cycle.
 *
 * @module
 */

import { errorInfo, errorLabel } from "./_error_info.ts";
import type { CycleState, Forbidden } from "./_cycle_state.ts";
import type { IngestHealth } from "./_ingest.ts";
import type { Plan } from "./_rate.ts";
import { PART_NAMES, type PartFailure } from "./_report.ts";
import type { PollPart } from "./status.ts";

/** The polling ingest's situation. */
export interface HealthInput {
  plan: Plan;
  state: CycleState;
  /** The Retry-After in force, if any. */
  limited: { delayMs: number; until: number } | null;
  /** The observation failure that holds commits back, if any. */
  blocked: PartFailure | null;
  lastError: PartFailure | null;
  /** Staleness threshold outside a slow plan (raised during a Retry-After). */
  staleAfterMs: number;
}

/** The ingest's part of the status record. */
export function healthOf(h: HealthInput): IngestHealth {
  const { plan, state, limited, blocked, lastError } = h;
  const error = lastError === null ? null : errorInfo(lastError.error);
  const down = blocked?.kind === "transient" ? blocked : null;
  return {
    plan: {
      pollIntervalMs: plan.pollIntervalMs,
      aggregateIntervalMs: plan.aggregateIntervalMs,
      callsPerMinute: plan.callsPerMinute,
      rateLimitPerMinute: plan.rateLimitPerMinute,
      ceilingPerMinute: plan.ceilingPerMinute,
      queueCount: plan.queueCount,
      stretched: plan.stretched,
      slow: plan.slow,
    },
    backoff: limited !== null
      ? {
        kind: "rate-limited",
        delayMs: limited.delayMs,
        until: new Date(limited.until).toISOString(),
      }
      : down !== null
      ? { kind: "probing", delayMs: plan.pollIntervalMs, until: null }
      : null,
    lastError: lastError === null || error === null ? null : {
      part: lastError.part,
      status: error.status,
      code: error.code,
      missingPermissions: error.missingPermissions,
    },
    forbidden: [...state.forbidden].map(([part, f]) => ({
      part,
      missingPermissions: f.missingPermissions,
    })),
    incompleteQueueIds: Object.keys(state.incomplete).sort(),
    staleAfterMs: Math.max(plan.staleAfterMs ?? 0, h.staleAfterMs),
    reason: reasonOf({
      plan,
      forbidden: state.forbidden,
      blocked: state.forbidden.has("observations") ||
        (state.forbidden.has("directory") && state.queues === null),
      down,
      rateLimited: limited !== null,
      incompleteQueues: Object.keys(state.incomplete).length,
    }),
  };
}

/** What the reason is chosen from. */
interface Situation {
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
function reasonOf(s: Situation): string | null {
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
