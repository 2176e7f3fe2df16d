/**
 * The trend over midnight with the real neighbours (simulator, client, KV
 * store, lease, fake clock): the new day's first aggregate answer replaces
 * yesterday's intervals, so they leave the snapshot and the log records
 * their removal; the aggregate calls stay one per batch and interval.
 *
 * @module
 */

import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { flatTrend } from "../../src/snapshot/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { contender, driveFor } from "./_sim_pollers.ts";

const AGGREGATES = "POST /api/v2/analytics/conversations/aggregates/query";

Deno.test("poller + simulator: at midnight in the zone yesterday's intervals leave the trend", async () => {
  using kv = await Deno.openKv(":memory:");
  // 23:58 in Europe/Berlin.
  const clock = new FakeClock("2026-11-27T22:58:00.000Z");
  const sim = createSimulator({ seed: 2, clock, timeZone: "Europe/Berlin" });
  const p = contender(kv, sim, clock, "isolate-a", true, {
    timeZone: "Europe/Berlin",
  });
  try {
    await driveFor(clock, [p], 90_000);
    const evening = flatTrend((await p.store.latest())!.trend);
    const starts = new Set(Object.values(evening).map((t) => t.start));
    assert.equal(starts.size, 48);
    assert.ok(starts.has("2026-11-26T23:00:00.000Z"));
    assert.ok(starts.has("2026-11-27T22:30:00.000Z"));
    // One call per aggregate interval (at 0, 30, 60 and 90 s): the trend
    // costs no call of its own.
    assert.equal(sim.stats().requests[AGGREGATES], 4);
    const eveningVersion = (await p.store.latest())!.version;

    await driveFor(clock, [p], 2 * 60_000);
    const snapshot = (await p.store.latest())!;
    const night = flatTrend(snapshot.trend);
    const left = Object.keys(evening).filter((key) =>
      !Object.hasOwn(night, key)
    );
    assert.deepEqual(left, Object.keys(evening));
    const now = Object.values(night);
    assert.ok(now.length > 0, "no traffic after midnight");
    for (const t of now) assert.equal(t.start, "2026-11-27T23:00:00.000Z");
    const changes = await p.store.changesSince(
      snapshot.epoch,
      eveningVersion,
      snapshot.version,
    );
    for (const key of left) assert.ok(changes!.trend.has(key), key);
  } finally {
    await p.stop();
  }
});
