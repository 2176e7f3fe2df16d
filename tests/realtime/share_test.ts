import assert from "node:assert/strict";
import { shareUnchanged } from "../../src/realtime/_share.ts";
import { diffSnapshots } from "../../src/snapshot/mod.ts";
import { baseShape, snapshotOf } from "./_snapshots.ts";

Deno.test("shareUnchanged() keeps the previous objects of unchanged entities only", () => {
  const prev = snapshotOf(1, baseShape(1));
  // Decoded afresh: equal values, new objects.
  const next = structuredClone(snapshotOf(2, baseShape(2)));
  const changes = diffSnapshots(prev, next);
  const shared = shareUnchanged(prev, next, changes);
  assert.deepEqual(shared, next);
  for (const id of Object.keys(next.queues)) {
    const same = shared.queues[id] === prev.queues[id];
    assert.equal(same, !changes.queues.has(id), id);
  }
  for (const id of Object.keys(next.agents)) {
    const same = shared.agents[id] === prev.agents[id];
    assert.equal(same, !changes.agents.has(id), id);
  }
  assert.ok(changes.queues.size > 0 && changes.queues.size < 4);
  assert.equal(shared.queues["q-3"], prev.queues["q-3"], "q-3 never changes");
  // Nothing to share: the snapshot itself, not a copy.
  assert.equal(
    shareUnchanged(prev, shared, diffSnapshots(prev, shared)),
    shared,
  );
  assert.notEqual(next.queues["q-3"], prev.queues["q-3"], "inputs untouched");
});
