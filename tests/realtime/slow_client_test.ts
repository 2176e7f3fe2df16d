import assert from "node:assert/strict";
import { startServer } from "./_server.ts";
import { type Shape, snapshotOf } from "./_snapshots.ts";
import { WsClient } from "../_support/mod.ts";

const encoder = new TextEncoder();

/** Opens a WebSocket by hand over TCP, subscribes, and then never reads. */
async function stuckClient(port: number): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(encoder.encode(
    "GET /ws HTTP/1.1\r\n" +
      `Host: 127.0.0.1:${port}\r\n` +
      "Upgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
      "Sec-WebSocket-Version: 13\r\n\r\n",
  ));
  let head = "";
  const buffer = new Uint8Array(4096);
  while (!head.includes("\r\n\r\n")) {
    const n = await conn.read(buffer);
    if (n === null) throw new Error("Cannot upgrade: connection closed");
    head += new TextDecoder().decode(buffer.subarray(0, n));
  }
  assert.ok(head.startsWith("HTTP/1.1 101"), head);
  await conn.write(maskedTextFrame('{"type":"subscribe"}'));
  return conn;
}

/** A client → server text frame (RFC 6455 §5.2: clients mask). */
function maskedTextFrame(text: string): Uint8Array {
  const payload = encoder.encode(text);
  assert.ok(payload.length < 126);
  const mask = [0x12, 0x34, 0x56, 0x78];
  const frame = new Uint8Array(6 + payload.length);
  frame.set([0x81, 0x80 | payload.length, ...mask]);
  payload.forEach((byte, i) => frame[6 + i] = byte ^ mask[i % 4]);
  return frame;
}

/** 100 queues whose names all change with `version` (≈ 240 KB per delta). */
function bigShape(version: number): Shape {
  const queues: Record<string, number> = {};
  for (let i = 0; i < 100; i++) queues[`q-${i}`] = i % 5;
  return { queues, pad: `-${version}-${"x".repeat(2000)}` };
}

Deno.test("a client that never reads is closed with 1013; others get every version", async () => {
  const server = await startServer({ ringSize: 8 });
  await server.publish(snapshotOf(1, bigShape(1)));
  const port = Number(new URL(server.wsUrl).port);
  const normal = await WsClient.connect(server.wsUrl);
  const stuck = await stuckClient(port);
  try {
    assert.equal((await normal.next()).type, "hello");
    normal.send({ type: "subscribe" });
    assert.equal((await normal.next()).version, 1);
    let version = 1;
    while (server.realtime.metrics().slowClosed === 0) {
      assert.ok(version < 400, "the stuck client should have been closed");
      version++;
      await server.publish(snapshotOf(version, bigShape(version)));
      const delta = await normal.next();
      assert.deepEqual([delta.type, delta.prev, delta.version], [
        "delta",
        version - 1,
        version,
      ]);
    }
    const metrics = server.realtime.metrics();
    assert.deepEqual([metrics.slowClosed, metrics.websockets], [1, 1]);
    for (let i = 1; i <= 3; i++) {
      await server.publish(snapshotOf(version + i, bigShape(version + i)));
      assert.equal((await normal.next()).prev, version + i - 1);
    }
  } finally {
    stuck.close();
    await normal.close();
    await server.close();
  }
});

Deno.test("an SSE client that never reads is ended; others get every version", async () => {
  const server = await startServer({ ringSize: 8 });
  await server.publish(snapshotOf(1, bigShape(1)));
  const stuck = await fetch(server.sseUrl);
  const normal = await WsClient.connect(server.wsUrl);
  try {
    assert.equal((await normal.next()).type, "hello");
    normal.send({ type: "subscribe" });
    assert.equal((await normal.next()).version, 1);
    assert.equal(server.realtime.metrics().sseStreams, 1);
    let version = 1;
    while (server.realtime.metrics().sseStreams === 1) {
      assert.ok(version < 400, "the stuck stream should have been ended");
      version++;
      await server.publish(snapshotOf(version, bigShape(version)));
      assert.equal((await normal.next()).prev, version - 1);
    }
    const metrics = server.realtime.metrics();
    assert.deepEqual([metrics.slowClosed, metrics.websockets], [1, 1]);
  } finally {
    await stuck.body?.cancel().catch(() => {});
    await normal.close();
    await server.close();
  }
});
