/**
 * 30 % of Genesys calls answer 503 for 60 s: failed calls are retried in the
 * cycle, a part that still fails keeps its last good value, and every cycle
 * whose observations answered commits. The data is never stale, and each
 * version's `fetchedAt` is when its observations answered.
 *
 * @module
 */

import assert from "node:assert/strict";
import { callsOf, content, OBSERVATIONS } from "../_support/mod.ts";
import { sinceStart, START, startFaultRun } from "./_run.ts";

Deno.test("partial 5xx: 30 % of calls fail for 60 s and the data never goes stale", async () => {
  await using run = await startFaultRun({ seed: 4 });
  const { svc, screen, drive } = run;
  await drive.runFor(10_000);
  svc.sim.setFaults({ errorRate: 0.3, errorStatus: 503 });
  await drive.runFor(60_000);
  svc.sim.setFaults({});
  await drive.runFor(10_000);

  assert.deepEqual(screen.of("status"), []);
  assert.equal((await svc.getJson("/readyz")).status, 200);
  assert.equal(screen.broken, null);
  const deltas = screen.of("delta").map((f) => f.msg);
  assert.deepEqual(
    deltas.map((d) => d.prev),
    deltas.map((_, i) => i + 1),
  );
  // Each version carries the time its observations answered, not the time
  // the slowest part (a retried one) finished.
  const answered = callsOf(svc.sim, OBSERVATIONS, START, START)
    .filter((c) => c.status === 200).map((c) => c.at);
  for (const delta of deltas) {
    const at = sinceStart(delta.fetchedAt);
    assert.ok(answered.includes(at), `v${delta.version} fetched at ${at}`);
    assert.equal(
      Math.max(...answered.filter((t) => t <= sinceStart(delta.committedAt))),
      at,
      `v${delta.version}: a later observation answer was committed`,
    );
  }
  // Some calls failed, and some cycles needed their retry.
  const failed = svc.sim.stats().log.filter((e) => e.status === 503).length;
  assert.ok(failed >= 10, `${failed} calls failed`);
  assert.ok(deltas.length >= 15, `${deltas.length} versions`);
  assert.deepEqual(
    content(screen.view!),
    content((await svc.getJson("/api/v1/snapshot")).body),
  );
});
