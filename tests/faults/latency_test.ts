/**
 * Slow Genesys answers: each version is dated by when its observations
 * answered, cycles stay on their 5 s grid while answers take less than an
 * interval, a slower answer delays the next cycle (cycles never overlap),
 * and the data is never stale while answers come within `STALE_AFTER_MS`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { callsOf, OBSERVATIONS } from "../_support/mod.ts";
import { sinceStart, START, startFaultRun } from "./_run.ts";

/** `[observations sent, version fetched, version committed]`, ms since the start. */
async function timeline(latencyMs: number) {
  await using run = await startFaultRun();
  const { svc, screen, drive } = run;
  await drive.runFor(10_000);
  svc.sim.setFaults({ latencyMs });
  await drive.runFor(20_000);
  svc.sim.setFaults({});
  await drive.runFor(15_000);
  assert.deepEqual(screen.of("status"), []);
  assert.equal(screen.broken, null);
  const sent = callsOf(svc.sim, OBSERVATIONS, START + 10_001, START)
    .map((c) => c.at);
  const versions = screen.of("delta").slice(2).map(({ msg }) => [
    sinceStart(msg.fetchedAt),
    sinceStart(msg.committedAt),
  ]);
  return { sent, versions };
}

Deno.test("latency: 800 ms answers keep the 5 s grid, each version dated by its answer", async () => {
  assert.deepEqual(await timeline(800), {
    sent: [15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000],
    versions: [
      [15_800, 15_800],
      [20_800, 20_800],
      [25_800, 25_800],
      [30_800, 30_800],
      [35_000, 35_000],
      [40_000, 40_000],
      [45_000, 45_000],
    ],
  });
});

Deno.test("latency: 7 s answers delay the next cycle instead of overlapping it", async () => {
  // The cycle sent at 15 s answers at 22 s, past its successor's slot: the
  // next one starts then. The cycle sent at 29 s still takes 7 s after the
  // fault is cleared at 30 s; the one after it starts at once and answers
  // at once, so two versions are fetched at 36 s; then the grid resumes.
  assert.deepEqual(await timeline(7000), {
    sent: [15_000, 22_000, 29_000, 36_000, 41_000],
    versions: [
      [22_000, 22_000],
      [29_000, 29_000],
      [36_000, 36_000],
      [36_000, 36_000],
      [41_000, 41_000],
    ],
  });
});
