import { deepEqual, equal } from "node:assert/strict";
import fc from "fast-check";
import {
  type AgentState,
  applyDelta,
  diffSnapshots,
  type QueueState,
  type SnapshotData,
  viewDelta,
  viewOf,
} from "../../src/snapshot/mod.ts";
import { agentState, queueState } from "../_support/mod.ts";
import { snapshotData } from "./_fixtures.ts";

Deno.test("diffSnapshots() finds added, removed and changed entities", () => {
  const a = snapshotData(
    [queueState("q-1"), queueState("q-2"), queueState("q-3")],
    [agentState("u-1", ["q-1"]), agentState("u-2", ["q-2"])],
  );
  const b = snapshotData(
    [queueState("q-1"), queueState("q-2", { waiting: 1 }), queueState("q-4")],
    [agentState("u-1", ["q-1"]), agentState("u-3", ["q-2"])],
  );
  b.agents["u-1"] = a.agents["u-1"];
  deepEqual(diffSnapshots(a, b), {
    queues: new Set(["q-2", "q-3", "q-4"]),
    agents: new Set(["u-2", "u-3"]),
    sums: new Set(["q-3", "q-4"]),
    trend: new Set(),
    trendSums: new Set(),
  });
  deepEqual(diffSnapshots(a, a), {
    queues: new Set(),
    agents: new Set(),
    sums: new Set(),
    trend: new Set(),
    trendSums: new Set(),
  });
});

Deno.test("viewDelta() sends entered, changed and left entities only", () => {
  const a = snapshotData(
    [queueState("q-1"), queueState("q-2"), queueState("q-3")],
    [agentState("u-1", ["q-1", "q-2"]), agentState("u-2", ["q-3"])],
  );
  const b = snapshotData(
    [queueState("q-1"), queueState("q-2", { waiting: 3 }), queueState("q-4")],
    [
      agentState("u-1", ["q-1", "q-2"], { routingStatus: "INTERACTING" }),
      agentState("u-2", ["q-3"]),
      agentState("u-3", ["q-4", "q-5"]),
    ],
  );
  const visible = new Set(["q-1", "q-2", "q-4"]);
  const before = viewOf(a, visible, true);
  const after = viewOf(b, visible, true);
  const delta = viewDelta(before, after, diffSnapshots(a, b));
  deepEqual(delta, {
    queues: { "q-2": b.queues["q-2"], "q-4": b.queues["q-4"] },
    agents: {
      "u-1": b.agents["u-1"],
      "u-3": agentState("u-3", ["q-4"]),
    },
    totals: after.totals,
  });
  deepEqual(viewDelta(before, after, null), delta);
  deepEqual(applyDelta(before, delta), after);
  // Leaving the view is null.
  const gone = viewDelta(after, viewOf(a, new Set(["q-1"]), true), null);
  deepEqual(gone.queues, { "q-2": null, "q-4": null });
  deepEqual(gone.agents, { "u-1": agentState("u-1", ["q-1"]), "u-3": null });
});

Deno.test("viewDelta() sends agents whose queueIds cut changed", () => {
  const a = snapshotData([queueState("q-1"), queueState("q-2")], [
    agentState("u-1", ["q-1", "q-2"]),
    agentState("u-2", ["q-1"]),
  ]);
  const before = viewOf(a, null, true);
  const after = viewOf(a, new Set(["q-1"]), true);
  const delta = viewDelta(before, after, diffSnapshots(a, a));
  deepEqual(delta.queues, { "q-2": null });
  deepEqual(delta.agents, { "u-1": agentState("u-1", ["q-1"]) });
  deepEqual(applyDelta(before, delta), after);
});

Deno.test("applyDelta() leaves the input view untouched", () => {
  const a = snapshotData([queueState("q-1"), queueState("q-2")]);
  const view = viewOf(a, null, false);
  const next = applyDelta(view, {
    queues: { "q-1": null },
    totals: view.totals,
  });
  deepEqual(Object.keys(next.queues), ["q-2"]);
  deepEqual(Object.keys(view.queues), ["q-1", "q-2"]);
});

const QUEUE_IDS = ["q-0", "q-1", "q-2", "q-3", "q-4"];
const AGENT_IDS = ["u-0", "u-1", "u-2", "u-3", "u-4", "u-5"];

const queueArb = fc.record({
  waiting: fc.nat(3),
  interacting: fc.nat(2),
  name: fc.constantFrom("A", "B"),
  onQueue: fc.nat(3),
  offered: fc.nat(4),
  slNumerator: fc.nat(3),
});

const agentArb = fc.record({
  queueIds: fc.subarray(QUEUE_IDS),
  routingStatus: fc.constantFrom<AgentState["routingStatus"]>(
    "IDLE",
    "INTERACTING",
  ),
});

type QueueFields = typeof queueArb extends fc.Arbitrary<infer T> ? T : never;
type AgentFields = typeof agentArb extends fc.Arbitrary<infer T> ? T : never;
type QueueSpec = QueueFields | null;
type AgentSpec = AgentFields | null;

interface Spec {
  queues: QueueSpec[];
  agents: AgentSpec[];
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  queues: fc.array(fc.option(queueArb, { nil: null }), {
    minLength: QUEUE_IDS.length,
    maxLength: QUEUE_IDS.length,
  }),
  agents: fc.array(fc.option(agentArb, { nil: null }), {
    minLength: AGENT_IDS.length,
    maxLength: AGENT_IDS.length,
  }),
});

function toQueue(id: string, s: NonNullable<QueueSpec>): QueueState {
  const base = queueState(id);
  return queueState(id, {
    name: s.name,
    waiting: s.waiting,
    interacting: s.interacting,
    agents: { ...base.agents, onQueue: s.onQueue, idle: s.onQueue },
    today: { ...base.today, offered: s.offered },
  });
}

/** Builds b from its spec, reusing a's entity objects where `keep` says so. */
function build(
  spec: Spec,
  from?: SnapshotData,
  keep?: boolean[],
): SnapshotData {
  const data = snapshotData([]);
  spec.queues.forEach((s, i) => {
    const id = QUEUE_IDS[i];
    if (keep?.[i] && from?.queues[id]) {
      data.queues[id] = from.queues[id];
      data.sums[id] = from.sums[id];
    } else if (s !== null) {
      data.queues[id] = toQueue(id, s);
      data.sums[id] = {
        slNumerator: s.slNumerator,
        slDenominator: 4,
        handleSumMs: s.offered * 100,
        handleCount: s.offered,
        answeredSumMs: 0,
        answeredCount: 0,
      };
    }
  });
  spec.agents.forEach((s, i) => {
    const id = AGENT_IDS[i];
    if (keep?.[QUEUE_IDS.length + i] && from?.agents[id]) {
      data.agents[id] = from.agents[id];
    } else if (s !== null) {
      data.agents[id] = agentState(id, [...s.queueIds].sort(), {
        routingStatus: s.routingStatus,
      });
    }
  });
  return data;
}

Deno.test("applyDelta(viewOf(a), viewDelta(…)) equals viewOf(b) (property)", () => {
  fc.assert(
    fc.property(
      specArb,
      specArb,
      fc.array(fc.boolean(), {
        minLength: QUEUE_IDS.length + AGENT_IDS.length,
        maxLength: QUEUE_IDS.length + AGENT_IDS.length,
      }),
      fc.option(fc.subarray(QUEUE_IDS), { nil: null }),
      fc.option(fc.subarray(QUEUE_IDS), { nil: null }),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      (specA, specB, keep, idsA, idsB, sameVisible, agents, useChanges) => {
        const a = build(specA);
        const b = build(specB, a, keep);
        // Mostly one receiver's view over time; sometimes a re-subscribe
        // that changes the visible queues.
        const visibleA = idsA === null ? null : new Set(idsA);
        const visibleB = sameVisible
          ? visibleA
          : idsB === null
          ? null
          : new Set(idsB);
        const before = viewOf(a, visibleA, agents);
        const after = viewOf(b, visibleB, agents);
        const changes = useChanges ? diffSnapshots(a, b) : null;
        const delta = viewDelta(before, after, changes);
        deepEqual(applyDelta(before, delta), after);
        // Nothing is sent that did not change.
        for (const [id, q] of Object.entries(delta.queues)) {
          if (q !== null) {
            equal(
              JSON.stringify(q) === JSON.stringify(before.queues[id]),
              false,
            );
          }
        }
      },
    ),
    { numRuns: 400 },
  );
});
