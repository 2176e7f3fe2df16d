/**
 * Genesys down for 60 s: the data goes stale exactly `STALE_AFTER_MS` after
 * the last answer, with the poller's reason; while down the poller probes
 * with one call every ½–1 interval; the first answer after the outage is
 * committed at once, and the screen's chain goes on without a gap.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  ACTIVITY,
  AGGREGATES,
  callsOf,
  content,
  logSummary,
  OBSERVATIONS,
} from "../_support/mod.ts";
import { START, startFaultRun } from "./_run.ts";

const DOWN =
  "Genesys does not answer queue observations (503 service.unavailable): probing every 5000 ms at most";

Deno.test("outage: stale 12 s after the last answer, probing, fresh again within one interval", async () => {
  await using run = await startFaultRun();
  const { svc, screen, drive } = run;
  await drive.runFor(10_000);
  svc.sim.setFaults({ outage: true });
  await drive.runFor(60_000);

  // The last good version stays served, marked stale with the reason.
  assert.deepEqual(await svc.getJson("/readyz"), {
    status: 503,
    body: {
      status: "stale",
      fetchedAt: "2026-11-27T10:00:10.000Z",
      ingest: "poll",
      reason: DOWN,
    },
  });
  const held = await svc.getJson("/api/v1/snapshot");
  assert.equal(held.body.version, 3);
  assert.equal(held.body.stale, true);
  // One status frame: at the first check after 12 s without an answer.
  assert.deepEqual(screen.of("status"), [{
    at: START + 23_000,
    msg: {
      type: "status",
      stale: true,
      fetchedAt: "2026-11-27T10:00:10.000Z",
      reason: DOWN,
    },
  }]);

  // The cycle that met the outage retried each call once; after that only
  // single observation probes, ½–1 interval apart; no other call at all.
  const from = START + 10_001;
  const probes = callsOf(svc.sim, OBSERVATIONS, from, START);
  assert.equal(probes[0].at, 15_000);
  assert.ok(probes[1].at - 15_000 <= 500, `retry at ${probes[1].at}`);
  for (let i = 2; i < probes.length; i++) {
    const gap = probes[i].at - probes[i - 1].at;
    assert.ok(gap >= 2500 && gap <= 5000, `probe gap ${gap} ms`);
  }
  assert.ok(probes.every((c) => c.status === 503));
  assert.deepEqual(
    callsOf(svc.sim, ACTIVITY, from, START).map((c) => c.status),
    [503, 503],
  );
  assert.deepEqual(callsOf(svc.sim, AGGREGATES, from, START), []);

  svc.sim.setFaults({});
  const clearedAt = run.elapsed();
  await drive.runUntil(() => screen.view!.version === 4);
  const answered = callsOf(svc.sim, OBSERVATIONS, START + 70_000, START)
    .filter((c) => c.status === 200);
  const recovered = answered[0].at;
  assert.ok(recovered - clearedAt <= 5000, `${recovered - clearedAt} ms`);
  // The probe that answered is followed at once by a full cycle.
  assert.deepEqual(answered.map((c) => c.at), [recovered, recovered]);
  const iso = new Date(START + recovered).toISOString();
  const [fresh, delta] = screen.frames.slice(-2);
  assert.deepEqual(fresh, {
    at: START + recovered,
    msg: { type: "status", stale: false, fetchedAt: iso },
  });
  assert.equal(delta.at, START + recovered);
  assert.equal(delta.msg.type, "delta");
  assert.equal(delta.msg.prev, 3);
  assert.equal(delta.msg.fetchedAt, iso);
  assert.equal(delta.msg.stale, false);
  assert.equal(screen.broken, null);
  const rest = await svc.getJson("/api/v1/snapshot");
  assert.deepEqual(content(screen.view!), content(rest.body));

  // One line when each part's burst starts, one when it ends.
  assert.deepEqual(logSummary(run.lines, "info").slice(3).sort(), [
    "info Genesys answers queue observations again",
    "info Genesys answers routing activity (agents) again",
    "warn Cannot poll Genesys: retrying",
    "warn Cannot poll Genesys: retrying",
  ]);
});
