/**
 * Builders of the states a snapshot holds: a queue with every figure zero
 * and an idle agent, each overridable (a queue's `agents` and `today`
 * field by field).
 *
 * @module
 */

import type { AgentState, QueueState } from "../../src/snapshot/mod.ts";

/** Overrides of {@linkcode queueState}: `agents` and `today` merge. */
export interface QueueOverrides
  extends Partial<Omit<QueueState, "agents" | "today">> {
  agents?: Partial<QueueState["agents"]>;
  today?: Partial<QueueState["today"]>;
}

/** A queue state with every figure zero, today up to 10:00 UTC, overridable. */
export function queueState(
  id: string,
  overrides: QueueOverrides = {},
): QueueState {
  const { agents, today, ...rest } = overrides;
  const state: QueueState = {
    id,
    name: `Queue ${id}`,
    divisionId: null,
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
      ...agents,
    },
    today: {
      interval: "2026-11-27T00:00:00.000Z/2026-11-27T10:00:00.000Z",
      offered: 0,
      answered: 0,
      abandoned: 0,
      flowOut: 0,
      serviceLevel: null,
      serviceLevelTarget: null,
      abandonRate: null,
      ahtMs: null,
      asaMs: null,
      ...today,
    },
    alerts: [],
  };
  return { ...state, ...rest };
}

/** An idle agent on queue in `queueIds`, overridable. */
export function agentState(
  id: string,
  queueIds: string[],
  overrides: Partial<AgentState> = {},
): AgentState {
  return {
    id,
    name: `Agent ${id}`,
    routingStatus: "IDLE",
    routingStatusSince: null,
    presence: "ON_QUEUE",
    presenceSince: null,
    queueIds,
    ...overrides,
  };
}
