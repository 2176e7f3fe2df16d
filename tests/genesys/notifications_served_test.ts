/**
 * The notification client with its default socket factory (`new
 * WebSocket`) against the standalone simulator over real HTTP and
 * WebSocket; the simulator's clock is fake, the transport real.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  createNotificationClient,
  type NotificationEvent,
} from "../../src/genesys/mod.ts";
import { createSimulator, serveSimulator } from "../../src/simulator/mod.ts";
import { FakeClock, until } from "../_support/mod.ts";

Deno.test("push over a real WebSocket: events, a drop, a reconnect", async () => {
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const sim = createSimulator({ seed: 12, clock });
  const controller = new AbortController();
  const server = serveSimulator(sim, {
    port: 0,
    hostname: "127.0.0.1",
    signal: controller.signal,
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  const events: NotificationEvent[] = [];
  try {
    const push = createNotificationClient({
      apiUrl: url,
      loginUrl: url,
      credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
      fetch: (request) => fetch(request),
      clock,
    });
    const session = await push.open(
      sim.queueIds().map((id) => `v2.analytics.queues.${id}.observations`),
      { onEvent: (e) => events.push(e), signal: controller.signal },
    );
    assert.match(session.health()[0].connectUri, /^ws:\/\/127\.0\.0\.1:\d+\//);
    await clock.tickAsync(10_000);
    await until(
      () => events.some((e) => e.kind === "queueObservation"),
      "receive a queue observation",
    );
    sim.setFaults({ dropSockets: true });
    await until(
      () => events.some((e) => e.kind === "closed"),
      "see the dropped socket closed",
    );
    assert.equal(session.health()[0].open, false);
    await session.reconnect();
    assert.equal(session.health()[0].open, true);
    await until(
      () => sim.stats().notifications.sockets === 1,
      "see the simulator hold one socket",
    );
    session.close();
    await until(
      () => sim.stats().notifications.sockets === 0,
      "see the simulator hold no socket",
    );
  } finally {
    controller.abort();
    await server.finished;
  }
});
