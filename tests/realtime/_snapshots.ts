/**
 * Snapshot builders and fast-check arbitraries of the real-time tests.
 *
 * @module
 */

import fc from "fast-check";
import type {
  AgentState,
  QueueState,
  RoutingStatus,
  Snapshot,
} from "../../src/snapshot/mod.ts";
import { agentState, queueState } from "../_support/mod.ts";

/** The start of fake time in these tests. */
export const T0 = Date.parse("2026-11-27T10:00:00.000Z");

/** What a generated snapshot holds: waiting per queue, agents' queues. */
export interface Shape {
  queues: Record<string, number>;
  agents?: Record<string, { queueIds: string[]; status?: RoutingStatus }>;
  /** Padding added to every queue name (makes frames big). */
  pad?: string;
  /** Today's trend: offered per queue and interval start (`"HH:MM"` UTC). */
  trend?: Record<string, Record<string, number>>;
}

/** A queue with `waiting` calls and every other figure derived from it. */
function busyQueue(id: string, waiting: number, pad = ""): QueueState {
  return queueState(id, {
    name: `Queue ${id}${pad}`,
    divisionId: "d-1",
    waiting,
    interacting: waiting + 1,
    oldestWaitingSince: waiting > 0 ? "2026-11-27T09:59:00.000Z" : null,
    byMedia: { voice: { waiting, interacting: waiting + 1, alerting: 0 } },
    agents: { members: 4, active: 3, onQueue: 3, idle: 1, interacting: 2 },
    today: {
      offered: 10 + waiting,
      answered: 10,
      abandoned: waiting,
      serviceLevel: 0.8,
      serviceLevelTarget: 0.8,
      abandonRate: waiting / (10 + waiting),
      ahtMs: 300_000,
      asaMs: 20_000,
    },
  });
}

/** An agent in `queueIds`, in `routingStatus` since 09:00, on queue since 08:00. */
function agentOf(
  id: string,
  queueIds: string[],
  routingStatus: RoutingStatus = "IDLE",
): AgentState {
  return agentState(id, queueIds, {
    routingStatus,
    routingStatusSince: "2026-11-27T09:00:00.000Z",
    presenceSince: "2026-11-27T08:00:00.000Z",
  });
}

/** Builds snapshot `version` of `epoch` with the given shape. */
export function snapshotOf(
  version: number,
  shape: Shape,
  { epoch = "e-1", at = T0 }: { epoch?: string; at?: number } = {},
): Snapshot {
  const queues: Record<string, QueueState> = {};
  const sums: Snapshot["sums"] = {};
  for (const [id, waiting] of Object.entries(shape.queues)) {
    queues[id] = busyQueue(id, waiting, shape.pad);
    sums[id] = {
      slNumerator: 8,
      slDenominator: 10,
      handleSumMs: 3_000_000,
      handleCount: 10,
      answeredSumMs: 200_000,
      answeredCount: 10,
    };
  }
  const agents: Record<string, AgentState> = {};
  for (const [id, agent] of Object.entries(shape.agents ?? {})) {
    agents[id] = agentOf(id, agent.queueIds, agent.status);
  }
  const iso = new Date(at).toISOString();
  return {
    epoch,
    version,
    fetchedAt: iso,
    committedAt: iso,
    source: "simulator",
    queues,
    agents,
    sums,
    ...trendOf(shape.trend ?? {}, iso.slice(0, 10)),
  };
}

/** The trend kinds of `shape.trend` on `day` (`YYYY-MM-DD`). */
function trendOf(
  offered: Record<string, Record<string, number>>,
  day: string,
): Pick<Snapshot, "trend" | "trendSums"> {
  const trend: Snapshot["trend"] = {};
  const trendSums: Snapshot["trendSums"] = {};
  for (const [queueId, byTime] of Object.entries(offered)) {
    trend[queueId] = {};
    trendSums[queueId] = {};
    for (const [hhmm, n] of Object.entries(byTime)) {
      const start = `${day}T${hhmm}:00.000Z`;
      trend[queueId][start] = {
        queueId,
        start,
        offered: n,
        answered: n,
        abandoned: 0,
        serviceLevel: n > 0 ? 1 : null,
        abandonRate: n > 0 ? 0 : null,
        asaMs: n > 0 ? 10_000 : null,
        ahtMs: n > 0 ? 200_000 : null,
      };
      trendSums[queueId][start] = {
        slNumerator: n,
        slDenominator: n,
        handleSumMs: 200_000 * n,
        handleCount: n,
        answeredSumMs: 10_000 * n,
        answeredCount: n,
      };
    }
  }
  return { trend, trendSums };
}

/** The standard shape: four queues, three agents. */
export function baseShape(step = 0): Shape {
  return {
    queues: { "q-1": step % 3, "q-2": step, "q-3": 1, "q-4": step % 2 },
    agents: {
      "a-1": { queueIds: ["q-1", "q-2"] },
      "a-2": { queueIds: ["q-2"], status: step % 2 ? "INTERACTING" : "IDLE" },
      "a-3": { queueIds: ["q-3", "q-4"] },
    },
  };
}

const QUEUE_IDS = ["q-1", "q-2", "q-3", "q-4", "q-5"];
const STATUSES: RoutingStatus[] = ["IDLE", "INTERACTING", "OFF_QUEUE"];

/** A random shape over five queues and four agents (small sizes). */
export function shapeArbitrary(): fc.Arbitrary<Shape> {
  const queues = fc.dictionary(
    fc.constantFrom(...QUEUE_IDS),
    fc.integer({ min: 0, max: 3 }),
    { maxKeys: 5 },
  );
  const agent = fc.record({
    queueIds: fc.uniqueArray(fc.constantFrom(...QUEUE_IDS), { maxLength: 3 }),
    status: fc.constantFrom(...STATUSES),
  });
  const agents = fc.dictionary(
    fc.constantFrom("a-1", "a-2", "a-3", "a-4"),
    agent,
    { maxKeys: 4 },
  );
  return fc.record({ queues, agents });
}
