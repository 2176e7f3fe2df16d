/**
 * Protocol frames the wallboard browser test sends by hand: two queues,
 * four agents, a snapshot and a delta of the /ws protocol.
 *
 * @module
 */

import { queueState } from "../_support/mod.ts";
import type { AgentState, QueueState, Totals } from "../../src/snapshot/mod.ts";

/** Today until 10:05 UTC, as the frames' `fetchedAt` have it. */
const TODAY = "2026-11-27T00:00:00.000Z/2026-11-27T10:05:00.000Z";

/** A queue with `patch`, `today` and `agents` over zero counts. */
export function queue(
  id: string,
  name: string,
  patch: Partial<QueueState>,
  today: Partial<QueueState["today"]>,
  agents: Partial<QueueState["agents"]>,
): QueueState {
  return {
    ...queueState(id, {
      name,
      divisionId: "d-1",
      today: { interval: TODAY, ...today },
      agents,
    }),
    ...patch,
  };
}

/** An agent. */
export function agent(
  id: string,
  name: string,
  routingStatus: AgentState["routingStatus"],
  since: string | null,
  presence: string,
  queueIds: string[],
): AgentState {
  return {
    id,
    name,
    routingStatus,
    routingStatusSince: since,
    presence,
    presenceSince: null,
    queueIds,
  };
}

/** Totals with `alerting` defaulted. */
export function totals(
  t: Omit<Totals, "alerting"> & { alerting?: number },
): Totals {
  return { alerting: 0, ...t };
}

/** Fixture SUPPORT_V1. */
export const SUPPORT_V1 = queue("q-1", "Support", {
  waiting: 3,
  interacting: 7,
  alerting: 1,
  oldestWaitingSince: "2026-11-27T10:00:00.000Z",
}, {
  offered: 120,
  answered: 104,
  abandoned: 12,
  flowOut: 4,
  serviceLevel: 0.83,
  serviceLevelTarget: 0.8,
  abandonRate: 0.1,
  ahtMs: 312_000,
  asaMs: 21_000,
}, { members: 14, active: 12, onQueue: 10, idle: 3, notResponding: 1 });

/** Fixture BILLING_V1. */
export const BILLING_V1 = queue("q-2", "Billing", {
  interacting: 2,
  alerts: [{
    rule: "sl-below-target",
    severity: "warning",
    metric: "serviceLevel",
    value: 0.7,
    threshold: 0.8,
  }],
}, {
  offered: 40,
  answered: 38,
  abandoned: 1,
  serviceLevel: 0.7,
  serviceLevelTarget: 0.8,
  abandonRate: 0.025,
  ahtMs: 245_500,
}, { members: 5, active: 4, onQueue: 4, idle: 2 });

/** Fixture SUPPORT_V2. */
export const SUPPORT_V2 = queue("q-1", "Support", {
  waiting: 12,
  interacting: 8,
  oldestWaitingSince: "2026-11-27T09:58:30.000Z",
  alerts: [
    {
      rule: "waiting-critical",
      severity: "critical",
      metric: "waiting",
      value: 12,
      threshold: 10,
    },
    {
      rule: "sl-below-target",
      severity: "warning",
      metric: "serviceLevel",
      value: 0.78,
      threshold: 0.8,
    },
  ],
}, {
  offered: 125,
  answered: 106,
  abandoned: 13,
  serviceLevel: 0.78,
  serviceLevelTarget: 0.8,
  abandonRate: 0.104,
  ahtMs: 310_000,
  asaMs: 24_400,
}, { members: 14, active: 12, onQueue: 10, idle: 0, notResponding: 2 });

/** Fixture AGENTS_V1. */
export const AGENTS_V1: Record<string, AgentState> = {
  "u-1": agent(
    "u-1",
    "Ana Agent",
    "INTERACTING",
    "2026-11-27T10:02:11.000Z",
    "ON_QUEUE",
    ["q-1", "q-2"],
  ),
  "u-2": agent(
    "u-2",
    "Bo Berg",
    "NOT_RESPONDING",
    "2026-11-27T10:04:30.000Z",
    "ON_QUEUE",
    ["q-1"],
  ),
  "u-3": agent(
    "u-3",
    "Cy Chen",
    "IDLE",
    "2026-11-27T09:50:00.000Z",
    "ON_QUEUE",
    ["q-2"],
  ),
  "u-4": agent("u-4", "Di Diaz", "OFF_QUEUE", null, "BREAK", ["q-2"]),
};

/** Fixture SNAPSHOT_V1. */
export const SNAPSHOT_V1 = {
  type: "snapshot",
  epoch: "ep-1",
  version: 1,
  fetchedAt: "2026-11-27T10:04:58.000Z",
  committedAt: "2026-11-27T10:04:59.000Z",
  stale: false,
  source: "simulator",
  resumed: false,
  queues: { "q-1": SUPPORT_V1, "q-2": BILLING_V1 },
  agents: AGENTS_V1,
  totals: totals({
    waiting: 3,
    interacting: 9,
    alerting: 1,
    oldestWaitingSince: "2026-11-27T10:00:00.000Z",
    agentsOnQueue: 14,
    agentsIdle: 5,
    agentsInteracting: 6,
    agentsNotResponding: 1,
    offered: 160,
    answered: 142,
    abandoned: 13,
    serviceLevel: 0.79,
    abandonRate: 0.08125,
    ahtMs: 295_000,
    asaMs: 18_000,
    occupancy: 0.5,
  }),
};

/** Fixture DELTA_V2. */
export const DELTA_V2 = {
  type: "delta",
  epoch: "ep-1",
  version: 2,
  prev: 1,
  fetchedAt: "2026-11-27T10:04:59.000Z",
  committedAt: "2026-11-27T10:05:00.000Z",
  stale: false,
  queues: { "q-1": SUPPORT_V2, "q-2": null },
  agents: {
    "u-1": { ...AGENTS_V1["u-1"], queueIds: ["q-1"] },
    "u-3": null,
    "u-4": null,
  },
  totals: totals({
    waiting: 12,
    interacting: 8,
    oldestWaitingSince: "2026-11-27T09:58:30.000Z",
    agentsOnQueue: 10,
    agentsIdle: 0,
    agentsInteracting: 5,
    agentsNotResponding: 2,
    offered: 125,
    answered: 106,
    abandoned: 13,
    serviceLevel: 0.78,
    abandonRate: 0.104,
    ahtMs: 310_000,
    asaMs: 24_400,
    occupancy: 0.6,
  }),
};
