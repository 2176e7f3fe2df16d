/**
 * KV refuses every write for 20 s: the isolate keeps serving the last
 * snapshot it holds (marked stale once it is too old), the poller keeps
 * polling and tries to commit every cycle, each failure burst is logged
 * once (commits, lease renewals, metrics) and once when it ends, and the
 * first commit after the failure continues the version chain.
 *
 * @module
 */

import assert from "node:assert/strict";
import { content, logSummary } from "../_support/mod.ts";
import { START, startFaultRun } from "./_run.ts";

Deno.test("KV writes fail for 20 s: last snapshot kept, retried every cycle, one line per burst", async () => {
  await using run = await startFaultRun();
  const { svc, screen, drive, faulty } = run;
  await drive.runFor(10_000);
  faulty.failWrites(true);
  await drive.runFor(20_000);

  // Still served from memory: version 3 of 10 s, stale since 23 s.
  const held = await svc.getJson("/api/v1/snapshot");
  assert.equal(held.body.version, 3);
  assert.equal(held.body.stale, true);
  assert.deepEqual(screen.of("status"), [{
    at: START + 23_000,
    msg: {
      type: "status",
      stale: true,
      fetchedAt: "2026-11-27T10:00:10.000Z",
      reason: "No successful poll for more than 12000 ms",
    },
  }]);
  assert.ok(faulty.refused > 0);

  faulty.failWrites(false);
  await drive.runUntil(() => screen.view!.version === 4);
  // The next cycle after the repair commits, right after the last one held.
  assert.equal(run.elapsed(), 35_000);
  const [fresh, delta] = screen.frames.slice(-2);
  assert.deepEqual(fresh.msg, {
    type: "status",
    stale: false,
    fetchedAt: "2026-11-27T10:00:35.000Z",
  });
  assert.equal(delta.msg.prev, 3);
  assert.equal(delta.msg.fetchedAt, "2026-11-27T10:00:35.000Z");
  assert.equal(screen.broken, null);
  assert.deepEqual(
    content(screen.view!),
    content((await svc.getJson("/api/v1/snapshot")).body),
  );

  const logged = logSummary(run.lines, "info").slice(3);
  const metrics = (line: string) => line.includes("metrics");
  assert.deepEqual(logged.filter((l) => !metrics(l)), [
    "error Cannot renew the poller lease",
    "error Cannot build or commit the snapshot: keeping the last one",
    "info Renewing the poller lease again",
    "info Snapshots commit again",
  ]);
  assert.deepEqual(logged.filter(metrics), [
    "warn Cannot publish metrics to KV",
    "info Publishing metrics to KV again",
  ]);
  const again = run.lines.find((l) => l.msg === "Snapshots commit again")!;
  // Cycles at 15, 20, 25 and 30 s could not commit; the burst lasted from
  // the first (after the renewal it waited for) to the commit at 35 s.
  const { part, failures, failedForMs } = again.fields as Record<
    string,
    number
  >;
  assert.deepEqual([part, failures], ["snapshot", 4]);
  assert.ok(failedForMs > 19_800 && failedForMs <= 20_000, `${failedForMs}`);
});
