import { deepEqual, equal } from "node:assert/strict";
import {
  computeTotals,
  viewOf,
  visibleQueues,
} from "../../src/snapshot/mod.ts";
import { agentState, queueState } from "../_support/mod.ts";
import { snapshotData } from "./_fixtures.ts";

function data() {
  return snapshotData(
    [
      queueState("q-1", { waiting: 1 }),
      queueState("q-2", { waiting: 2 }),
      queueState("q-3", { waiting: 4 }),
    ],
    [
      agentState("u-1", ["q-1", "q-2", "q-3"]),
      agentState("u-2", ["q-2"]),
      agentState("u-3", ["q-1", "q-3"]),
      agentState("u-4", []),
    ],
  );
}

Deno.test("viewOf() cuts agents' queueIds to the visible queues", () => {
  const d = data();
  const view = viewOf(d, new Set(["q-1", "q-3"]), true);
  deepEqual(Object.keys(view.queues), ["q-1", "q-3"]);
  deepEqual(view.agents, {
    "u-1": agentState("u-1", ["q-1", "q-3"]),
    "u-3": agentState("u-3", ["q-1", "q-3"]),
  });
  // Nothing cut: the snapshot's own object is shared.
  equal(view.agents!["u-3"], d.agents["u-3"]);
  // The snapshot itself is untouched.
  deepEqual(d.agents["u-1"].queueIds, ["q-1", "q-2", "q-3"]);
  deepEqual(view.totals, computeTotals(d, ["q-1", "q-3"]));
  equal(view.totals.waiting, 5);
});

Deno.test("viewOf() without agents has no agents key", () => {
  const view = viewOf(data(), new Set(["q-2"]), false);
  equal("agents" in view, false);
  deepEqual(Object.keys(view.queues), ["q-2"]);
  equal(view.totals.waiting, 2);
});

Deno.test("viewOf() with null shows every queue and every queued agent", () => {
  const d = data();
  const view = viewOf(d, null, true);
  equal(view.queues, d.queues);
  deepEqual(Object.keys(view.agents!), ["u-1", "u-2", "u-3"]);
  equal(view.agents!["u-1"], d.agents["u-1"]);
  equal(view.totals.waiting, 7);
});

Deno.test("viewOf() of an empty visible set is empty", () => {
  const view = viewOf(data(), new Set(), true);
  deepEqual(view.queues, {});
  deepEqual(view.agents, {});
  equal(view.totals.waiting, 0);
  equal(view.totals.serviceLevel, null);
});

Deno.test("visibleQueues() intersects scope, filter and known queues", () => {
  const d = data();
  equal(visibleQueues(d, "*", null), null);
  deepEqual(visibleQueues(d, "*", ["q-2", "q-9"]), new Set(["q-2"]));
  deepEqual(
    visibleQueues(d, ["q-1", "q-2", "q-9"], null),
    new Set(["q-1", "q-2"]),
  );
  deepEqual(
    visibleQueues(d, ["q-1", "q-2"], ["q-2", "q-3"]),
    new Set(["q-2"]),
  );
  deepEqual(visibleQueues(d, [], null), new Set());
  deepEqual(visibleQueues(d, ["q-1"], []), new Set());
});
