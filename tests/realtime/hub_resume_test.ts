import assert from "node:assert/strict";
import fc from "fast-check";
import type { ViewSpec } from "../../src/realtime/hub.ts";
import { viewOf, visibleQueues } from "../../src/snapshot/mod.ts";
import { settle } from "../_support/mod.ts";
import { RecordingSink } from "./_fakes.ts";
import { hubWith, replay } from "./_replay.ts";
import { baseShape, shapeArbitrary, snapshotOf } from "./_snapshots.ts";

const ALL: ViewSpec = { scope: "*", filter: null, agents: false };
const ONE: ViewSpec = { scope: ["q-1"], filter: null, agents: false };
const AT = "2026-11-27T10:00:00.000Z";

/** The resumed delta's fixed head at `version`, from `prev`. */
function resumedHead(version: number, prev: number) {
  return {
    type: "delta",
    resumed: true,
    epoch: "e-1",
    version,
    prev,
    fetchedAt: AT,
    committedAt: AT,
    stale: false,
  };
}

Deno.test("re-subscribing narrower with since: nulls for every queue that left", () => {
  const { hub } = hubWith();
  const [s1, s2, s3] = [1, 2, 3].map((v) => snapshotOf(v, baseShape(v)));
  hub.publish(s1);
  const sink = new RecordingSink();
  const wide = hub.subscribe(sink, ALL, null);
  hub.publish(s2);
  hub.subscribe(sink, ONE, { epoch: "e-1", version: 2 }, wide);
  assert.deepEqual(sink.messages().at(-1), {
    ...resumedHead(2, 2),
    queues: { "q-2": null, "q-3": null, "q-4": null },
    totals: viewOf(s2, new Set(["q-1"]), false).totals,
  });
  assert.equal(hub.size(), 1);
  hub.publish(s3);
  const { view, versions } = replay(sink);
  assert.deepEqual(versions, [1, 2, 2, 3]);
  assert.deepEqual(view, viewOf(s3, new Set(["q-1"]), false));
});

Deno.test("re-subscribing wider with since: whole entities for every queue that entered", () => {
  const { hub } = hubWith();
  const s1 = snapshotOf(1, baseShape(1));
  hub.publish(s1);
  const sink = new RecordingSink();
  const narrow = hub.subscribe(sink, ONE, null);
  hub.subscribe(sink, ALL, { epoch: "e-1", version: 1 }, narrow);
  assert.deepEqual(sink.messages().at(-1), {
    ...resumedHead(1, 1),
    queues: {
      "q-2": s1.queues["q-2"],
      "q-3": s1.queues["q-3"],
      "q-4": s1.queues["q-4"],
    },
    totals: viewOf(s1, null, false).totals,
  });
  assert.deepEqual(replay(sink).view, viewOf(s1, null, false));
});

Deno.test("re-subscribing with a narrower filter from an older version", () => {
  const { hub } = hubWith();
  const snapshots = [1, 2, 3].map((v) => snapshotOf(v, baseShape(v)));
  hub.publish(snapshots[0]);
  const sink = new RecordingSink();
  const wide = hub.subscribe(sink, ALL, null);
  hub.publish(snapshots[1]);
  hub.publish(snapshots[2]);
  // The client says it holds version 1 (it has not read 2 and 3 yet).
  const spec = { scope: "*" as const, filter: ["q-1", "q-2"], agents: false };
  sink.frames.length = 1;
  hub.subscribe(sink, spec, { epoch: "e-1", version: 1 }, wide);
  const resumed = sink.messages()[1];
  assert.deepEqual(
    [resumed.resumed, resumed.prev, resumed.version],
    [true, 1, 3],
  );
  assert.deepEqual(
    Object.entries(resumed.queues as object).filter(([, q]) => q === null)
      .map(([id]) => id),
    ["q-3", "q-4"],
  );
  assert.deepEqual(
    replay(sink).view,
    viewOf(snapshots[2], new Set(["q-1", "q-2"]), false),
  );
});

Deno.test("dropping the agent board on re-subscribe gets a full snapshot", () => {
  const { hub } = hubWith();
  hub.publish(snapshotOf(1, baseShape(1)));
  const sink = new RecordingSink();
  const board = hub.subscribe(sink, { ...ALL, agents: true }, null);
  hub.subscribe(sink, ALL, { epoch: "e-1", version: 1 }, board);
  const last = sink.messages().at(-1)!;
  assert.deepEqual([last.type, last.resumed, "agents" in last], [
    "snapshot",
    false,
    false,
  ]);
  assert.deepEqual(hub.counters().resumeMissed, 1);
});

Deno.test("adding the agent board on re-subscribe resumes with every agent whole", () => {
  const { hub } = hubWith();
  const s1 = snapshotOf(1, baseShape(1));
  hub.publish(s1);
  const sink = new RecordingSink();
  const plain = hub.subscribe(sink, ONE, null);
  hub.subscribe(
    sink,
    { ...ONE, agents: true },
    { epoch: "e-1", version: 1 },
    plain,
  );
  const expected = viewOf(s1, new Set(["q-1"]), true);
  assert.deepEqual(sink.messages().at(-1), {
    ...resumedHead(1, 1),
    queues: {},
    agents: expected.agents,
    totals: expected.totals,
  });
  assert.deepEqual(replay(sink).view, expected);
});

Deno.test("a resumed re-subscribe is encoded once for every client making it", () => {
  const { hub } = hubWith();
  hub.publish(snapshotOf(1, baseShape(1)));
  const sinks = [new RecordingSink(), new RecordingSink()];
  for (const sink of sinks) {
    const wide = hub.subscribe(sink, { ...ALL }, null);
    hub.subscribe(sink, { ...ONE }, { epoch: "e-1", version: 1 }, wide);
  }
  assert.equal(sinks[0].frames[1], sinks[1].frames[1]);
});

const SPECS: ViewSpec[] = [
  ALL,
  ONE,
  { scope: "*", filter: ["q-2", "q-5"], agents: true },
  { scope: ["q-1", "q-3"], filter: null, agents: true },
  { scope: ["q-4"], filter: ["q-4"], agents: false },
];

Deno.test("hub: any sequence of re-subscribes with since adds up to the last view", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          shape: shapeArbitrary(),
          resubscribe: fc.option(fc.record({
            spec: fc.constantFrom(...SPECS),
            resume: fc.boolean(),
          })),
        }),
        { minLength: 1, maxLength: 10 },
      ),
      fc.constantFrom(...SPECS),
      (steps, first) => {
        const { hub } = hubWith({ ringSize: 50 });
        const sink = new RecordingSink();
        let sub = hub.subscribe(sink, first, null);
        let spec = first;
        let last = null;
        for (const [i, step] of steps.entries()) {
          hub.publish(last = snapshotOf(i + 1, step.shape));
          if (!step.resubscribe) continue;
          spec = step.resubscribe.spec;
          const held = replay(sink).versions.at(-1)!;
          const since = step.resubscribe.resume
            ? { epoch: "e-1", version: held }
            : null;
          sub = hub.subscribe(sink, { ...spec }, since, sub);
        }
        const visible = visibleQueues(last!, spec.scope, spec.filter);
        assert.deepEqual(
          replay(sink).view,
          viewOf(last!, visible, spec.agents),
        );
        assert.equal(hub.size(), 1);
      },
    ),
    { numRuns: 80 },
  );
});

Deno.test("hub sends at most burstBytes before the runtime gets a turn", async () => {
  const { hub } = hubWith({ burstBytes: 1 });
  const sinks = [0, 1, 2].map(() => new RecordingSink());
  for (const sink of sinks) hub.subscribe(sink, ALL, null);
  hub.publish(snapshotOf(1, baseShape(1)));
  assert.deepEqual(sinks.map((s) => s.frames.length), [1, 0, 0]);
  await settle();
  assert.deepEqual(sinks.map((s) => s.frames.length), [1, 1, 1]);
  // Two versions while the first is still going out: each is delivered on
  // its own, in order, and hub.current() is the newest at once.
  hub.publish(snapshotOf(2, baseShape(2)));
  hub.publish(snapshotOf(3, baseShape(3)));
  assert.equal(hub.current()?.version, 3);
  await settle(10);
  for (const sink of sinks) {
    const { view, versions } = replay(sink);
    assert.deepEqual(versions, [1, 2, 3]);
    assert.deepEqual(view, viewOf(snapshotOf(3, baseShape(3)), null, false));
  }
  // A subscriber arriving while the budget is spent is answered after a turn.
  const late = new RecordingSink();
  hub.subscribe(late, ALL, null);
  await settle();
  assert.deepEqual(late.messages().map((m) => [m.type, m.version]), [[
    "snapshot",
    3,
  ]]);
});

Deno.test("hub falls behind by more than 4 versions: it skips to the newest", async () => {
  const { hub } = hubWith({ burstBytes: 1 });
  const sinks = [0, 1].map(() => new RecordingSink());
  for (const sink of sinks) hub.subscribe(sink, ALL, null);
  for (let v = 1; v <= 8; v++) hub.publish(snapshotOf(v, baseShape(v)));
  await settle(20);
  for (const sink of sinks) {
    const { view, versions } = replay(sink);
    // Version 1 was going out while 2–8 arrived; 2–5 were dropped.
    assert.deepEqual(versions, [1, 6, 7, 8]);
    assert.deepEqual(view, viewOf(snapshotOf(8, baseShape(8)), null, false));
  }
});
