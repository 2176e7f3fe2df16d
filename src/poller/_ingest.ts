/**
 * The seam between the leader loop and where live state comes from
 * (private). The loop owns leadership, building, fenced commits and the
 * status record; an ingest owns its own timing and tells the loop what to
 * commit. Polling is one ingest (`_poll_ingest.ts`); push from Genesys
 * notifications, with polling inside it as fallback and reconciler, is the
 * other (`_push_ingest.ts`).
 *
 * @module
 */

import type { Gathered } from "./_cycle.ts";
import type { PollErrorEvent, PollPlanEvent } from "./events.ts";
import type { PollerStatus } from "./status.ts";

/** The part of the status record an ingest reports. */
export type IngestHealth = Omit<
  PollerStatus,
  "owner" | "since" | "updatedAt" | "ingest"
>;

/** What one step of an ingest produced. */
export interface IngestStep {
  events: (PollErrorEvent | PollPlanEvent)[];
  /** Input to build and commit, or null when there is nothing new. */
  gathered: Gathered | null;
  /** When the step's work began (after its wait), epoch ms. */
  startedAt: number;
}

/** A source of live state for the leader. */
export interface Ingest {
  /** The status record's `ingest` (and the snapshot's): the path in use now. */
  readonly kind: PollerStatus["ingest"];
  /** Waits until the next step is due, then runs it; rejects only on abort. */
  step(signal: AbortSignal): Promise<IngestStep>;
  /** When the next step is due, epoch ms. */
  nextAt(): number;
  /** What the status record should say now. */
  health(): IngestHealth;
  /** Forgets what a new leader must load again (after a deposition). */
  reset(): void;
}
