/**
 * The breaks of the adversarial run, against the simulator on fake time: a
 * 429 storm, an outage and a burst of 503s. Freshness is judged the way
 * `/readyz` judges it (`freshnessOf` with the leader's status record).
 *
 * @module
 */

import assert from "node:assert/strict";
import { freshnessOf, type PollerStatus } from "../../src/poller/mod.ts";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock, seededRandom } from "../_support/mod.ts";
import {
  type Contender,
  contender,
  driveFor,
  driveUntil,
  INTERVAL,
  OBSERVATIONS,
} from "./_sim_pollers.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const STALE_AFTER_MS = 12_000;
const ACTIVITY = "POST /api/v2/analytics/routing/activity/query";

/**
 * Milliseconds of `[from, to]` during which the data was stale, judged the
 * way `/readyz` does (`freshnessOf` with the leader's latest record). The
 * data's age grows between commits while the threshold changes only with a
 * status record, so the age is checked against the threshold in force at
 * each commit and record, and at `to` (the simulator answers at once: a
 * commit's data is fetched at the commit's time).
 */
function staleMs(
  p: Contender,
  from: number,
  to: number,
  { withStatus = true } = {},
): number {
  let fetchedAt: number | null = null;
  let status: PollerStatus | null = null;
  let stale = 0;
  const check = (until: number, at: number) => {
    const iso = fetchedAt === null ? null : new Date(fetchedAt).toISOString();
    const f = freshnessOf(status, iso, until, STALE_AFTER_MS);
    if (!f.stale || until <= from) return;
    const since = Math.max(from, at, (fetchedAt ?? 0) + f.staleAfterMs);
    stale += Math.max(0, Math.min(until, to) - since);
  };
  let last = from;
  for (const { at, event } of p.seen) {
    if (at > to) break;
    if (event.type !== "committed" && event.type !== "status") continue;
    check(at, last);
    last = at;
    if (event.type === "committed") fetchedAt = at;
    else if (withStatus) status = event.status;
  }
  check(to, last);
  return stale;
}

/** Commit times, ms since T0. */
function commitTimes(p: Contender): number[] {
  return p.seen.flatMap(({ at, event }) =>
    event.type === "committed" ? [at - T0] : []
  );
}

Deno.test("poller + simulator: a 130 s storm at 8/min leaves no stretch behind and never flaps", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const sim = createSimulator({ seed: 7, clock });
  const p = contender(kv, sim, clock, "isolate-a", true, { ttlMs: 15_000 });
  try {
    await driveUntil(clock, [p], () => p.committed().length === 1);
    sim.setFaults({ rateLimitPerMinute: 8 });
    await driveFor(clock, [p], 130_000);
    sim.setFaults({});
    assert.ok(sim.stats().rateLimited > 0);
    // Through the storm the data was deliberately slower, never stale; by
    // STALE_AFTER_MS alone it would have been stale for the two long waits.
    assert.equal(staleMs(p, T0, clock.now()), 0);
    assert.equal(
      staleMs(p, T0, clock.now(), { withStatus: false }),
      (60_000 - 10_000 - 12_000) + (120_000 - 70_000 - 12_000),
    );

    await driveFor(clock, [p], 60_000);
    const limited = p.seen.filter(({ event }) =>
      event.type === "error" && event.kind === "rate-limited"
    );
    const last = limited.at(-1)!;
    const waitedUntil = last.at - T0 +
      (last.event as { retryInMs: number }).retryInMs;
    // 8 calls a minute: each window lets three cycles through, then the
    // rest of the window is one exact Retry-After wait.
    assert.deepEqual(limited.map(({ at }) => at - T0), [
      10_000,
      75_000,
      75_000,
    ]);
    // The retry came exactly when Retry-After ran out, and every poll after
    // it is one planned interval apart: nothing stretched outlived the storm.
    const after = commitTimes(p).filter((t) => t >= waitedUntil);
    assert.equal(after[0], waitedUntil);
    assert.deepEqual(
      after.slice(1).map((t, i) => t - after[i]),
      after.slice(1).map(() => INTERVAL),
    );
    assert.ok(after.length >= 10);
    // The rate climbs back gradually, but the 26 calls/min this org needs
    // fit the first step: every plan since has the configured interval.
    const plans = p.seen.flatMap(({ at, event }) =>
      event.type === "plan" && at - T0 >= waitedUntil
        ? [[event.pollIntervalMs, event.ceilingPerMinute]]
        : []
    );
    assert.ok(plans.length > 1);
    for (const [interval] of plans) assert.equal(interval, INTERVAL);
    assert.ok(plans.at(-1)![1] > plans[0][1]);
  } finally {
    await p.stop();
  }
});

Deno.test("poller + simulator: after a 60 s outage it polls within one interval, probing with one call", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const sim = createSimulator({ seed: 8, clock });
  const p = contender(kv, sim, clock, "isolate-a", true, {
    random: seededRandom(8),
    ttlMs: 15_000,
  });
  try {
    await driveFor(clock, [p], 10_000);
    const before = sim.stats().requests;
    sim.setFaults({ outage: true });
    await driveFor(clock, [p], 60_000);
    const during = sim.stats().requests;
    sim.setFaults({});
    const clearedAt = clock.now();
    await driveUntil(clock, [p], () => commitTimes(p).at(-1)! > clearedAt - T0);
    // Recovery is seen within one poll interval of the clear.
    assert.ok(
      clock.now() - clearedAt <= INTERVAL,
      `${clock.now() - clearedAt}`,
    );
    // While down it only probed: one observation call each ½–1 interval,
    // after the cycle that found the outage (observations and activity,
    // each retried once).
    const probes = during[OBSERVATIONS] - before[OBSERVATIONS];
    assert.ok(probes >= 60_000 / INTERVAL && probes <= 2 + 60_000 / 2500);
    assert.equal(during[ACTIVITY] - before[ACTIVITY], 2);
    const status = await p.store.latest();
    assert.equal(status?.fetchedAt, new Date(clock.now()).toISOString());
  } finally {
    await p.stop();
  }
});

Deno.test("poller + simulator: under 30% 503s the data stays fresh", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const sim = createSimulator({ seed: 9, clock });
  const p = contender(kv, sim, clock, "isolate-a", true, {
    random: seededRandom(9),
    ttlMs: 15_000,
  });
  try {
    await driveUntil(clock, [p], () => p.committed().length === 1);
    sim.setFaults({ errorRate: 0.3, errorStatus: 503 });
    await driveFor(clock, [p], 60_000);
    // Failed parts keep their last value and are retried in the cycle; a
    // failed observation call is probed again within an interval. Nothing
    // hides staleness here: 503s are not a deliberate slowdown.
    assert.equal(staleMs(p, T0, clock.now(), { withStatus: false }), 0);
    const refused = sim.stats().requests[OBSERVATIONS] - p.committed().length;
    assert.ok(refused >= 3, `${refused} observation calls refused`);
    assert.ok(p.committed().length >= 10, `${p.committed().length}`);
    const latest = await p.store.latest();
    assert.ok(latest?.parts);
  } finally {
    await p.stop();
  }
});
