import assert from "node:assert/strict";
import type { Principal } from "../../src/auth/mod.ts";
import { createLogger } from "../../src/log.ts";
import { fakeAuth } from "./_fakes.ts";
import { startServer, type TestServer } from "./_server.ts";
import { baseShape, snapshotOf, T0 } from "./_snapshots.ts";
import { WsClient } from "../_support/mod.ts";

const SCOPED: Principal = { queues: ["q-1"], agents: false, expiresAt: null };

function error(code: string, message: string) {
  return { type: "error", code, message };
}

/** A fresh client that has read its hello. */
async function connect(server: TestServer): Promise<WsClient> {
  const client = await WsClient.connect(server.wsUrl);
  assert.equal((await client.next()).type, "hello");
  return client;
}

/** A normal client still gets hello → subscribe → snapshot. */
async function assertServes(server: TestServer, token?: string) {
  const client = await connect(server);
  client.send({ type: "subscribe", token });
  const snapshot = await client.next();
  assert.equal(snapshot.type, "snapshot");
  await client.close();
}

Deno.test("ws: bad messages get exact error frames and keep the connection", async () => {
  const server = await startServer({
    auth: fakeAuth({ scoped: SCOPED, expired: "token_expired" }),
  });
  await server.publish(snapshotOf(1, baseShape(1)));
  const client = await connect(server);
  try {
    const cases: [string | Uint8Array, unknown][] = [
      ["{", error("bad_request", "Cannot parse message: invalid JSON")],
      [
        '{"type":"nope"}',
        error("bad_request", 'Cannot parse message: unknown type "nope"'),
      ],
      [
        '{"type":"subscribe","queues":"q-1"}',
        error(
          "bad_request",
          'Cannot parse subscribe: "queues" must be an array of queue ids',
        ),
      ],
      [
        '{"type":"subscribe","agents":1}',
        error(
          "bad_request",
          'Cannot parse subscribe: "agents" must be a boolean',
        ),
      ],
      [
        new Uint8Array([1, 2, 3]),
        error(
          "bad_request",
          "Cannot parse message: binary frames are not accepted",
        ),
      ],
      ['{"type":"ping"}', { type: "pong" }],
      [
        '{"type":"subscribe","token":"scoped","queues":["q-1","q-2"]}',
        error(
          "forbidden",
          'Cannot subscribe: queue "q-2" is outside the token\'s scope',
        ),
      ],
      [
        '{"type":"subscribe","token":"scoped","agents":true}',
        error(
          "forbidden",
          "Cannot subscribe: the token does not grant the agent board",
        ),
      ],
      // Still unsubscribed: the pong comes before any snapshot.
      ['{"type":"ping"}', { type: "pong" }],
    ];
    for (const [frame, expected] of cases) {
      client.socket.send(frame);
      assert.deepEqual(await client.next(), expected, String(frame));
    }

    client.send({ type: "subscribe", token: "scoped" });
    const snapshot = await client.next();
    assert.deepEqual(Object.keys(snapshot.queues as object), ["q-1"]);
    client.send({ type: "subscribe", token: "scoped", queues: ["q-9"] });
    assert.deepEqual(
      await client.next(),
      error(
        "forbidden",
        'Cannot subscribe: queue "q-9" is outside the token\'s scope',
      ),
    );
    await server.publish(snapshotOf(2, baseShape(2)));
    const delta = await client.next();
    assert.deepEqual([delta.type, delta.prev, delta.version], ["delta", 1, 2]);
    assert.deepEqual(Object.keys(delta.queues as object), ["q-1"]);
  } finally {
    await client.close();
  }
  await assertServes(server, "scoped");
  await server.close();
});

Deno.test("ws: auth failures close with 1008 and 4001", async () => {
  const server = await startServer({
    auth: fakeAuth({ scoped: SCOPED, expired: "token_expired" }),
  });
  await server.publish(snapshotOf(1, baseShape(1)));
  const refused = await connect(server);
  refused.send({ type: "subscribe", token: "forged" });
  assert.deepEqual(
    await refused.next(),
    error("unauthorized", "Cannot verify token: bad signature"),
  );
  assert.deepEqual(await refused.waitClosed(), {
    code: 1008,
    reason: "Unauthorized",
  });

  const expired = await connect(server);
  expired.send({ type: "subscribe", token: "expired" });
  assert.deepEqual(await expired.waitClosed(), {
    code: 4001,
    reason: "Token expired",
  });
  await assertServes(server, "scoped");
  await server.close();
});

Deno.test("ws: a token expiring while subscribed closes with 4001 unless refreshed", async () => {
  const soon: Principal = { queues: "*", agents: false, expiresAt: T0 + 5_000 };
  const later: Principal = { ...soon, expiresAt: T0 + 20_000 };
  const server = await startServer({
    auth: fakeAuth({ soon, later, forever: SCOPED }),
  });
  await server.publish(snapshotOf(1, baseShape(1)));
  const client = await connect(server);
  client.send({ type: "subscribe", token: "soon" });
  assert.equal((await client.next()).type, "snapshot");
  client.send({ type: "subscribe", token: "later" });
  assert.equal((await client.next()).type, "snapshot");
  await server.clock.tickAsync(6_000);
  client.send({ type: "ping" });
  assert.deepEqual(await client.next(), { type: "pong" });
  await server.clock.tickAsync(14_000);
  assert.deepEqual(await client.waitClosed(), {
    code: 4001,
    reason: "Token expired",
  });
  // The service still serves; an already expired token is refused at once.
  const again = await connect(server);
  again.send({ type: "subscribe", token: "later" });
  assert.equal((await again.waitClosed()).code, 4001);
  await assertServes(server, "forever");
  await server.close();
});

Deno.test("ws: no subscribe within the timeout closes with 1008", async () => {
  const server = await startServer();
  const idle = await connect(server);
  await server.clock.tickAsync(9_999);
  idle.send({ type: "ping" });
  assert.deepEqual(await idle.next(), { type: "pong" });
  await server.clock.tickAsync(1);
  assert.deepEqual(await idle.waitClosed(), {
    code: 1008,
    reason: "No subscribe in time",
  });
  await server.publish(snapshotOf(1, baseShape(1)));
  await assertServes(server);
  await server.close();
});

Deno.test("ws: an oversized frame closes with 1009", async () => {
  const server = await startServer();
  await server.publish(snapshotOf(1, baseShape(1)));
  const client = await connect(server);
  client.send({ type: "ping", pad: "x".repeat(64 * 1024) });
  assert.deepEqual(
    await client.next(),
    error(
      "too_large",
      "Cannot accept frame: 65560 bytes is over the limit of 65536 bytes",
    ),
  );
  assert.deepEqual(await client.waitClosed(), {
    code: 1009,
    reason: "Frame too large",
  });
  await assertServes(server);
  await server.close();
});

Deno.test("ws: over the message rate, refusals are answered once per second", async () => {
  const server = await startServer({
    messageRate: { perSecond: 2, burst: 4 },
  });
  await server.publish(snapshotOf(1, baseShape(1)));
  const client = await connect(server);
  const limited = error(
    "rate_limited",
    "Cannot process message: over the limit of 2 messages per second",
  );
  const pong = { type: "pong" };
  // 4 in the burst, then two refusals: one answer, one silent.
  for (let i = 0; i < 6; i++) client.send({ type: "ping" });
  for (const expected of [pong, pong, pong, pong, limited]) {
    assert.deepEqual(await client.next(), expected);
  }
  await server.clock.tickAsync(1_000);
  // Two tokens back; the refusal after them is answered again.
  for (let i = 0; i < 3; i++) client.send({ type: "ping" });
  for (const expected of [pong, pong, limited]) {
    assert.deepEqual(await client.next(), expected);
  }
  await server.clock.tickAsync(1_000);
  client.send({ type: "ping" });
  assert.deepEqual(await client.next(), pong, "nothing else was answered");
  await client.close();
  await assertServes(server);
  await server.close();
});

Deno.test("ws: refusals beyond the burst close with 1008 after one answer", async () => {
  const server = await startServer();
  await server.publish(snapshotOf(1, baseShape(1)));
  const client = await connect(server);
  // 40 in the burst, then 41 refusals: the 41st is one more than allowed.
  for (let i = 0; i < 81; i++) client.send({ type: "ping" });
  assert.deepEqual(await client.waitClosed(), {
    code: 1008,
    reason: "Rate limit exceeded",
  });
  assert.deepEqual(client.raw.slice(1).map((text) => JSON.parse(text)), [
    ...Array(40).fill({ type: "pong" }),
    error(
      "rate_limited",
      "Cannot process message: over the limit of 20 messages per second",
    ),
  ]);
  assert.equal(server.realtime.metrics().rateLimitClosed, 1);
  await assertServes(server);
  await server.close();
});

Deno.test("ws: a sustained flood of 1,750 messages per second is closed within 100 ms", async () => {
  const server = await startServer();
  await server.publish(snapshotOf(1, baseShape(1)));
  const client = await connect(server);
  // 17 or 18 pings every 10 ms of fake time, for up to 10 s: each step's
  // refill (0.2 tokens) lets one through now and then, which reset the old
  // count of refusals in a row, so the flood was never closed.
  let elapsedMs = 0;
  for (; elapsedMs < 10_000; elapsedMs += 10) {
    if (server.realtime.metrics().rateLimitClosed > 0) break;
    const step = elapsedMs / 10;
    const count = Math.floor(17.5 * (step + 1)) - Math.floor(17.5 * step);
    for (let i = 0; i < count; i++) {
      if (client.socket.readyState === WebSocket.OPEN) {
        client.send({ type: "ping" });
      }
    }
    await server.clock.tickAsync(10);
  }
  // The refusals run over the burst at about 40 ms.
  assert.ok(elapsedMs <= 100, `closed after ${elapsedMs} ms`);
  assert.equal(server.realtime.metrics().rateLimitClosed, 1);
  // Deno drops a server socket that still receives data after close(), and
  // the reset can discard what the client had not read yet: the frames and
  // the close code are checked in the test above, where the client stops.
  await client.waitClosed();
  assert.equal(server.realtime.connections(), 0);
  await assertServes(server);
  await server.close();
});

Deno.test("ws: over maxConnections the socket is accepted then closed with 1013", async () => {
  const server = await startServer({ maxConnections: 1 });
  const first = await connect(server);
  const second = await WsClient.connect(server.wsUrl);
  assert.deepEqual(await second.waitClosed(), {
    code: 1013,
    reason: "Server over its connection limit",
  });
  assert.equal(server.realtime.connections(), 1);
  await first.close();
  await server.publish(snapshotOf(1, baseShape(1)));
  await assertServes(server);
  await server.close();
});

Deno.test("ws: an exception in a handler closes with 1011 and is logged", async () => {
  const lines: string[] = [];
  const server = await startServer({
    auth: {
      required: true,
      verify: () => Promise.reject(new TypeError("Cannot reach key store")),
    },
    log: createLogger({ write: (line) => lines.push(line) }),
  });
  await server.publish(snapshotOf(1, baseShape(1)));
  const client = await connect(server);
  client.send({ type: "subscribe", token: "any" });
  assert.deepEqual(await client.waitClosed(), {
    code: 1011,
    reason: "Internal error",
  });
  assert.equal(lines.length, 1);
  const logged = JSON.parse(lines[0]);
  assert.equal(logged.msg, "WebSocket handler failed");
  assert.deepEqual(logged.error, {
    name: "TypeError",
    message: "Cannot reach key store",
  });
  assert.equal(server.realtime.connections(), 0);
  await server.close();
});
