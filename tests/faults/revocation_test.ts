/**
 * Genesys revokes the OAuth token: the next calls answer 401, the client
 * fetches one new token and repeats them at once, and the cycle commits on
 * time: no failure logged, nothing stale, no gap.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  ACTIVITY,
  callsOf,
  logSummary,
  OBSERVATIONS,
  TOKEN,
} from "../_support/mod.ts";
import { sinceStart, START, startFaultRun } from "./_run.ts";

Deno.test("token revocation: one new token, the calls repeated at once, the cycle on time", async () => {
  await using run = await startFaultRun();
  const { svc, screen, drive } = run;
  await drive.runFor(10_000);
  assert.equal(svc.sim.stats().tokensIssued, 1);
  svc.sim.setFaults({ revokeTokens: true });
  await drive.runFor(10_000);

  assert.equal(svc.sim.stats().tokensIssued, 2);
  const from = START + 10_001;
  assert.deepEqual(callsOf(svc.sim, TOKEN, from, START), [
    { at: 15_000, status: 200 },
  ]);
  for (const route of [OBSERVATIONS, ACTIVITY]) {
    assert.deepEqual(callsOf(svc.sim, route, from, START), [
      { at: 15_000, status: 401 },
      { at: 15_000, status: 200 },
      { at: 20_000, status: 200 },
    ]);
  }
  const fetched = screen.of("delta").map((f) => sinceStart(f.msg.fetchedAt));
  assert.deepEqual(fetched, [5000, 10_000, 15_000, 20_000]);
  assert.deepEqual(screen.of("status"), []);
  assert.equal(screen.broken, null);
  assert.deepEqual(logSummary(run.lines, "info").slice(3), []);
});
