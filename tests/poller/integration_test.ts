/**
 * The poller with its real neighbours: the Genesys client on the in-process
 * simulator's `fetch`, the KV snapshot store and the KV lease, all on one
 * `FakeClock`. Time moves only when every poller is asleep, so each run is
 * the same.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { PollEvent } from "../../src/poller/mod.ts";
import { createSimulator } from "../../src/simulator/mod.ts";
import type { SnapshotData } from "../../src/snapshot/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  contender,
  driveFor,
  driveUntil,
  INTERVAL,
  OBSERVATIONS,
  TTL,
} from "./_sim_pollers.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");

const DATA: SnapshotData = {
  fetchedAt: "2026-11-27T10:00:00.000Z",
  source: "simulator",
  queues: {},
  agents: {},
  sums: {},
  trend: {},
  trendSums: {},
};

Deno.test("poller + simulator + KV: one of two pollers polls; the other takes over after a crash", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const sim = createSimulator({ seed: 3, clock });
  const a = contender(kv, sim, clock, "isolate-a", false);
  const b = contender(kv, sim, clock, "isolate-b", false);
  const both = [a, b];
  try {
    await driveFor(clock, both, 60_000);
    const [leader, follower] = a.committed().length > 0 ? [a, b] : [b, a];
    assert.deepEqual(
      leader.committed(),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    );
    assert.deepEqual(follower.committed(), []);
    assert.equal(
      follower.seen.every(({ event }) => event.type === "standby"),
      true,
    );
    // Only one client ever talked to the simulator: one token, one
    // observation call per version, one directory load.
    const stats = sim.stats();
    assert.equal(stats.tokensIssued, 1);
    assert.equal(stats.requests[OBSERVATIONS], 13);
    assert.equal(stats.requests["GET /api/v2/routing/queues"], 1);

    // The leader crashes: it stops without releasing its lease.
    const oldFence = leader.lease.current()!;
    assert.ok(oldFence);
    await leader.stop();
    const crashedAt = clock.now();
    const held = await kv.get<{ owner: string; expiresAt: number }>(
      leader.lease.key,
    );
    assert.equal(held.value?.owner, leader.owner);

    await driveUntil(clock, both, () => follower.committed().length > 0);
    // The survivor polled the moment the lease ran out: within one TTL
    // of the crash.
    const tookOverIn = clock.now() - crashedAt;
    assert.ok(tookOverIn <= TTL, `took over in ${tookOverIn} ms`);
    assert.equal(clock.now(), held.value!.expiresAt);
    await driveFor(clock, both, 2 * INTERVAL);

    // Versions strictly increase across the takeover, without a gap.
    assert.deepEqual(follower.committed(), [14, 15, 16]);
    const latest = await follower.store.latest();
    assert.equal(latest?.version, 16);
    assert.equal(sim.stats().tokensIssued, 2);

    // A commit fenced by the deposed leader's lease is refused.
    assert.equal(await leader.store.commit(DATA, oldFence), null);
    assert.equal((await follower.store.latest())?.version, 16);
  } finally {
    for (const p of both) await p.stop();
  }
});

Deno.test("poller + simulator + KV: a restart on the same KV file continues the version in the same epoch", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-poller-" });
  const path = `${dir}/kv.sqlite3`;
  try {
    const clock = new FakeClock(T0);
    const sim = createSimulator({ seed: 4, clock });
    let epoch: string;
    {
      using kv = await Deno.openKv(path);
      const first = contender(kv, sim, clock, "run-1");
      await driveUntil(clock, [first], () => first.committed().length === 3);
      await first.stop();
      const latest = await first.store.latest();
      assert.equal(latest?.version, 3);
      epoch = latest!.epoch;
      // A clean stop released the lease.
      assert.equal((await kv.get(first.lease.key)).value, null);
    }
    {
      using kv = await Deno.openKv(path);
      const second = contender(kv, sim, clock, "run-2");
      try {
        // The lease was released: the new run leads on its first cycle.
        await driveUntil(clock, [second], () => second.committed().length > 0);
        assert.deepEqual(second.committed(), [4]);
        await driveUntil(clock, [second], () => second.committed().length > 1);
        assert.deepEqual(second.committed(), [4, 5]);
        const latest = await second.store.latest();
        assert.equal(latest?.epoch, epoch);
        assert.equal(latest?.version, 5);
      } finally {
        await second.stop();
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("poller + simulator + KV: a 429 waits exactly Retry-After, then polling recovers", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const sim = createSimulator({ seed: 5, clock });
  const p = contender(kv, sim, clock, "isolate-a");
  try {
    // The first cycle plans with the default allowance (300/min) and makes
    // five calls: directory, observations, activity, aggregates, users.
    await driveUntil(clock, [p], () => p.committed().length === 1);
    assert.equal(clock.now(), T0);
    sim.setFaults({ rateLimitPerMinute: 5 });

    await driveUntil(
      clock,
      [p],
      () => p.seen.some(({ event }) => event.type === "error"),
    );
    const failed = p.seen.filter(({ event }) => event.type === "error");
    // Observations and activity run side by side: both are refused.
    assert.deepEqual(
      failed.map(({ at, event }) => {
        const e = event as Extract<PollEvent, { type: "error" }>;
        return [at - T0, e.part, e.kind, e.retryInMs];
      }),
      [
        [INTERVAL, "observations", "rate-limited", 55_000],
        [INTERVAL, "activity", "rate-limited", 55_000],
      ],
    );
    sim.setFaults({});

    await driveUntil(clock, [p], () => p.committed().length === 2);
    const recovered = p.seen.findLast(({ event }) =>
      event.type === "committed"
    )!;
    // The token's window started at T0: 55 s were left of it.
    assert.equal(recovered.at, T0 + INTERVAL + 55_000);
    // Nothing was tried in between.
    assert.equal(sim.stats().rateLimited, 2);
    assert.equal(sim.stats().requests[OBSERVATIONS], 3);
    // The plan halved the rate on the 429 and regained it on the success:
    // the next poll is one planned interval later.
    await driveUntil(clock, [p], () => p.committed().length === 3);
    assert.equal(clock.now(), recovered.at + INTERVAL);
    const plans = p.seen.flatMap(({ event }) =>
      event.type === "plan"
        ? [[event.ceilingPerMinute, event.pollIntervalMs, event.slow]]
        : []
    );
    // 26.2 calls/min in use, halved to 13.1 (11 s polls, more than 12 s of
    // staleness can carry), then a tenth of the 240 budget per success.
    assert.deepEqual(plans, [
      [240, 5000, false],
      [13.1, 11_000, true],
      [37.1, 5000, false],
      [61.1, 5000, false],
    ]);
  } finally {
    await p.stop();
  }
});
