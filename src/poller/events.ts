/**
 * What the poll loop reports to `runPoller`'s `onEvent` (metrics, tests).
 *
 * @module
 */

import type { FailureKind } from "./backoff.ts";
import type { IntervalPlan } from "./budget.ts";
import type { PollerStatus, PollPart } from "./status.ts";

/** What the loop reports. */
export type PollEvent =
  | { type: "standby" }
  | { type: "leader" }
  | { type: "deposed" }
  | { type: "committed"; version: number; durationMs: number }
  | { type: "status"; status: PollerStatus }
  | PollErrorEvent
  | PollPlanEvent;

/**
 * A failed call (after its in-cycle retry) or a failed build or commit
 * (`snapshot`). A cycle whose observations answered still commits.
 */
export interface PollErrorEvent {
  type: "error";
  part: PollPart;
  kind: FailureKind;
  error: unknown;
  /** Ms until the failed part is tried again. */
  retryInMs: number;
}

/** The interval plan changed (queue count, 429s or their recovery). */
export interface PollPlanEvent extends IntervalPlan {
  type: "plan";
  queueCount: number;
  rateLimitPerMinute: number;
  ceilingPerMinute: number;
}
