/**
 * Logging of failures (private): one line when a failure burst starts (per
 * part, or one for all 429s), debug lines while it goes on, and one line
 * when the part answers again, so a long outage or a missing permission
 * logs twice, not once per cycle.
 *
 * @module
 */

import type { Logger } from "../log.ts";
import type { FailureKind } from "./backoff.ts";
import { errorInfo, errorLabel } from "./_error_info.ts";
import type { PollPart } from "./status.ts";

/** A failed call of one part. */
export interface PartFailure {
  part: PollPart;
  kind: FailureKind;
  error: unknown;
}

/** What each part is, in log lines. */
export const PART_NAMES: Record<PollPart, string> = {
  directory: "the queue directory",
  observations: "queue observations",
  activity: "routing activity (agents)",
  aggregates: "today's aggregates",
  users: "agent names",
  snapshot: "the snapshot",
};

interface Burst {
  label: string;
  since: number;
  failures: number;
}

/** Logs failure bursts and their ends. */
export interface Reporter {
  /** Logs `failure` if it starts a burst (or is a new error of one). */
  failed(failure: PartFailure, retryInMs: number, now: number): void;
  /** Ends the bursts of `part` (and of 429s when `part` is null). */
  answered(part: PollPart | null, now: number): void;
}

/** Creates a reporter writing to `log`. */
export function createReporter(log: Logger): Reporter {
  const bursts = new Map<string, Burst>();
  return {
    failed({ part, kind, error }, retryInMs, now) {
      const key = kind === "rate-limited" ? "429" : part;
      const label = errorLabel(error);
      const burst = bursts.get(key);
      if (burst !== undefined && burst.label === label) {
        burst.failures++;
        log.debug("Poll failure goes on", { part, retryInMs, error });
        return;
      }
      bursts.set(key, { label, since: now, failures: 1 });
      const { status, code, missingPermissions } = errorInfo(error);
      const fields = { part, status, code, retryInMs, error };
      if (kind === "forbidden") {
        const named = missingPermissions.length > 0
          ? `missing permission ${missingPermissions.join(", ")}`
          : "missing permissions (Genesys named none)";
        log.error(`Cannot poll ${PART_NAMES[part]}: ${named}`, {
          ...fields,
          missingPermissions,
        });
      } else if (kind === "rate-limited") {
        log.warn("Cannot poll Genesys: rate limited, waiting Retry-After", {
          ...fields,
        });
      } else if (kind === "transient") {
        log.warn("Cannot poll Genesys: retrying", fields);
      } else if (status === null) {
        log.error("Cannot build or commit the snapshot: keeping the last one", {
          part,
          error,
        });
      } else {
        log.warn("Cannot poll Genesys: keeping the last snapshot", fields);
      }
    },
    answered(part, now) {
      const key = part ?? "429";
      const burst = bursts.get(key);
      if (burst === undefined) return;
      bursts.delete(key);
      const msg = part === null
        ? "Genesys accepts calls again"
        : part === "snapshot"
        ? "Snapshots commit again"
        : `Genesys answers ${PART_NAMES[part]} again`;
      log.info(msg, {
        part,
        failures: burst.failures,
        failedForMs: now - burst.since,
      });
    },
  };
}
