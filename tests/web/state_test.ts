import assert from "node:assert/strict";
import {
  applyDelta,
  applyHello,
  applySnapshot,
  applyStatus,
  emptyState,
  queuesInOrder,
} from "../../web/state.js";
import { agent, point, queue, snapshot } from "./_fixtures.ts";

const SUPPORT = queue("q-1", "Support", { waiting: 3 });
const BILLING = queue("q-2", "Billing");
const T1 = point("q-1", "2026-11-27T09:30:00.000Z", 10, 1, 0.9);
const T2 = point("q-1", "2026-11-27T10:00:00.000Z", 4, 0, 0.75);

function held() {
  return applySnapshot(
    emptyState("simulator"),
    snapshot(5, { "q-1": SUPPORT, "q-2": BILLING }, {
      agents: { "u-1": agent("u-1", "Ana") },
      trend: { "q-1|2026-11-27T09:30:00.000Z": T1 },
    }),
  ).state;
}

Deno.test("a snapshot replaces everything and reports it all changed", () => {
  const before = applySnapshot(emptyState(), snapshot(1, { "q-9": BILLING }))
    .state;
  const { state, changes } = applySnapshot(
    before,
    snapshot(5, { "q-1": SUPPORT }, { trend: {}, trendTotals: {} }),
  );
  assert.deepEqual(state, {
    epoch: "ep-1",
    version: 5,
    fetchedAt: "2026-11-27T10:04:58.000Z",
    committedAt: "2026-11-27T10:04:59.000Z",
    stale: false,
    staleReason: null,
    source: "simulator",
    queues: { "q-1": SUPPORT },
    agents: null,
    trend: {},
    trendTotals: {},
    totals: { waiting: 0 },
  });
  assert.deepEqual(changes, {
    all: true,
    queues: ["q-9", "q-1"],
    agents: [],
    names: true,
    trend: true,
  });
});

Deno.test("a snapshot without a trend map holds no trend (server ignores it)", () => {
  const { state } = applySnapshot(emptyState(), snapshot(1, {}));
  assert.deepEqual([state.trend, state.trendTotals], [null, null]);
});

Deno.test("a delta patches the totals per interval, null removes, alone it is a trend change", () => {
  const at = (start: string, offered: number) => ({
    start,
    offered,
    answered: offered,
    abandoned: 0,
    serviceLevel: 1,
    abandonRate: 0,
    asaMs: 1000,
    ahtMs: 2000,
  });
  const state = applySnapshot(
    emptyState(),
    snapshot(5, { "q-1": SUPPORT }, {
      trend: {},
      trendTotals: {
        "2026-11-27T09:30:00.000Z": at("2026-11-27T09:30:00.000Z", 3),
        "2026-11-27T10:00:00.000Z": at("2026-11-27T10:00:00.000Z", 1),
      },
    }),
  ).state;
  const result = applyDelta(state, {
    type: "delta",
    epoch: "ep-1",
    version: 6,
    prev: 5,
    trend: {},
    trendTotals: {
      "2026-11-27T09:30:00.000Z": null,
      "2026-11-27T10:00:00.000Z": at("2026-11-27T10:00:00.000Z", 2),
    },
  });
  assert.equal(result.resync, false);
  if (result.resync) return;
  assert.deepEqual(result.state.trendTotals, {
    "2026-11-27T10:00:00.000Z": at("2026-11-27T10:00:00.000Z", 2),
  });
  assert.equal(result.changes.trend, true);
});

Deno.test("a delta patches entities, null removes, and the input is untouched", () => {
  const state = held();
  const copy = structuredClone(state);
  const result = applyDelta(state, {
    type: "delta",
    epoch: "ep-1",
    version: 6,
    prev: 5,
    committedAt: "2026-11-27T10:05:00.000Z",
    queues: { "q-1": { ...SUPPORT, waiting: 12 }, "q-2": null },
    agents: { "u-1": null, "u-2": agent("u-2", "Bo") },
    trend: {
      "q-1|2026-11-27T09:30:00.000Z": null,
      "q-1|2026-11-27T10:00:00.000Z": T2,
    },
    totals: { waiting: 12 },
  });
  assert.equal(result.resync, false);
  if (result.resync) return;
  assert.deepEqual(state, copy);
  assert.equal(result.state.version, 6);
  assert.equal(result.state.committedAt, "2026-11-27T10:05:00.000Z");
  assert.equal(result.state.fetchedAt, "2026-11-27T10:04:58.000Z");
  assert.deepEqual(Object.keys(result.state.queues), ["q-1"]);
  assert.equal(result.state.queues["q-1"].waiting, 12);
  assert.deepEqual(Object.keys(result.state.agents ?? {}), ["u-2"]);
  assert.deepEqual(result.state.trend, { "q-1|2026-11-27T10:00:00.000Z": T2 });
  assert.deepEqual(result.state.totals, { waiting: 12 });
  assert.deepEqual(result.changes, {
    all: false,
    queues: ["q-1", "q-2"],
    agents: ["u-1", "u-2"],
    names: true,
    trend: true,
  });
});

Deno.test("an empty delta only moves the version on", () => {
  const state = held();
  const result = applyDelta(state, {
    type: "delta",
    epoch: "ep-1",
    version: 6,
    prev: 5,
  });
  assert.equal(result.resync, false);
  if (result.resync) return;
  assert.deepEqual(result.state, { ...state, version: 6 });
  assert.deepEqual(result.changes, {
    all: false,
    queues: [],
    agents: [],
    names: false,
    trend: false,
  });
});

Deno.test("a delta that does not follow what is held asks for a resync", () => {
  const state = held();
  const delta = { type: "delta", epoch: "ep-1", version: 9, prev: 5 };
  assert.deepEqual(applyDelta(state, { ...delta, prev: 7 }), {
    resync: true,
    reason: "delta from 7 while holding 5",
  });
  assert.deepEqual(applyDelta(state, { ...delta, epoch: "ep-2" }), {
    resync: true,
    reason: "delta of another epoch",
  });
  assert.deepEqual(applyDelta(emptyState(), delta), {
    resync: true,
    reason: "delta before any snapshot",
  });
});

Deno.test("status and hello set freshness and source", () => {
  const state = held();
  const stale = applyStatus(state, {
    type: "status",
    stale: true,
    fetchedAt: "2026-11-27T10:04:59.000Z",
    reason: "no poll",
  });
  assert.deepEqual(
    [stale.stale, stale.staleReason, stale.fetchedAt],
    [true, "no poll", "2026-11-27T10:04:59.000Z"],
  );
  const fresh = applyStatus(stale, { type: "status", stale: false });
  assert.deepEqual([fresh.stale, fresh.staleReason], [false, null]);
  const hello = applyHello(emptyState(), { source: "genesys", stale: true });
  assert.deepEqual([hello.source, hello.stale], ["genesys", true]);
});

Deno.test("a delta that ends staleness clears the reason", () => {
  const stale = applyStatus(held(), { stale: true, reason: "no poll" });
  const result = applyDelta(stale, {
    epoch: "ep-1",
    version: 6,
    prev: 5,
    stale: false,
  });
  assert.equal(result.resync, false);
  if (!result.resync) {
    assert.deepEqual([result.state.stale, result.state.staleReason], [
      false,
      null,
    ]);
  }
});

Deno.test("queues show in name order, then id", () => {
  const state = applySnapshot(
    emptyState(),
    snapshot(1, {
      "q-1": SUPPORT,
      "q-3": queue("q-3", "billing"),
      "q-2": BILLING,
    }),
  ).state;
  assert.deepEqual(queuesInOrder(state).map((q) => q.id), [
    "q-3",
    "q-2",
    "q-1",
  ]);
});
