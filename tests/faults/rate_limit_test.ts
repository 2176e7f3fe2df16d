/**
 * A 429 storm (the simulator allows 8 calls a minute for 130 s): every
 * retry comes exactly when its `Retry-After` ends, checked against the
 * arrival times the simulator logs; the data is deliberately slower but
 * never reported stale; once the last wait ends, polls are 5 s apart again.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Simulator } from "../../src/simulator/mod.ts";
import { logSummary } from "../_support/mod.ts";
import { sinceStart, START, startFaultRun } from "./_run.ts";

const LIMITED =
  "Genesys is rate limiting this client (429): polling is deliberately slower until it accepts more calls";

/** Records the `Retry-After` of every 429 the simulator answers, in order. */
function recordRetryAfter(sim: Simulator, into: number[]): void {
  const inner = sim.fetch;
  sim.fetch = async (input, init) => {
    const res = await inner(input, init);
    if (res.status === 429) into.push(Number(res.headers.get("retry-after")));
    return res;
  };
}

Deno.test("429 storm: each retry exactly at Retry-After, never stale, 5 s polls right after", async () => {
  const retryAfter: number[] = [];
  await using run = await startFaultRun({
    prepare: (sim) => recordRetryAfter(sim, retryAfter),
  });
  const { svc, screen, drive } = run;
  await drive.runFor(10_000);
  svc.sim.setFaults({ rateLimitPerMinute: 8 });
  await drive.runFor(90_000);
  assert.deepEqual(await svc.getJson("/readyz"), {
    status: 200,
    body: {
      status: "ready",
      fetchedAt: "2026-11-27T10:01:10.000Z",
      ingest: "poll",
      version: 6,
      reason: LIMITED,
    },
  });
  await drive.runFor(40_000);
  svc.sim.setFaults({});
  await drive.runFor(70_000);

  const api = svc.sim.stats().log.filter((e) => e.path.startsWith("/api/"))
    .map((e) => ({ at: e.at - START, status: e.status }));
  const limited = api.filter((c) => c.status === 429);
  assert.equal(limited.length, retryAfter.length);
  // Three windows of 8 calls: the cycles that met the limit, both calls of
  // each answered 429 with the seconds left in the simulator's window.
  assert.deepEqual(limited.map((c, i) => [c.at, retryAfter[i]]), [
    [15_000, 45],
    [15_000, 45],
    [75_000, 45],
    [75_000, 45],
    [135_000, 45],
    [135_000, 45],
  ]);
  for (const [i, c] of limited.entries()) {
    const until = c.at + retryAfter[i] * 1000;
    const next = api.find((d) => d.at > c.at)!;
    assert.equal(next.at, until, `retry after the 429 at ${c.at}`);
  }

  // Deliberately slower, never stale: no status frame at all.
  assert.deepEqual(screen.of("status"), []);
  assert.equal(screen.broken, null);
  // After the last wait (until 180 s), one poll every 5 s.
  const fetched = screen.of("delta").map((f) => sinceStart(f.msg.fetchedAt))
    .filter((t) => t >= 180_000);
  assert.deepEqual(fetched, [
    180_000,
    185_000,
    190_000,
    195_000,
    200_000,
    205_000,
    210_000,
  ]);
  assert.equal((await svc.getJson("/readyz")).body.reason, undefined);
  // One warning per burst of 429s, one line when calls are accepted again.
  const lines = logSummary(run.lines, "info");
  assert.equal(
    lines.filter((l) => l.includes("rate limited, waiting Retry-After")).length,
    3,
  );
  assert.equal(
    lines.filter((l) => l === "info Genesys accepts calls again").length,
    3,
  );
});
