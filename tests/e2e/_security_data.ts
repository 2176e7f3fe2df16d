/**
 * Synthetic snapshot data for the security end-to-end tests: a seeded org of
 * queues and agents whose figures and memberships change every version, with
 * ids and names that never contain one another (so a raw-text search for an
 * id finds exactly that id).
 *
 * @module
 */

import type {
  AgentState,
  QueueState,
  SnapshotData,
} from "../../src/snapshot/mod.ts";
import { T0 } from "./_security_helpers.ts";

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(random: () => number): string {
  return Math.floor(random() * 2 ** 32).toString(16).padStart(8, "0");
}

export interface Org {
  queues: { id: string; name: string; divisionId: string }[];
  agents: { id: string; name: string }[];
}

/** Six queues and 30 agents with ids and names that never contain each other. */
export function makeOrg(random: () => number): Org {
  return {
    queues: Array.from({ length: 6 }, (_, i) => ({
      id: `queue-${i}-${hex(random)}-${hex(random)}`,
      name: `Qname ${i} ${hex(random)}`,
      divisionId: `division-${i}-${hex(random)}`,
    })),
    agents: Array.from({ length: 30 }, (_, i) => ({
      id: `agent-${i}-${hex(random)}-${hex(random)}`,
      name: `Aname ${i} ${hex(random)}`,
    })),
  };
}

const STATUSES = [
  "OFF_QUEUE",
  "IDLE",
  "INTERACTING",
  "NOT_RESPONDING",
  "COMMUNICATING",
] as const;
const PRESENCES = ["ON_QUEUE", "AVAILABLE", "AWAY", "BREAK", "OFFLINE"];

/**
 * Synthetic snapshot data: queue figures change at random; agents change
 * status and move between queues. Agents 0–7 never join queue 0 (the
 * scoped one); queue 5 comes and goes.
 */
export function makeData(org: Org, random: () => number, version: number) {
  const int = (n: number) => Math.floor(random() * n);
  const at = new Date(Date.parse(T0) - int(3_600_000)).toISOString();
  const data: SnapshotData = {
    fetchedAt: T0,
    source: "genesys",
    queues: {},
    agents: {},
    sums: {},
    trend: {},
    trendSums: {},
  };
  org.queues.forEach((q, i) => {
    if (i === 5 && Math.floor(version / 17) % 2 === 1) return;
    const [voice, chat] = [int(12), int(5)];
    const offered = int(400);
    const queue: QueueState = {
      ...q,
      waiting: voice + chat,
      interacting: int(20),
      alerting: int(3),
      oldestWaitingSince: voice + chat ? at : null,
      oldestInteractingSince: at,
      byMedia: {
        voice: { waiting: voice, interacting: int(9), alerting: int(2) },
        chat: { waiting: chat, interacting: int(9), alerting: 0 },
      },
      agents: {
        members: 20,
        active: 15,
        onQueue: 10 + int(5),
        offQueue: int(5),
        idle: int(5),
        interacting: int(8),
        communicating: int(2),
        notResponding: int(2),
      },
      today: {
        interval: `2026-11-27T00:00:00.000Z/${T0}`,
        offered,
        answered: Math.floor(offered * 0.8),
        abandoned: int(30),
        flowOut: int(5),
        serviceLevel: random(),
        serviceLevelTarget: 0.8,
        abandonRate: random() / 5,
        ahtMs: 200_000 + int(100_000),
        asaMs: int(60_000),
      },
      alerts: random() < 0.2
        ? [{
          rule: "waiting-critical",
          severity: "critical",
          metric: "waiting",
          value: voice + chat,
          threshold: 10,
        }]
        : [],
    };
    data.queues[q.id] = queue;
    data.sums[q.id] = {
      slNumerator: int(300),
      slDenominator: 300 + int(100),
      handleSumMs: int(90_000_000),
      handleCount: 100 + int(300),
      answeredSumMs: int(9_000_000),
      answeredCount: 100 + int(300),
    };
    trendOf(data, q.id, i, version % 3 === 0 ? 1 + int(40) : 20 + i);
  });
  org.agents.forEach((a, i) => {
    const pool = org.queues.slice(i < 8 ? 1 : 0).map((q) => q.id);
    const queueIds = pool.filter(() => random() < 0.35);
    const agent: AgentState = {
      ...a,
      routingStatus: STATUSES[int(STATUSES.length)],
      routingStatusSince: at,
      presence: PRESENCES[int(PRESENCES.length)],
      presenceSince: at,
      queueIds,
    };
    data.agents[a.id] = agent;
  });
  return data;
}

/**
 * Three intervals of today for queue `i`: two settled, the current one
 * offering `current` (it moves every third version).
 */
function trendOf(
  data: SnapshotData,
  queueId: string,
  i: number,
  current: number,
): void {
  data.trend[queueId] = {};
  data.trendSums[queueId] = {};
  [10 + i, 15 + i, current].forEach((offered, k) => {
    const start = `2026-11-27T0${8 + Math.floor(k / 2)}:${
      k % 2 ? "30" : "00"
    }:00.000Z`;
    const answered = offered - 1;
    data.trend[queueId][start] = {
      queueId,
      start,
      offered,
      answered,
      abandoned: 1,
      serviceLevel: (answered - 1) / offered,
      abandonRate: 1 / offered,
      asaMs: 12_000,
      ahtMs: 250_000,
    };
    data.trendSums[queueId][start] = {
      slNumerator: answered - 1,
      slDenominator: offered,
      handleSumMs: 250_000 * answered,
      handleCount: answered,
      answeredSumMs: 12_000 * answered,
      answeredCount: answered,
    };
  });
}

/** Ids of the agents of `queueId` in `data`. */
export function membersOf(data: SnapshotData, queueId: string): Set<string> {
  return new Set(
    Object.values(data.agents).filter((a) => a.queueIds.includes(queueId))
      .map((a) => a.id),
  );
}
