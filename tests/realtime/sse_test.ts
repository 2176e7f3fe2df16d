import assert from "node:assert/strict";
import { parseEventId } from "../../src/realtime/mod.ts";
import {
  applyDelta,
  type ViewDelta,
  viewOf,
  visibleQueues,
} from "../../src/snapshot/mod.ts";
import { OPEN } from "./_fakes.ts";
import { startServer } from "./_server.ts";
import { baseShape, snapshotOf, T0 } from "./_snapshots.ts";
import { SseClient, until } from "../_support/mod.ts";

Deno.test("sse: snapshot then deltas, with ids and the WS frame JSON", async () => {
  const server = await startServer();
  await server.publish(snapshotOf(1, baseShape(1)));
  const sse = await SseClient.open(`${server.sseUrl}?queues=q-1,q-2`);
  try {
    assert.equal(sse.response.status, 200);
    assert.equal(sse.response.headers.get("content-type"), "text/event-stream");
    assert.equal(sse.response.headers.get("cache-control"), "no-cache");
    const first = await sse.next();
    assert.deepEqual([first.event, first.id], ["snapshot", "e-1:1"]);
    const snapshot = JSON.parse(first.data!);
    assert.ok(first.data!.startsWith('{"type":"snapshot",'));
    const visible = visibleQueues(snapshotOf(1, baseShape(1)), "*", [
      "q-1",
      "q-2",
    ]);
    assert.deepEqual(snapshot.queues, {
      "q-1": snapshotOf(1, baseShape(1)).queues["q-1"],
      "q-2": snapshotOf(1, baseShape(1)).queues["q-2"],
    });
    assert.equal(server.realtime.metrics().sseStreams, 1);

    await server.publish(snapshotOf(2, baseShape(2)));
    const next = await sse.next();
    assert.deepEqual([next.event, next.id], ["delta", "e-1:2"]);
    const delta = JSON.parse(next.data!);
    assert.equal(delta.prev, 1);
    assert.deepEqual(
      applyDelta({ queues: snapshot.queues, totals: snapshot.totals }, delta),
      viewOf(snapshotOf(2, baseShape(2)), visible, false),
    );
  } finally {
    await sse.cancel();
  }
  await until(() => server.realtime.connections() === 0);
  await server.close();
});

Deno.test("sse: Last-Event-ID resumes with one resumed delta", async () => {
  const server = await startServer();
  await server.publish(
    ...[1, 2, 3].map((v) => snapshotOf(v, baseShape(v))),
  );
  const sse = await SseClient.open(server.sseUrl, {
    headers: { "last-event-id": "e-1:1" },
  });
  try {
    const block = await sse.next();
    assert.deepEqual([block.event, block.id], ["delta", "e-1:3"]);
    const delta = JSON.parse(block.data!);
    assert.deepEqual([delta.resumed, delta.prev, delta.version], [true, 1, 3]);
    assert.deepEqual(
      applyDelta(
        viewOf(snapshotOf(1, baseShape(1)), null, false),
        delta as ViewDelta,
      ),
      viewOf(snapshotOf(3, baseShape(3)), null, false),
    );
    assert.equal(server.realtime.metrics().resumed, 1);
  } finally {
    await sse.cancel();
  }
  await server.close();
});

Deno.test("sse: keep-alive comments, status events, and close() ends the stream", async () => {
  const server = await startServer({ sseHeartbeatMs: 15_000 });
  await server.publish(snapshotOf(1, baseShape(1)));
  const sse = await SseClient.open(server.sseUrl);
  assert.equal((await sse.next()).event, "snapshot");
  await server.clock.tickAsync(12_000);
  await server.clock.tickAsync(3_000);
  const status = (await sse.block())!;
  assert.deepEqual(status.event, "status");
  assert.equal(status.id, undefined);
  assert.deepEqual(JSON.parse(status.data!), {
    type: "status",
    stale: true,
    fetchedAt: new Date(T0).toISOString(),
    reason: "No successful poll for more than 12000 ms",
  });
  assert.deepEqual(await sse.block(), { comments: [" keep-alive"] });
  await server.close();
  assert.equal(await sse.ended(), true);
  assert.equal(server.realtime.connections(), 0);
});

Deno.test("parseEventId() reads <epoch>:<version> and refuses the rest", () => {
  assert.deepEqual(parseEventId("e-1:41"), { epoch: "e-1", version: 41 });
  assert.deepEqual(parseEventId("a:b:7"), { epoch: "a:b", version: 7 });
  for (const id of [null, "", "41", ":41", "e-1:", "e-1:-1", "e-1:4x"]) {
    assert.equal(parseEventId(id), null, String(id));
  }
});

Deno.test("sse: over maxConnections answers 503", async () => {
  const server = await startServer({ maxConnections: 1 });
  await server.publish(snapshotOf(1, baseShape(1)));
  const first = await SseClient.open(server.sseUrl);
  assert.equal((await first.next()).event, "snapshot");
  const refused = await fetch(server.sseUrl);
  assert.equal(refused.status, 503);
  assert.deepEqual(await refused.json(), {
    error: {
      code: "over_capacity",
      message: "Server over its connection limit",
    },
  });
  await first.cancel();
  await server.close();
});

Deno.test("sse: HEAD gets the stream headers and holds no connection", async () => {
  const server = await startServer();
  await server.publish(snapshotOf(1, baseShape(1)));
  try {
    // As hono answers HEAD: the handler runs, the body is dropped unread.
    for (let i = 0; i < 3; i++) {
      const response = server.realtime.stream(
        new Request(server.sseUrl, { method: "HEAD" }),
        OPEN,
        { queues: null, agents: false },
        null,
      );
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "text/event-stream");
      assert.equal(response.body, null);
    }
    assert.equal(server.realtime.connections(), 0);
    assert.equal(server.realtime.metrics().sseStreams, 0);
  } finally {
    await server.close();
  }
});
