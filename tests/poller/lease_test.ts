import assert from "node:assert/strict";
import { createLease } from "../../src/poller/mod.ts";
import { FakeClock, FakeStore } from "../_support/mod.ts";

const DATA = {
  fetchedAt: "2026-11-27T10:00:00.000Z",
  source: "simulator" as const,
  queues: {},
  agents: {},
  sums: {},
  trend: {},
  trendSums: {},
};

Deno.test("createLease() acquire takes a missing lease and stores owner and expiry", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const lease = createLease({ kv, owner: "a", clock });
  assert.equal(lease.current(), null);
  const fence = await lease.acquire();
  assert.ok(fence);
  assert.deepEqual(fence.key, ["qp", "lease"]);
  assert.deepEqual(lease.current(), fence);
  const entry = await kv.get(["qp", "lease"]);
  assert.deepEqual(entry.value, {
    owner: "a",
    expiresAt: clock.now() + 4000,
  });
  assert.equal(entry.versionstamp, fence.versionstamp);
  assert.equal(lease.heldBy(), null);
});

Deno.test("createLease() heldBy tells whose lease refused the last acquire, and until when", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const a = createLease({ kv, owner: "a", clock });
  const b = createLease({ kv, owner: "b", clock });
  await a.acquire();
  assert.equal(await b.acquire(), null);
  assert.deepEqual(b.heldBy(), { owner: "a", expiresAt: clock.now() + 4000 });
  await clock.tickAsync(4000);
  assert.ok(await b.acquire());
  assert.equal(b.heldBy(), null);
});

Deno.test("createLease() acquire refuses a lease another owner holds until it expires", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const a = createLease({ kv, owner: "a", ttlMs: 10_000, clock });
  const b = createLease({ kv, owner: "b", ttlMs: 10_000, clock });
  const fenceA = await a.acquire();
  assert.ok(fenceA);
  assert.equal(await b.acquire(), null);
  await clock.tickAsync(9_999);
  assert.equal(await b.acquire(), null);
  await clock.tickAsync(1);
  // expiresAt <= now: expired, whatever KV's lazy expireIn still shows.
  const fenceB = await b.acquire();
  assert.ok(fenceB);
  assert.notEqual(fenceB.versionstamp, fenceA.versionstamp);
  assert.deepEqual((await kv.get(["qp", "lease"])).value, {
    owner: "b",
    expiresAt: clock.now() + 10_000,
  });
});

Deno.test("createLease() fence of a deposed leader no longer passes a check", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const a = createLease({ kv, owner: "a", ttlMs: 1000, clock });
  const b = createLease({ kv, owner: "b", ttlMs: 1000, clock });
  const old = (await a.acquire())!;
  await clock.tickAsync(1000);
  const fresh = (await b.acquire())!;

  const stale = await kv.atomic().check(old).set(["x"], "a").commit();
  assert.equal(stale.ok, false);
  const ok = await kv.atomic().check(fresh).set(["x"], "b").commit();
  assert.equal(ok.ok, true);
  assert.equal((await kv.get(["x"])).value, "b");

  // Through a store: the deposed leader's commit is refused, nothing written.
  const store = new FakeStore({ kv, clock });
  assert.equal(await store.commit(DATA, old), null);
  assert.equal((await store.commit(DATA, fresh))?.version, 1);
  assert.equal(store.snapshots.length, 1);
  assert.equal(store.rejected, 1);
});

Deno.test("createLease() renew extends the lease and changes the fence", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const a = createLease({ kv, owner: "a", ttlMs: 1000, clock });
  const first = (await a.acquire())!;
  await clock.tickAsync(600);
  const second = (await a.renew())!;
  assert.notEqual(second.versionstamp, first.versionstamp);
  assert.deepEqual(a.current(), second);
  assert.deepEqual((await kv.get(["qp", "lease"])).value, {
    owner: "a",
    expiresAt: clock.now() + 1000,
  });
  // The renewal moved the expiry: another owner still cannot take it.
  await clock.tickAsync(600);
  const b = createLease({ kv, owner: "b", ttlMs: 1000, clock });
  assert.equal(await b.acquire(), null);
});

Deno.test("createLease() renew returns null and forgets the fence when taken over", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const a = createLease({ kv, owner: "a", ttlMs: 1000, clock });
  const b = createLease({ kv, owner: "b", ttlMs: 1000, clock });
  await a.acquire();
  await clock.tickAsync(1500);
  assert.ok(await b.acquire());
  assert.equal(await a.renew(), null);
  assert.equal(a.current(), null);
});

Deno.test("createLease() acquire loses a race on the versionstamp it read", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const a = createLease({ kv, owner: "a", clock });
  const b = createLease({ kv, owner: "b", clock });
  const [fa, fb] = await Promise.all([a.acquire(), b.acquire()]);
  assert.equal([fa, fb].filter((f) => f !== null).length, 1);
});

Deno.test("createLease() release deletes only our own entry", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const a = createLease({ kv, owner: "a", ttlMs: 1000, clock });
  const b = createLease({ kv, owner: "b", ttlMs: 1000, clock });
  await a.acquire();
  await clock.tickAsync(2000);
  await b.acquire();
  await a.release();
  assert.equal(
    (await kv.get<{ owner: string }>(["qp", "lease"])).value?.owner,
    "b",
  );
  await b.release();
  assert.equal(b.current(), null);
  assert.equal((await kv.get(["qp", "lease"])).value, null);
  // Free again: anyone may take it at once.
  assert.ok(await a.acquire());
});

Deno.test("createLease() uses a custom key", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const lease = createLease({ kv, key: ["app", "leader"], owner: "a", clock });
  const fence = (await lease.acquire())!;
  assert.deepEqual(fence.key, ["app", "leader"]);
  assert.equal((await kv.get(["qp", "lease"])).value, null);
});

Deno.test("createLease() refuses a bad owner or TTL", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  assert.throws(() => createLease({ kv, owner: "", clock }), {
    name: "TypeError",
    message: "Cannot create lease: owner must be a non-empty string",
  });
  assert.throws(() => createLease({ kv, owner: "a", ttlMs: 0, clock }), {
    name: "RangeError",
    message: "Cannot create lease: ttlMs must be a positive integer, got 0",
  });
});
