import assert from "node:assert/strict";
import { createSimulator, serveSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";

/** Resolves with the next text frame of `socket`. */
function nextFrame(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) => {
    socket.addEventListener(
      "message",
      (e) => resolve(JSON.parse(String(e.data))),
      { once: true },
    );
  });
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.addEventListener(
      "close",
      (e) => resolve({ code: e.code, reason: e.reason }),
      { once: true },
    )
  );
}

function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error("no open")), {
      once: true,
    });
  });
}

Deno.test("the standalone server serves a channel's WebSocket at its connectUri", async () => {
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const sim = createSimulator({ seed: 3, clock });
  const controller = new AbortController();
  const server = serveSimulator(sim, {
    port: 0,
    hostname: "127.0.0.1",
    signal: controller.signal,
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  try {
    const token = await (await fetch(`${base}/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa("sim-client:sim-secret")}` },
      body: "grant_type=client_credentials",
    })).json();
    const channel = await (await fetch(
      `${base}/api/v2/notifications/channels`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${token.access_token}` },
      },
    )).json();
    assert.equal(
      channel.connectUri,
      `ws://127.0.0.1:${server.addr.port}/channels/${channel.id}`,
    );
    const first = new WebSocket(channel.connectUri);
    await opened(first);
    const pong = nextFrame(first);
    first.send(JSON.stringify({ message: "ping" }));
    assert.deepEqual(await pong, {
      topicName: "channel.metadata",
      eventBody: { message: "pong" },
    });
    const heartbeat = nextFrame(first);
    await clock.tickAsync(30_000);
    assert.deepEqual(await heartbeat, {
      topicName: "channel.metadata",
      eventBody: { message: "WebSocket Heartbeat" },
    });
    const firstClosed = closed(first);
    const second = new WebSocket(channel.connectUri);
    await opened(second);
    assert.deepEqual(await firstClosed, {
      code: 4000,
      reason: "Another connection opened on this channel",
    });
    const unknown = await fetch(`${base}/channels/streaming-9-x`, {
      headers: { upgrade: "websocket" },
    });
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
    const secondClosed = closed(second);
    controller.abort();
    assert.deepEqual(await secondClosed, {
      code: 1000,
      reason: "The simulator is closing",
    });
  } finally {
    controller.abort();
    await server.finished;
  }
});
