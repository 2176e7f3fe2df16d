import assert from "node:assert/strict";
import fc from "fast-check";
import { viewOf, visibleQueues } from "../../src/snapshot/mod.ts";
import { RecordingSink } from "./_fakes.ts";
import { hubWith, replay } from "./_replay.ts";
import { baseShape, shapeArbitrary, snapshotOf, T0 } from "./_snapshots.ts";

const ALL = { scope: "*" as const, filter: null, agents: false };

Deno.test("hub answers a subscriber registered before the first snapshot", () => {
  const { hub } = hubWith();
  const sink = new RecordingSink();
  hub.subscribe(sink, ALL, null);
  assert.equal(sink.frames.length, 0);
  const first = snapshotOf(1, baseShape());
  hub.publish(first);
  const [message] = sink.messages();
  assert.equal(message.type, "snapshot");
  assert.equal(message.version, 1);
  assert.equal(message.stale, false);
  assert.equal(sink.frames.length, 1);
});

Deno.test("hub encodes one frame per view and shares it across the group", () => {
  const { hub } = hubWith();
  hub.publish(snapshotOf(1, baseShape(1)));
  const a = new RecordingSink();
  const b = new RecordingSink();
  const c = new RecordingSink();
  hub.subscribe(a, ALL, null);
  hub.subscribe(b, { scope: "*", filter: null, agents: false }, null);
  hub.subscribe(c, { scope: ["q-1"], filter: null, agents: true }, null);
  assert.equal(a.frames[0], b.frames[0], "same snapshot frame object");
  hub.publish(snapshotOf(2, baseShape(2)));
  assert.equal(a.frames[1], b.frames[1], "same delta frame object");
  assert.notEqual(a.frames[1], c.frames[1]);
  assert.deepEqual(Object.keys(c.messages()[0].queues as object), ["q-1"]);
  assert.deepEqual(hub.counters().framesSent, 6);
});

Deno.test("hub skips a lagging subscriber, then sends one coalesced delta", () => {
  const { hub } = hubWith();
  const snapshots = [1, 2, 3, 4, 5].map((v) => snapshotOf(v, baseShape(v)));
  hub.publish(snapshots[0]);
  const slow = new RecordingSink();
  hub.subscribe(slow, { scope: "*", filter: null, agents: true }, null);
  slow.backlog = 500; // above lagBufferedBytes, below maxBufferedBytes
  hub.publish(snapshots[1]);
  hub.publish(snapshots[2]);
  assert.equal(slow.frames.length, 1);
  slow.backlog = 0;
  hub.publish(snapshots[3]);
  const coalesced = slow.messages()[1];
  assert.equal(coalesced.prev, 1);
  assert.equal(coalesced.version, 4);
  hub.publish(snapshots[4]);
  const { view, versions } = replay(slow);
  assert.deepEqual(versions, [1, 4, 5]);
  assert.deepEqual(view, viewOf(snapshots[4], null, true));
});

Deno.test("hub closes with 1013 a lagger whose version left the ring", () => {
  const { hub } = hubWith({ ringSize: 2 });
  hub.publish(snapshotOf(1, baseShape(1)));
  const slow = new RecordingSink();
  hub.subscribe(slow, ALL, null);
  slow.backlog = 500;
  hub.publish(snapshotOf(2, baseShape(2)));
  assert.equal(slow.ended, null);
  hub.publish(snapshotOf(3, baseShape(3))); // version 1 left the ring
  assert.deepEqual(slow.ended, [1013, "Client too slow"]);
  assert.equal(hub.counters().slowClosed, 1);
  assert.equal(hub.size(), 0);
});

Deno.test("hub closes with 1013 a subscriber over maxBufferedBytes", () => {
  const { hub } = hubWith();
  hub.publish(snapshotOf(1, baseShape(1)));
  const stuck = new RecordingSink();
  const fine = new RecordingSink();
  hub.subscribe(stuck, ALL, null);
  hub.subscribe(fine, ALL, null);
  stuck.backlog = 1001;
  hub.publish(snapshotOf(2, baseShape(2)));
  assert.deepEqual(stuck.ended, [1013, "Client too slow"]);
  assert.equal(fine.frames.length, 2);
});

Deno.test("hub sends status when freshness flips and frames carry it", async () => {
  const { hub, clock } = hubWith();
  const sink = new RecordingSink();
  hub.publish(snapshotOf(1, baseShape(1)));
  hub.subscribe(sink, ALL, null);
  await clock.tickAsync(12_001);
  hub.checkFreshness();
  hub.checkFreshness();
  assert.equal(hub.stale(), true);
  hub.publish(snapshotOf(2, baseShape(2), { at: T0 }));
  hub.publish(snapshotOf(3, baseShape(3), { at: clock.now() }));
  const messages = sink.messages();
  assert.deepEqual(messages.map((m) => [m.type, m.stale]), [
    ["snapshot", false],
    ["status", true],
    ["delta", true],
    ["status", false],
    ["delta", false],
  ]);
  assert.deepEqual(messages[1], {
    type: "status",
    stale: true,
    fetchedAt: "2026-11-27T10:00:00.000Z",
    reason: "No successful poll for more than 12000 ms",
  });
  assert.deepEqual(messages[3], {
    type: "status",
    stale: false,
    fetchedAt: "2026-11-27T10:00:12.001Z",
  });
});

Deno.test("hub judges freshness with the injected check and sends its reason", async () => {
  // The poller's status says polls are deliberately 30 s apart: data 20 s old
  // is fresh, 31 s old is stale, and the status frame gives the reason.
  const reason = "Rate limited: polling every 30 s until Genesys allows more";
  const { hub, clock } = hubWith({
    freshness: (fetchedAt, now) => ({
      stale: fetchedAt === null || now - Date.parse(fetchedAt) > 30_000,
      reason,
    }),
  });
  const sink = new RecordingSink();
  hub.publish(snapshotOf(1, baseShape(1)));
  hub.subscribe(sink, ALL, null);
  await clock.tickAsync(20_000);
  hub.checkFreshness();
  assert.deepEqual(hub.freshness(), { stale: false, reason });
  await clock.tickAsync(11_000);
  hub.checkFreshness();
  assert.equal(hub.stale(), true);
  assert.deepEqual(sink.messages().slice(1), [{
    type: "status",
    stale: true,
    fetchedAt: "2026-11-27T10:00:00.000Z",
    reason,
  }]);
});

Deno.test("hub resends a full snapshot on a new epoch and ignores old versions", () => {
  const { hub } = hubWith();
  const sink = new RecordingSink();
  hub.subscribe(sink, ALL, null);
  hub.publish(snapshotOf(5, baseShape(5)));
  hub.publish(snapshotOf(5, baseShape(6)));
  hub.publish(snapshotOf(4, baseShape(7)));
  hub.publish(snapshotOf(1, baseShape(1), { epoch: "e-2" }));
  hub.publish(snapshotOf(1, baseShape(1), { epoch: "e-3" }));
  hub.publish(snapshotOf(2, baseShape(2), { epoch: "e-3" }));
  assert.deepEqual(
    sink.messages().map((m) => [m.type, m.epoch, m.version, m.resumed]),
    [
      ["snapshot", "e-1", 5, false],
      ["snapshot", "e-2", 1, false],
      ["snapshot", "e-3", 1, false],
      ["delta", "e-3", 2, undefined],
    ],
  );
});

Deno.test("hub: applying every frame yields the current view, whatever lags", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({ shape: shapeArbitrary(), lag: fc.boolean() }),
        { minLength: 1, maxLength: 12 },
      ),
      fc.option(fc.uniqueArray(fc.constantFrom("q-1", "q-3", "q-5"))),
      fc.boolean(),
      (steps, filter, agents) => {
        const { hub } = hubWith({ ringSize: 50 });
        const steady = new RecordingSink();
        const lagging = new RecordingSink();
        const spec = { scope: "*" as const, filter, agents };
        hub.subscribe(steady, spec, null);
        hub.subscribe(lagging, spec, null);
        let last = null;
        for (const [i, step] of steps.entries()) {
          lagging.backlog = step.lag ? 500 : 0;
          last = snapshotOf(i + 1, step.shape);
          hub.publish(last);
        }
        lagging.backlog = 0;
        hub.publish(last = snapshotOf(steps.length + 1, steps[0].shape));
        const visible = visibleQueues(last, "*", filter);
        const expected = viewOf(last, visible, agents);
        for (const sink of [steady, lagging]) {
          const { view, versions } = replay(sink);
          assert.equal(versions.at(-1), last.version);
          assert.deepEqual(view, expected);
        }
      },
    ),
    { numRuns: 60 },
  );
});
