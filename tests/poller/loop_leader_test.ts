import assert from "node:assert/strict";
import { FakeClock } from "../_fake_clock.ts";
import { advance, advanceUntil, type Harness, startPoller } from "./_fakes.ts";
import { createLease } from "../../src/poller/mod.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const TTL = 15_000;
const INTERVAL = 5000;

const DATA = {
  fetchedAt: "2026-11-27T10:00:00.000Z",
  source: "simulator" as const,
  queues: {},
  agents: {},
  sums: {},
};

async function twoPollers(kv: Deno.Kv, clock: FakeClock) {
  const a = await startPoller({
    kv,
    clock,
    owner: "isolate-a",
    ttlMs: TTL,
    releaseOnExit: false,
  });
  const b = await startPoller({
    kv,
    clock,
    owner: "isolate-b",
    ttlMs: TTL,
    releaseOnExit: false,
  });
  return [a, b];
}

function observationCalls(h: Harness): number {
  return h.api.callsOf("queueObservations").length;
}

Deno.test("poll() on two isolates: one polls, the other takes over after a crash", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const [a, b] = await twoPollers(kv, clock);
  try {
    await advance(clock, 60_000);
    const [leader, follower] = observationCalls(a) > 0 ? [a, b] : [b, a];
    // Exactly one polls, on every interval; the other only stands by.
    assert.equal(observationCalls(leader), 13);
    assert.equal(follower.api.calls.length, 0);
    assert.equal(leader.of("standby").length, 0);
    assert.equal(follower.of("standby").length, 13);
    assert.equal(follower.of("leader").length, 0);

    // The leader crashes: it stops without releasing the lease.
    const oldFence = leader.lease.current()!;
    assert.ok(oldFence);
    leader.controller.abort();
    await leader.done;
    const crashedAt = clock.now();
    assert.equal(
      (await kv.get<{ owner: string }>(["qp", "lease"])).value?.owner,
      leader.lease.owner,
    );

    await advanceUntil(clock, () => observationCalls(follower) > 0);
    const tookOverIn = clock.now() - crashedAt;
    assert.ok(
      tookOverIn <= TTL + INTERVAL,
      `takeover after ${tookOverIn} ms`,
    );
    // The lease ran out at its last renewal (60 s) + TTL; the follower's
    // next standby cycle on its 5 s grid takes it.
    assert.equal(clock.now() - T0, 75_000);
    assert.deepEqual(follower.events.slice(-3).map((e) => e.type), [
      "leader",
      "plan",
      "committed",
    ]);
    await advance(clock, 10_000);

    // Versions strictly increase across the takeover.
    const versions = [
      ...leader.store.snapshots.map((s) => s.version),
      ...follower.store.snapshots.map((s) => s.version),
    ];
    assert.equal(versions.length, 13 + 3);
    for (let i = 1; i < versions.length; i++) {
      assert.ok(versions[i] > versions[i - 1], `${versions}`);
    }
    assert.deepEqual(
      follower.of("committed").map((e) => e.version),
      [14, 15, 16],
    );

    // The deposed leader's fence no longer writes.
    assert.equal(await leader.store.commit(DATA, oldFence), null);
    assert.equal(leader.store.snapshots.length, 13);
    const fresh = follower.lease.current()!;
    assert.equal((await follower.store.commit(DATA, fresh))?.version, 17);
  } finally {
    await a.stop();
    await b.stop();
  }
});

Deno.test("poll() on two isolates: a clean shutdown hands over within one interval", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const a = await startPoller({ kv, clock, owner: "isolate-a" });
  await advance(clock, 0);
  const b = await startPoller({ kv, clock, owner: "isolate-b" });
  try {
    await advance(clock, 10_000);
    assert.equal(b.api.calls.length, 0);
    a.controller.abort();
    await a.done;
    assert.equal((await kv.get(["qp", "lease"])).value, null);
    const stoppedAt = clock.now();
    await advanceUntil(clock, () => observationCalls(b) > 0);
    assert.ok(clock.now() - stoppedAt <= INTERVAL);
  } finally {
    await a.stop();
    await b.stop();
  }
});

Deno.test("poll() stands by once another owner holds the lease", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 5000);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1, 2]);
    // Another isolate took the lease (e.g. after a long pause here).
    await h.kv.set(["qp", "lease"], {
      owner: "intruder",
      expiresAt: h.clock.now() + 60_000,
    });
    await advance(h.clock, 10_000);
    assert.deepEqual(h.events.slice(-3).map((e) => e.type), [
      "deposed",
      "standby",
      "standby",
    ]);
    assert.equal(h.lease.current(), null);
    assert.equal(h.store.snapshots.length, 2);
    assert.equal(h.api.callsOf("queueObservations").length, 2);

    // When the intruder's lease runs out, polling resumes with a fresh
    // directory load.
    await advanceUntil(h.clock, () => h.of("committed").length === 3);
    assert.equal(h.api.callsOf("listQueues").length, 2);
    assert.equal(h.of("leader").length, 2);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() drops leadership when a fenced commit is refused", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 0);
    h.store.refuseNext = 1;
    await advance(h.clock, 5000);
    assert.deepEqual(h.events.map((e) => e.type), [
      "leader",
      "plan",
      "committed",
      "deposed",
    ]);
    // Next cycle re-acquires (the lease is still ours to take) and reloads
    // the directory; the plan is unchanged, so no plan event.
    await advance(h.clock, 5000);
    assert.deepEqual(h.events.slice(4).map((e) => e.type), [
      "leader",
      "committed",
    ]);
    assert.equal(h.api.callsOf("listQueues").length, 2);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() keeps the lease during a wait longer than its TTL", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const a = await startPoller({
    kv,
    clock,
    owner: "isolate-a",
    pollIntervalMs: 40_000,
  });
  await advance(clock, 0);
  const b = await startPoller({
    kv,
    clock,
    owner: "isolate-b",
    pollIntervalMs: 40_000,
  });
  try {
    await advance(clock, 120_000);
    assert.equal(b.api.calls.length, 0);
    assert.equal(a.of("deposed").length, 0);
    assert.deepEqual(
      a.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 40_000, 80_000, 120_000],
    );
  } finally {
    await a.stop();
    await b.stop();
  }
});

Deno.test("poll() keeps leading through a cycle whose lease renewal KV failed", async () => {
  const kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const inner = createLease({ kv, owner: "owner-a", ttlMs: 15_000, clock });
  let failing = 0;
  const lease = {
    ...inner,
    renew() {
      return failing-- > 0
        ? Promise.reject(new TypeError("database is locked"))
        : inner.renew();
    },
  };
  const h = await startPoller({ kv, clock, lease });
  try {
    await advance(h.clock, 5000);
    assert.equal(h.api.callsOf("listQueues").length, 1);
    failing = 3; // every attempt of the next renewal fails
    await advance(h.clock, 10_000);
    // One cycle skipped, no deposition, no directory reload; polling goes on.
    assert.deepEqual(h.of("deposed"), []);
    assert.deepEqual(h.of("standby"), []);
    assert.equal(h.api.callsOf("listQueues").length, 1);
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000, 15_000],
    );
  } finally {
    await h.stop();
    kv.close();
  }
});
