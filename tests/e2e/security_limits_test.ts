/**
 * Limits end-to-end (issue 5): token expiry and refresh on a WebSocket, the
 * 10 s subscribe deadline, the connection limit (1013 / 503), the message
 * rate, the 64 KiB frame limit and the per-address connection rate, on the
 * whole service with a FakeClock.
 *
 * @module
 */

import assert from "node:assert/strict";
import { makeData, makeOrg, prng } from "./_security_data.ts";
import {
  Evidence,
  type Harness,
  type HarnessOptions,
  mint,
  startHarness,
} from "./_security_helpers.ts";
import { request } from "./_security_clients.ts";
import { SseClient, SseRefused, WsClient } from "../_support/mod.ts";

const evidence = new Evidence();

/** A service whose poller stands by, holding one synthetic snapshot. */
async function heldHarness(
  options: Partial<HarnessOptions> = {},
): Promise<Harness> {
  const h = await startHarness({ evidence, poller: "held", ...options });
  const random = prng(11);
  await h.commit(makeData(makeOrg(random), random, 1));
  await h.waitVersion(1);
  return h;
}

/** Opens a socket and reads its hello. */
async function open(h: Harness): Promise<WsClient> {
  const ws = await WsClient.connect(h.wsUrl, { record: evidence.outputs });
  assert.equal((await ws.next()).type, "hello");
  return ws;
}

Deno.test("a WebSocket whose token expires is closed with 4001; a fresh token before expiry extends it", async () => {
  const h = await heldHarness();
  try {
    const short = await mint(evidence, h.clock.now(), { expIn: 20 });
    const expiring = await open(h);
    const refreshed = await open(h);
    const sse = await SseClient.open(`${h.base}/api/v1/stream`, {
      headers: {
        authorization: `Bearer ${short}`,
      },
      record: evidence.outputs,
    });
    assert.equal((await sse.next())?.event, "snapshot");
    assert.equal((await expiring.subscribe({ token: short })).type, "snapshot");
    assert.equal(
      (await refreshed.subscribe({ token: short })).type,
      "snapshot",
    );
    await h.clock.tickAsync(10_000);
    const fresh = await mint(evidence, h.clock.now(), { expIn: 30 });
    assert.equal(
      (await refreshed.subscribe({ token: fresh })).type,
      "snapshot",
    );
    // Accepted until exp + 5 s (the clock tolerance of every transport).
    await h.clock.tickAsync(14_999);
    expiring.send({ type: "ping" });
    assert.deepEqual(await expiring.next(), { type: "pong" });
    await h.clock.tickAsync(1);
    assert.deepEqual(await expiring.waitClosed(), {
      code: 4001,
      reason: "Token expired",
    });
    // The event stream of the same token ends at its expiry too.
    assert.equal(await sse.ended(), true);
    refreshed.send({ type: "ping" });
    assert.deepEqual(await refreshed.next(), { type: "pong" });
    await h.clock.tickAsync(20_000);
    assert.deepEqual(await refreshed.waitClosed(), {
      code: 4001,
      reason: "Token expired",
    });
    // Re-subscribing with an already expired token ends the socket at once.
    const late = await open(h);
    const later = await mint(evidence, h.clock.now(), { expIn: 60 });
    assert.equal((await late.subscribe({ token: later })).type, "snapshot");
    late.send({ type: "subscribe", token: short });
    assert.deepEqual(await late.waitClosed(), {
      code: 4001,
      reason: "Token expired",
    });
  } finally {
    await h.close();
  }
});

Deno.test("a socket that does not subscribe within 10 s is closed with 1008", async () => {
  const h = await heldHarness();
  try {
    const token = await mint(evidence, h.clock.now());
    const idle = await open(h);
    const pinging = await open(h);
    const refused = await open(h);
    const subscribed = await open(h);
    assert.equal((await subscribed.subscribe({ token })).type, "snapshot");
    // A forbidden subscribe does not count as subscribed.
    const scoped = await mint(evidence, h.clock.now(), {
      claims: { queues: [] },
    });
    assert.equal(
      (await refused.subscribe({ token: scoped, agents: true }))
        .code,
      "forbidden",
    );
    await h.clock.tickAsync(9_900);
    pinging.send({ type: "ping" });
    assert.deepEqual(await pinging.next(), { type: "pong" });
    assert.equal(idle.closedWith, null);
    await h.clock.tickAsync(100);
    const expected = { code: 1008, reason: "No subscribe in time" };
    assert.deepEqual(await idle.waitClosed(), expected);
    assert.deepEqual(await pinging.waitClosed(), expected);
    assert.deepEqual(await refused.waitClosed(), expected);
    subscribed.send({ type: "ping" });
    assert.deepEqual(await subscribed.next(), { type: "pong" });
    await subscribed.close();
  } finally {
    await h.close();
  }
});

Deno.test("over MAX_CONNECTIONS a WebSocket is closed with 1013 and SSE is 503", async () => {
  const h = await heldHarness({ env: { MAX_CONNECTIONS: "3" } });
  try {
    const token = await mint(evidence, h.clock.now());
    const auth = { authorization: `Bearer ${token}` };
    const stream = `${h.base}/api/v1/stream`;
    // HEAD answers the stream's headers and holds no slot.
    for (let i = 0; i < 5; i++) {
      const head = await fetch(stream, { method: "HEAD", headers: auth });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get("content-type"), "text/event-stream");
      assert.equal(await head.text(), "");
    }
    const a = await open(h);
    const b = await open(h);
    const sse = await SseClient.open(stream, {
      headers: auth,
      record: evidence.outputs,
    });
    const over = await WsClient.connect(h.wsUrl, { record: evidence.outputs });
    assert.deepEqual(await over.waitClosed(), {
      code: 1013,
      reason: "Server over its connection limit",
    });
    assert.equal(over.raw.length, 0);
    const refused = await SseClient.open(stream, {
      headers: auth,
      record: evidence.outputs,
    }).then(
      () => assert.fail("should be refused"),
      (error) => error,
    );
    assert.ok(refused instanceof SseRefused);
    assert.equal(refused.answer.status, 503);
    assert.deepEqual(refused.answer.json, {
      error: {
        code: "over_capacity",
        message: "Server over its connection limit",
      },
    });
    // A slot frees up once a client leaves.
    await a.close();
    const again = await open(h);
    assert.equal((await again.subscribe({ token })).type, "snapshot");
    await Promise.all([b.close(), again.close(), sse.cancel()]);
  } finally {
    await h.close();
  }
});

Deno.test("over the message rate: one rate_limited answer, then close 1008 on abuse", async () => {
  const h = await heldHarness();
  try {
    const ws = await open(h);
    // The burst of 40, then 41 refusals: one answered, the 41st closes.
    // (A client that went on sending could miss the close frame: Deno
    // drops a server socket that receives data after close().)
    for (let i = 0; i < 81; i++) ws.send({ type: "ping" });
    const frames: string[] = [];
    for (let text; (text = await ws.nextRaw()) !== null;) frames.push(text);
    const limited = JSON.stringify({
      type: "error",
      code: "rate_limited",
      message:
        "Cannot process message: over the limit of 20 messages per second",
    });
    assert.deepEqual(frames, [
      ...Array(40).fill('{"type":"pong"}'),
      limited,
    ]);
    assert.deepEqual(await ws.waitClosed(), {
      code: 1008,
      reason: "Rate limit exceeded",
    });
    // The bucket refills with time: a paced client is served.
    const paced = await open(h);
    for (let i = 0; i < 60; i++) {
      paced.send({ type: "ping" });
      assert.deepEqual(await paced.next(), { type: "pong" });
      await h.clock.tickAsync(50);
    }
    await paced.close();
  } finally {
    await h.close();
  }
});

Deno.test("frames over 64 KiB close with 1009; up to 64 KiB are read", async () => {
  const h = await heldHarness();
  try {
    const limit = 64 * 1024;
    const ping = '{"type":"ping"}';
    const exact = await open(h);
    exact.socket.send(ping + " ".repeat(limit - ping.length));
    assert.deepEqual(await exact.next(), { type: "pong" });
    await exact.close();
    const cases: [string | Uint8Array, number][] = [
      [ping + " ".repeat(limit - ping.length + 1), limit + 1],
      [`{"type":"ping","x":"${"é".repeat(limit / 2)}"}`, limit + 22],
      [new Uint8Array(limit + 10), limit + 10],
    ];
    for (const [data, bytes] of cases) {
      const ws = await open(h);
      ws.socket.send(data);
      assert.deepEqual(await ws.next(), {
        type: "error",
        code: "too_large",
        message:
          `Cannot accept frame: ${bytes} bytes is over the limit of ${limit} bytes`,
      });
      assert.deepEqual(await ws.waitClosed(), {
        code: 1009,
        reason: "Frame too large",
      });
    }
    const binary = await open(h);
    binary.socket.send(new Uint8Array([1, 2, 3]));
    assert.deepEqual(await binary.next(), {
      type: "error",
      code: "bad_request",
      message: "Cannot parse message: binary frames are not accepted",
    });
    await binary.close();
  } finally {
    await h.close();
  }
});

Deno.test("new connections per address are rate limited (WebSocket and SSE share the bucket)", async () => {
  const h = await heldHarness();
  try {
    const token = await mint(evidence, h.clock.now());
    const limited = {
      error: {
        code: "rate_limited",
        message:
          "Cannot accept connection: too many connection attempts from this address",
      },
    };
    // 200 attempts pass (no handshake: 400), the next one is refused.
    for (let i = 0; i < 200; i++) {
      const answer = await request(evidence, `${h.base}/ws`);
      assert.equal(answer.status, 400);
    }
    const ws = await request(evidence, `${h.base}/ws`);
    assert.deepEqual([ws.status, ws.json], [429, limited]);
    assert.equal(ws.headers.get("retry-after"), "1");
    const sse = await request(evidence, `${h.base}/api/v1/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.deepEqual([sse.status, sse.json], [429, limited]);
    // REST is not a connection: still served.
    const rest = await request(evidence, `${h.base}/api/v1/queues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(rest.status, 200);
    // One second refills 50 attempts.
    await h.clock.tickAsync(1000);
    const client = await open(h);
    assert.equal((await client.subscribe({ token })).type, "snapshot");
    await client.close();
  } finally {
    await h.close();
  }
});

Deno.test("limits tests leak no secret in logs, bodies or frames", () => {
  assert.ok(evidence.outputs.length > 200);
  assert.deepEqual(evidence.leaks(), []);
});
