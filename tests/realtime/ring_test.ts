import assert from "node:assert/strict";
import { createRing } from "../../src/realtime/ring.ts";
import { baseShape, snapshotOf } from "./_snapshots.ts";

Deno.test("createRing() keeps the last snapshots of one epoch", () => {
  const ring = createRing(3);
  assert.equal(ring.epoch, null);
  assert.equal(ring.newest(), null);
  for (let v = 1; v <= 5; v++) {
    assert.equal(ring.push(snapshotOf(v, baseShape(v))), true);
  }
  assert.equal(ring.size, 3);
  assert.equal(ring.oldestVersion(), 3);
  assert.equal(ring.get("e-1", 2), undefined);
  assert.equal(ring.get("e-1", 4)?.version, 4);
  assert.equal(ring.get("e-2", 4), undefined);
  assert.equal(ring.newest()?.version, 5);
});

Deno.test("createRing() refuses old versions and resets on a new epoch", () => {
  const ring = createRing(3);
  ring.push(snapshotOf(7, baseShape()));
  assert.equal(ring.push(snapshotOf(7, baseShape())), false);
  assert.equal(ring.push(snapshotOf(6, baseShape())), false);
  assert.equal(ring.size, 1);
  assert.equal(ring.push(snapshotOf(1, baseShape(), { epoch: "e-2" })), true);
  assert.equal(ring.epoch, "e-2");
  assert.equal(ring.size, 1);
  assert.equal(ring.get("e-1", 7), undefined);
});

Deno.test("createRing() refuses a capacity below one", () => {
  assert.throws(() => createRing(0), {
    name: "RangeError",
    message:
      "Cannot create snapshot ring: capacity must be a positive integer, got 0",
  });
});
