/**
 * Protocol frames for the page-module tests.
 *
 * @module
 */

import type { AgentState, QueueState } from "../../src/snapshot/mod.ts";

/** A queue with every count zero, patched. */
export function queue(
  id: string,
  name: string,
  patch: Partial<QueueState> = {},
): QueueState {
  return {
    id,
    name,
    divisionId: "d-1",
    waiting: 0,
    interacting: 0,
    alerting: 0,
    oldestWaitingSince: null,
    oldestInteractingSince: null,
    byMedia: {},
    agents: {
      members: 0,
      active: 0,
      onQueue: 0,
      offQueue: 0,
      idle: 0,
      interacting: 0,
      communicating: 0,
      notResponding: 0,
    },
    today: {
      interval: "2026-11-27T00:00:00.000Z/2026-11-27T10:05:00.000Z",
      offered: 0,
      answered: 0,
      abandoned: 0,
      flowOut: 0,
      serviceLevel: null,
      serviceLevelTarget: 0.8,
      abandonRate: null,
      ahtMs: null,
      asaMs: null,
    },
    alerts: [],
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
