/**
 * Push end to end: the in-process service on the simulator's notification
 * sockets (fake time), a real WebSocket screen, and the simulator's own
 * counts of what the service asked.
 *
 * @module
 */

import assert from "node:assert/strict";
import { type Msg, startTestService, subscribe } from "../_support/mod.ts";
import {
  assertScreenEqualsFreshPoll,
  COMMIT_MS,
  ingestOf,
  observationCalls,
  openScreen,
  POLL_MS,
  startPushService,
  untilIngest,
} from "./_push.ts";

Deno.test("push: a pushed change reaches a screen before the next poll would have", async () => {
  const svc = await startPushService({ seed: 4 });
  const screen = await openScreen(svc);
  try {
    assert.equal(await ingestOf(svc), "poll");
    await untilIngest(svc, "push");
    const lastPoll = observationCalls(svc.sim, 0).at(-1)!;
    const from = screen.updates().length;
    await svc.clock.advance(POLL_MS - 1000);
    await screen.until(
      () => screen.updates().length > from,
      "receive a pushed delta",
    );
    // No poll since, yet the screen saw agents change after that poll.
    assert.deepEqual(observationCalls(svc.sim, lastPoll + 1), []);
    const changed = screen.updates().slice(from).flatMap(({ msg: frame }) =>
      Object.values((frame.agents ?? {}) as Record<string, Msg | null>)
        .filter((a): a is Msg => a !== null)
        .map((a) => ({
          committed: Date.parse(frame.committedAt),
          since: Date.parse(a.routingStatusSince),
        }))
        .filter((a) => a.since > lastPoll)
    );
    assert.ok(changed.length > 0, "an agent changed after the last poll");
    // Change → commit within the simulator's one-second look plus the
    // commit window (fake time; the frame then goes out at once).
    for (const { committed, since } of changed) {
      assert.ok(
        committed - since <= 1000 + COMMIT_MS,
        `${committed - since} ms`,
      );
    }
    assert.equal(screen.broken, null);
    await assertScreenEqualsFreshPoll(svc, screen);
    // The frames and REST say which path fed the snapshot.
    assert.equal(screen.updates()[0].msg.ingest, "poll");
    const late = await subscribe(svc.wsUrl, {});
    await late.client.close();
    assert.equal(late.hello.ingest, "push");
    assert.equal(late.first.ingest, "push");
    assert.equal((await svc.getJson("/api/v1/snapshot")).body.ingest, "push");
  } finally {
    await screen.close();
    await svc.close();
  }
});

/** Genesys calls (no `/__sim` control calls) between two fake times. */
function callsBetween(
  log: { at: number; path: string }[],
  from: number,
  to: number,
): number {
  return log.filter((e) =>
    e.at >= from && e.at < to && !e.path.startsWith("/__sim")
  ).length;
}

Deno.test("push: with push live the service makes at most 20 % of the Genesys calls polling makes", async () => {
  const spanMs = 10 * 60_000;
  const counts: Record<string, number> = {};
  for (const notifications of ["true", "false"]) {
    const svc = await startTestService({
      seed: 4,
      env: {
        GENESYS_NOTIFICATIONS: notifications,
        POLL_INTERVAL_MS: String(POLL_MS),
      },
    });
    try {
      // Both start the same way: count from a minute in.
      await svc.clock.advance(60_000);
      const from = svc.clock.now();
      if (notifications === "true") assert.equal(await ingestOf(svc), "push");
      let calls = 0;
      for (let t = 0; t < spanMs; t += 60_000) {
        const start = svc.clock.now();
        await svc.clock.advance(60_000);
        calls += callsBetween(svc.sim.stats().log, start, svc.clock.now());
      }
      assert.equal(svc.clock.now() - from, spanMs);
      counts[notifications === "true" ? "push" : "poll"] = calls;
    } finally {
      await svc.close();
    }
  }
  assert.ok(
    counts.push <= 0.2 * counts.poll,
    `push ${counts.push} calls, poll ${counts.poll}`,
  );
});
