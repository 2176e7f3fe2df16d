import assert from "node:assert/strict";
import { FakeClock } from "../_support/mod.ts";
import { advance, advanceUntil, type Harness, startPoller } from "./_fakes.ts";
import { createLease, DEFAULT_LEASE_TTL_MS } from "../../src/poller/mod.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const TTL = DEFAULT_LEASE_TTL_MS;

const DATA = {
  fetchedAt: "2026-11-27T10:00:00.000Z",
  source: "simulator" as const,
  queues: {},
  agents: {},
  sums: {},
  trend: {},
  trendSums: {},
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
    // Exactly one polls, on every interval; the other stands by, silently.
    assert.equal(observationCalls(leader), 13);
    assert.equal(follower.api.calls.length, 0);
    assert.equal(leader.of("standby").length, 0);
    assert.deepEqual(follower.events.map((e) => e.type), ["standby"]);

    // The leader crashes: it stops without releasing the lease.
    const oldFence = leader.lease.current()!;
    assert.ok(oldFence);
    leader.controller.abort();
    await leader.done;
    const crashedAt = clock.now();
    const held = (await kv.get<{ owner: string; expiresAt: number }>([
      "qp",
      "lease",
    ])).value!;
    assert.equal(held.owner, leader.lease.owner);

    await advanceUntil(clock, () => observationCalls(follower) > 0);
    // The follower slept until the lease ran out and polled right then:
    // one TTL after the last renewal at most.
    assert.equal(clock.now(), held.expiresAt);
    assert.ok(clock.now() - crashedAt <= TTL, `${clock.now() - crashedAt}`);
    assert.deepEqual(follower.events.slice(-4).map((e) => e.type), [
      "leader",
      "plan",
      "committed",
      "status",
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

Deno.test("poll() on two isolates: a clean shutdown hands over within one TTL", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const a = await startPoller({ kv, clock, owner: "isolate-a", ttlMs: TTL });
  await advance(clock, 0);
  const b = await startPoller({ kv, clock, owner: "isolate-b", ttlMs: TTL });
  try {
    await advance(clock, 10_000);
    assert.equal(b.api.calls.length, 0);
    a.controller.abort();
    await a.done;
    assert.equal((await kv.get(["qp", "lease"])).value, null);
    const stoppedAt = clock.now();
    await advanceUntil(clock, () => observationCalls(b) > 0);
    assert.ok(clock.now() - stoppedAt <= TTL);
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
    const expiresAt = h.clock.now() + 60_000;
    await h.kv.set(["qp", "lease"], { owner: "intruder", expiresAt });
    await advance(h.clock, 10_000);
    // The next renewal (at 10 s) found it: no poll after that.
    assert.deepEqual(h.events.slice(-2).map((e) => e.type), [
      "deposed",
      "standby",
    ]);
    assert.equal(h.lease.current(), null);
    assert.equal(h.store.snapshots.length, 2);
    assert.equal(h.api.callsOf("queueObservations").length, 2);

    // When the intruder's lease runs out, polling resumes at once with a
    // fresh directory load.
    await advanceUntil(h.clock, () => h.of("committed").length === 3);
    assert.equal(h.clock.now(), expiresAt);
    assert.equal(h.api.callsOf("listQueues").length, 2);
    assert.equal(h.of("leader").length, 2);
    assert.equal(h.of("standby").length, 1);
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
    // Deposed at 5 s; the lease is still ours to take (the refusal was
    // staged), so it leads again at once, reloading the directory with the
    // plan unchanged (no plan event).
    assert.deepEqual(h.events.map((e) => e.type), [
      "leader",
      "plan",
      "committed",
      "status",
      "deposed",
      "leader",
      "committed",
      "status",
    ]);
    assert.deepEqual(
      h.api.callsOf("listQueues").map((c) => c.at - T0),
      [0, 5000],
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() keeps the lease during a wait longer than its TTL", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const slow = { kv, clock, ttlMs: 15_000, pollIntervalMs: 40_000 };
  const a = await startPoller({ ...slow, owner: "isolate-a" });
  await advance(clock, 0);
  const b = await startPoller({ ...slow, owner: "isolate-b" });
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

Deno.test("poll() keeps leading and polling through a renewal KV failed", async () => {
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
    await advance(h.clock, 4000);
    failing = 3; // every attempt of the renewal at 5 s fails
    await advance(h.clock, 11_000);
    // No deposition, no directory reload, not a cycle lost.
    assert.deepEqual(h.of("deposed"), []);
    assert.deepEqual(h.of("standby"), []);
    assert.equal(h.api.callsOf("listQueues").length, 1);
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000, 10_000, 15_000],
    );
    assert.deepEqual(
      h.lines.filter((l) => l.level === "error").map((l) => l.msg),
      ["Cannot renew the poller lease"],
    );
  } finally {
    await h.stop();
    kv.close();
  }
});
