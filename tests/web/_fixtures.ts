/**
 * Protocol frames for the page-module tests.
 *
 * @module
 */

import { queueState } from "../_support/mod.ts";
import type { AgentState, QueueState } from "../../src/snapshot/mod.ts";

/** Today until 10:05 UTC, as the frames' `fetchedAt` have it. */
const TODAY = "2026-11-27T00:00:00.000Z/2026-11-27T10:05:00.000Z";

/** A queue with every count zero, patched. */
export function queue(
  id: string,
  name: string,
  patch: Partial<QueueState> = {},
): QueueState {
  return {
    ...queueState(id, {
      name,
      divisionId: "d-1",
      today: { interval: TODAY, serviceLevelTarget: 0.8 },
    }),
    ...patch,
  };
}

/** An agent, patched. */
export function agent(
  id: string,
  name: string,
  patch: Partial<AgentState> = {},
): AgentState {
  return {
    id,
    name,
    routingStatus: "IDLE",
    routingStatusSince: "2026-11-27T10:00:00.000Z",
    presence: "ON_QUEUE",
    presenceSince: "2026-11-27T08:00:00.000Z",
    queueIds: ["q-1"],
    ...patch,
  };
}

/** One trend interval. */
export function point(
  queueId: string,
  start: string,
  offered: number,
  abandoned: number,
  serviceLevel: number | null,
) {
  return {
    queueId,
    start,
    offered,
    answered: offered - abandoned,
    abandoned,
    serviceLevel,
    abandonRate: offered > 0 ? abandoned / offered : null,
    asaMs: null,
    ahtMs: null,
  };
}

/** A snapshot frame of `queues` at `version`. */
export function snapshot(
  version: number,
  queues: Record<string, QueueState>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: "snapshot",
    epoch: "ep-1",
    version,
    fetchedAt: "2026-11-27T10:04:58.000Z",
    committedAt: "2026-11-27T10:04:59.000Z",
    stale: false,
    source: "simulator",
    resumed: false,
    queues,
    totals: { waiting: 0 },
    ...extra,
  };
}
