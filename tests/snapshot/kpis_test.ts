import { deepEqual, equal, notEqual } from "node:assert/strict";
import {
  buildSnapshot,
  computeTotals,
  ratio,
  type Totals,
} from "../../src/snapshot/mod.ts";
import { agentState, queueState } from "../_support/mod.ts";
import {
  capturedAggregates,
  emptyInput,
  queue,
  snapshotData,
} from "./_fixtures.ts";

const NUMBER_FIELDS: (keyof Totals)[] = [
  "waiting",
  "interacting",
  "alerting",
  "agentsOnQueue",
  "agentsIdle",
  "agentsInteracting",
  "agentsNotResponding",
  "offered",
  "answered",
  "abandoned",
];

Deno.test("ratio() is null for a zero denominator and never NaN", () => {
  equal(ratio(1, 4), 0.25);
  equal(ratio(0, 0), null);
  equal(ratio(3, 0), null);
  equal(ratio(NaN, 2), null);
  equal(ratio(1, Infinity), null);
});

Deno.test("computeTotals() with zero offered has null ratios and no NaN", () => {
  const data = snapshotData([queueState("q-1"), queueState("q-2")]);
  const totals = computeTotals(data, ["q-1", "q-2"]);
  deepEqual(totals, {
    waiting: 0,
    interacting: 0,
    alerting: 0,
    oldestWaitingSince: null,
    agentsOnQueue: 0,
    agentsIdle: 0,
    agentsInteracting: 0,
    agentsNotResponding: 0,
    offered: 0,
    answered: 0,
    abandoned: 0,
    serviceLevel: null,
    abandonRate: null,
    ahtMs: null,
    asaMs: null,
    occupancy: null,
  });
  const json = JSON.stringify(totals);
  equal(json.includes("NaN"), false);
  equal(json.includes("Infinity"), false);
  for (const field of NUMBER_FIELDS) equal(typeof totals[field], "number");
});

Deno.test("computeTotals() over the captured aggregate group", () => {
  const data = buildSnapshot(
    { ...emptyInput([queue("q-1")]), aggregates: capturedAggregates("q-1") },
    { source: "genesys", fetchedAt: 0, rules: [] },
  );
  const totals = computeTotals(data, ["q-1"]);
  equal(totals.serviceLevel, 414 / 870);
  equal(Math.round(totals.serviceLevel! * 1e4) / 1e4, 0.4759);
  // 40279740 / 787 = 51181.37…: rounded to the nearest whole ms.
  equal(totals.asaMs, 51181);
  // 131580101 / 817 = 161052.76…
  equal(totals.ahtMs, 161053);
  equal(totals.abandonRate, 83 / 877);
  equal(totals.offered, 877);
  equal(totals.answered, 787);
  equal(totals.abandoned, 83);
});

Deno.test("computeTotals() takes ratios of sums, not averages of ratios", () => {
  const q1 = queueState("q-1", {
    waiting: 2,
    oldestWaitingSince: "2026-11-27T09:59:00.000Z",
    agents: {
      members: 5,
      active: 5,
      onQueue: 4,
      offQueue: 1,
      idle: 1,
      interacting: 2,
      communicating: 1,
      notResponding: 0,
    },
    today: {
      ...queueState("q-1").today,
      offered: 10,
      answered: 9,
      abandoned: 1,
    },
  });
  const q2 = queueState("q-2", {
    waiting: 1,
    oldestWaitingSince: "2026-11-27T09:50:00.000Z",
    agents: {
      members: 2,
      active: 2,
      onQueue: 1,
      offQueue: 1,
      idle: 0,
      interacting: 1,
      communicating: 0,
      notResponding: 1,
    },
    today: {
      ...queueState("q-2").today,
      offered: 90,
      answered: 60,
      abandoned: 30,
    },
  });
  // Without an agent list the queues' agent counts are summed.
  const data = snapshotData([q1, q2, queueState("q-3", { waiting: 50 })]);
  data.sums["q-1"] = {
    slNumerator: 9,
    slDenominator: 10,
    handleSumMs: 1000,
    handleCount: 1,
    answeredSumMs: 900,
    answeredCount: 9,
  };
  data.sums["q-2"] = {
    slNumerator: 30,
    slDenominator: 90,
    handleSumMs: 30000,
    handleCount: 3,
    answeredSumMs: 6000,
    answeredCount: 60,
  };
  const totals = computeTotals(data, ["q-1", "q-2", "q-unknown"]);
  deepEqual(totals, {
    waiting: 3,
    interacting: 0,
    alerting: 0,
    oldestWaitingSince: "2026-11-27T09:50:00.000Z",
    agentsOnQueue: 5,
    agentsIdle: 1,
    agentsInteracting: 3,
    agentsNotResponding: 1,
    offered: 100,
    answered: 69,
    abandoned: 31,
    serviceLevel: 0.39,
    abandonRate: 0.31,
    ahtMs: 7750,
    asaMs: 100,
    occupancy: 0.8,
  });
  // The average of the per-queue ratios would differ.
  notEqual(totals.serviceLevel, (9 / 10 + 30 / 90) / 2);
  notEqual(totals.abandonRate, (1 / 10 + 30 / 90) / 2);
});

Deno.test("computeTotals() counts an agent of several visible queues once", () => {
  const agents = {
    members: 3,
    active: 3,
    onQueue: 3,
    offQueue: 0,
    idle: 1,
    interacting: 1,
    communicating: 0,
    notResponding: 1,
  };
  const data = snapshotData(
    [queueState("q-1", { agents }), queueState("q-2", { agents })],
    [
      agentState("u-1", ["q-1", "q-2"]),
      agentState("u-2", ["q-1", "q-2"], { routingStatus: "INTERACTING" }),
      agentState("u-3", ["q-2", "q-3"], { routingStatus: "NOT_RESPONDING" }),
      agentState("u-4", ["q-1"], { routingStatus: "COMMUNICATING" }),
      agentState("u-5", ["q-1"], {
        routingStatus: "OFF_QUEUE",
        presence: "BREAK",
      }),
      agentState("u-6", ["q-3"], { routingStatus: "INTERACTING" }),
    ],
  );
  const totals = computeTotals(data, ["q-1", "q-2"]);
  // Summed, the queues would say 6 on queue; there are 4 distinct agents.
  deepEqual(
    [
      totals.agentsOnQueue,
      totals.agentsIdle,
      totals.agentsInteracting,
      totals.agentsNotResponding,
      totals.occupancy,
    ],
    [4, 1, 1, 1, 0.5],
  );
  // One queue alone: its own members only (u-6 is not in q-2).
  const q2 = computeTotals(data, ["q-2"]);
  deepEqual([q2.agentsOnQueue, q2.agentsInteracting], [3, 1]);
});
