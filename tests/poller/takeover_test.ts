/**
 * Leader takeover on fake time, measured against its targets: a survivor
 * polls within 5 s of the leader's death, a restarted single process within
 * 6 s of the kill, and a deposed leader never writes. Also what the lease
 * costs in KV writes per minute at each TTL (docs/polling.md quotes it).
 *
 * @module
 */

import assert from "node:assert/strict";
import { createLease, DEFAULT_LEASE_TTL_MS } from "../../src/poller/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { advance, advanceUntil, type Harness, startPoller } from "./_fakes.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");

function firstCallAt(h: Harness): number | null {
  return h.api.calls[0]?.at ?? null;
}

Deno.test("takeover: a survivor polls within 5 s of the leader's death, wherever it falls", async () => {
  let worst = 0;
  // The leader renews every 1333 ms; deaths spread over one period from
  // right after the renewal at 3 × 1333 ms (the worst case) on.
  for (const offset of [0, 333, 666, 999, 1332]) {
    using kv = await Deno.openKv(":memory:");
    const clock = new FakeClock(T0);
    const solo = {
      kv,
      clock,
      ttlMs: DEFAULT_LEASE_TTL_MS,
      releaseOnExit: false,
    };
    const leader = await startPoller({ ...solo, owner: "a" });
    await advance(clock, 0);
    const survivor = await startPoller({ ...solo, owner: "b" });
    try {
      await advance(clock, 3 * 1333 + offset);
      leader.controller.abort(); // kill -9: no release, no last write
      await leader.done;
      const diedAt = clock.now();
      await advanceUntil(clock, () => firstCallAt(survivor) !== null);
      const gap = firstCallAt(survivor)! - diedAt;
      assert.ok(gap <= 5000, `died at +${offset}: polled after ${gap} ms`);
      assert.equal(gap, DEFAULT_LEASE_TTL_MS - offset);
      worst = Math.max(worst, gap);
    } finally {
      await leader.stop();
      await survivor.stop();
    }
  }
  // One TTL after the last renewal, at most.
  assert.equal(worst, DEFAULT_LEASE_TTL_MS);
});

Deno.test("takeover: a restarted single process polls within 6 s of the kill", async () => {
  for (const restartMs of [500, 2000, 3999, 5000]) {
    using kv = await Deno.openKv(":memory:");
    const clock = new FakeClock(T0);
    const first = await startPoller({
      kv,
      clock,
      owner: "run-1",
      ttlMs: DEFAULT_LEASE_TTL_MS,
      releaseOnExit: false,
    });
    await advance(clock, 6000);
    first.controller.abort();
    await first.done;
    const killedAt = clock.now();
    const { expiresAt } = (await kv.get<{ expiresAt: number }>(first.lease.key))
      .value!;
    await advance(clock, restartMs);
    // A new process has a new owner id: it must wait for its own dead lease.
    const second = await startPoller({
      kv,
      clock,
      owner: "run-2",
      ttlMs: DEFAULT_LEASE_TTL_MS,
    });
    try {
      await advanceUntil(clock, () => firstCallAt(second) !== null);
      const gap = firstCallAt(second)! - killedAt;
      assert.ok(gap <= 6000, `restarted after ${restartMs}: ${gap} ms`);
      // It polls at start, or when the dead lease runs out (≤ one TTL).
      assert.equal(gap, Math.max(restartMs, expiresAt - killedAt));
      assert.ok(expiresAt - killedAt <= DEFAULT_LEASE_TTL_MS);
    } finally {
      await first.stop();
      await second.stop();
    }
  }
});

Deno.test("takeover: a leader cut off from KV is fenced out once a survivor leads", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const inner = createLease({ kv, owner: "a", clock });
  let cutOff = false;
  const lease = {
    ...inner,
    renew: () =>
      cutOff
        ? Promise.reject(new TypeError("database is locked"))
        : inner.renew(),
  };
  const a = await startPoller({ kv, clock, lease, releaseOnExit: false });
  await advance(clock, 0);
  const b = await startPoller({
    kv,
    clock,
    owner: "b",
    ttlMs: DEFAULT_LEASE_TTL_MS,
  });
  try {
    await advance(clock, 10_000);
    cutOff = true; // a keeps polling, but cannot renew
    await advanceUntil(clock, () => b.of("committed").length > 0);
    const tookOverAt = clock.now();
    await advance(clock, 10_000);
    // a's next commit was refused by the fence: it stopped leading and
    // wrote nothing after b took over.
    assert.equal(a.of("deposed").length, 1);
    assert.ok(a.store.rejected >= 1);
    const lastOfA = a.store.snapshots.at(-1)!;
    assert.ok(Date.parse(lastOfA.committedAt) < tookOverAt);
    const versions = [...a.store.snapshots, ...b.store.snapshots]
      .map((s) => s.version);
    assert.deepEqual(versions, [...versions].sort((x, y) => x - y));
    assert.equal(new Set(versions).size, versions.length);
  } finally {
    await a.stop();
    await b.stop();
  }
});

/** Counts the atomic commits that write under `prefix`. */
function countingKv(kv: Deno.Kv, prefix: string) {
  let writes = 0;
  const counting = new Proxy(kv, {
    get(target, name) {
      if (name !== "atomic") {
        const value = Reflect.get(target, name, target);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return () => {
        const op = target.atomic();
        let ours = false;
        const set = op.set.bind(op);
        const commit = op.commit.bind(op);
        op.set = (key, value, options) => {
          ours ||= key[1] === prefix;
          return set(key, value, options);
        };
        op.commit = () => {
          if (ours) writes++;
          return commit();
        };
        return op;
      };
    },
  });
  return { kv: counting, writes: () => writes };
}

Deno.test("takeover: what the lease costs in KV writes per minute at each TTL", async () => {
  const perMinute: Record<number, number> = {};
  for (const ttlMs of [15_000, DEFAULT_LEASE_TTL_MS]) {
    using kv = await Deno.openKv(":memory:");
    const clock = new FakeClock(T0);
    const counted = countingKv(kv, "lease");
    const lease = createLease({ kv: counted.kv, owner: "a", ttlMs, clock });
    const h = await startPoller({ kv, clock, lease });
    try {
      await advance(clock, 60_000);
      // Minus the acquire at 0 s: renewals in one minute of leading.
      perMinute[ttlMs] = counted.writes() - 1;
    } finally {
      await h.stop();
    }
  }
  // One write per renewal, every third of the TTL: ⌊60 000 / ⌊TTL/3⌋⌋.
  assert.deepEqual(perMinute, { 15000: 12, 4000: 45 });
});
