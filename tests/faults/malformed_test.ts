/**
 * Malformed answers (truncated JSON with status 200, like a connection cut
 * mid-body): at 30 % they are retried in the cycle like a 5xx and the data
 * never goes stale; when every answer is malformed the data goes stale with
 * the poller's reason and recovers within one interval of the fix.
 *
 * @module
 */

import assert from "node:assert/strict";
import { callsOf, logSummary, OBSERVATIONS } from "../_support/mod.ts";
import { START, startFaultRun } from "./_run.ts";

Deno.test("malformed bodies: 30 % for 2 minutes never make the data stale", async () => {
  await using run = await startFaultRun({ seed: 4 });
  const { svc, screen, drive } = run;
  svc.sim.setFaults({ malformedRate: 0.3 });
  await drive.runFor(120_000);

  assert.deepEqual(screen.of("status"), []);
  assert.equal(screen.broken, null);
  // 24 cycles; the malformed observation answers were asked again.
  const calls = callsOf(svc.sim, OBSERVATIONS, START, START).length;
  assert.ok(calls > 25, `${calls} observation calls`);
  // At least 20 of the 24 cycles commit (15 did when they were not retried).
  assert.ok(screen.of("delta").length >= 20, `${screen.of("delta").length}`);
  const warned = logSummary(run.lines, "warn").filter((l) =>
    l.startsWith("warn Cannot poll")
  );
  assert.ok(warned.length > 0);
  assert.ok(warned.every((l) => l === "warn Cannot poll Genesys: retrying"));
});

Deno.test("malformed bodies: all answers malformed for 30 s, then fixed", async () => {
  await using run = await startFaultRun({ seed: 3 });
  const { svc, screen, drive } = run;
  await drive.runFor(10_000);
  svc.sim.setFaults({ malformedRate: 1 });
  await drive.runFor(30_000);
  const reason =
    "Genesys does not answer queue observations (200 malformed.response): probing every 5000 ms at most";
  assert.deepEqual(screen.of("status"), [{
    at: START + 23_000,
    msg: {
      type: "status",
      stale: true,
      fetchedAt: "2026-11-27T10:00:10.000Z",
      reason,
    },
  }]);
  assert.deepEqual(await svc.getJson("/readyz"), {
    status: 503,
    body: {
      status: "stale",
      fetchedAt: "2026-11-27T10:00:10.000Z",
      reason,
      ingest: "poll",
    },
  });
  svc.sim.setFaults({});
  await drive.runUntil(() => screen.view!.version === 4);
  const probes = callsOf(svc.sim, OBSERVATIONS, START + 40_000, START);
  assert.ok(probes[0].at - 40_000 <= 5000, `first call ${probes[0].at}`);
  assert.equal(screen.frames.at(-1)!.msg.prev, 3);
  assert.equal(screen.frames.at(-2)!.msg.stale, false);
  assert.equal(screen.broken, null);
});
