import assert from "node:assert/strict";
import fc from "fast-check";
import {
  applyDelta,
  type View,
  type ViewDelta,
  viewOf,
} from "../../src/snapshot/mod.ts";
import { startServer } from "./_server.ts";
import { baseShape, shapeArbitrary, snapshotOf } from "./_snapshots.ts";
import { type Msg, WsClient } from "../_support/mod.ts";

function viewFrom(message: Msg): View {
  const { queues, agents, totals } = message as unknown as View;
  return agents ? { queues, agents, totals } : { queues, totals };
}

Deno.test("ws: hello, subscribe, snapshot, then 50 deltas that chain and add up", async () => {
  const server = await startServer();
  const client = await WsClient.connect(server.wsUrl);
  try {
    assert.equal(
      await client.nextRaw(),
      '{"type":"hello","protocol":1,"epoch":null,"version":0,"stale":true,"source":"simulator","authRequired":false}',
    );
    client.send({ type: "subscribe" });
    const first = snapshotOf(1, baseShape(1));
    server.store.push(first);
    const raw = await client.nextRaw();
    assert.ok(
      raw !== null && raw.startsWith('{"type":"snapshot",'),
      String(raw),
    );
    const snapshot = JSON.parse(raw);
    const expected = viewOf(first, null, false);
    assert.deepEqual(snapshot, {
      type: "snapshot",
      epoch: "e-1",
      version: 1,
      fetchedAt: "2026-11-27T10:00:00.000Z",
      committedAt: "2026-11-27T10:00:00.000Z",
      stale: false,
      source: "simulator",
      resumed: false,
      queues: expected.queues,
      totals: expected.totals,
    });
    assert.deepEqual(Object.keys(snapshot), [
      "type",
      "epoch",
      "version",
      "fetchedAt",
      "committedAt",
      "stale",
      "source",
      "resumed",
      "queues",
      "totals",
    ]);

    let last = first;
    for (let v = 2; v <= 51; v++) {
      last = snapshotOf(v, baseShape(v));
      server.store.push(last);
    }
    let view = viewFrom(snapshot);
    let version = 1;
    while (version < 51) {
      const raw = await client.nextRaw();
      assert.ok(
        raw !== null && raw.startsWith('{"type":"delta",'),
        String(raw),
      );
      const delta = JSON.parse(raw);
      assert.equal(delta.prev, version, "prev chains without gaps");
      assert.equal("agents" in delta, false);
      view = applyDelta(view, delta as ViewDelta);
      version = delta.version;
    }
    assert.deepEqual(view, viewOf(last, null, false));
    assert.equal(server.realtime.metrics().version, 51);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("ws: filters by queue, with agents on and off", async () => {
  const server = await startServer();
  await server.publish(snapshotOf(1, baseShape(1)));
  const client = await WsClient.connect(server.wsUrl);
  try {
    assert.equal((await client.next()).type, "hello");
    client.send({ type: "subscribe", queues: ["q-1", "q-3"] });
    const plain = await client.next();
    assert.deepEqual(Object.keys(plain.queues as object).sort(), [
      "q-1",
      "q-3",
    ]);
    assert.equal("agents" in plain, false);

    client.send({ type: "subscribe", queues: ["q-1", "q-3"], agents: true });
    const withAgents = await client.next();
    assert.deepEqual(withAgents.agents, {
      "a-1": {
        ...snapshotOf(1, baseShape(1)).agents["a-1"],
        queueIds: ["q-1"],
      },
      "a-3": {
        ...snapshotOf(1, baseShape(1)).agents["a-3"],
        queueIds: ["q-3"],
      },
    });
    const visible = new Set(["q-1", "q-3"]);
    assert.deepEqual(
      viewFrom(withAgents),
      viewOf(snapshotOf(1, baseShape(1)), visible, true),
    );

    server.store.push(snapshotOf(2, baseShape(2)));
    const delta = await client.next();
    assert.equal(delta.prev, 1);
    assert.ok("agents" in delta);
    assert.deepEqual(
      applyDelta(viewFrom(withAgents), delta as unknown as ViewDelta),
      viewOf(snapshotOf(2, baseShape(2)), visible, true),
    );
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("ws: resume inside the ring, outside it, and from another epoch", async () => {
  const server = await startServer({ ringSize: 3 });
  await server.publish(
    ...[1, 2, 3, 4, 5].map((v) => snapshotOf(v, baseShape(v))),
  );
  const client = await WsClient.connect(server.wsUrl);
  try {
    assert.equal((await client.next()).version, 5);
    client.send({ type: "subscribe", since: { epoch: "e-1", version: 3 } });
    const resumed = await client.next();
    assert.deepEqual(
      [resumed.type, resumed.resumed, resumed.prev, resumed.version],
      ["delta", true, 3, 5],
    );
    assert.equal(Object.keys(resumed)[1], "resumed");
    assert.deepEqual(
      applyDelta(
        viewOf(snapshotOf(3, baseShape(3)), null, false),
        resumed as unknown as ViewDelta,
      ),
      viewOf(snapshotOf(5, baseShape(5)), null, false),
    );

    client.send({ type: "subscribe", since: { epoch: "e-1", version: 5 } });
    const same = await client.next();
    assert.deepEqual([same.resumed, same.prev, same.version, same.queues], [
      true,
      5,
      5,
      {},
    ]);

    for (
      const since of [
        { epoch: "e-1", version: 2 },
        { epoch: "e-0", version: 4 },
        { epoch: "e-1", version: 9 },
      ]
    ) {
      client.send({ type: "subscribe", since });
      const full = await client.next();
      assert.deepEqual([full.type, full.resumed, full.version], [
        "snapshot",
        false,
        5,
      ]);
    }
    const metrics = server.realtime.metrics();
    assert.deepEqual([metrics.resumed, metrics.resumeMissed], [2, 3]);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("ws: close() closes every WebSocket with 1001", async () => {
  const server = await startServer();
  await server.publish(snapshotOf(1, baseShape(1)));
  const client = await WsClient.connect(server.wsUrl);
  await client.next();
  client.send({ type: "subscribe" });
  await client.next();
  assert.equal(server.realtime.connections(), 1);
  await server.close();
  assert.deepEqual(await client.waitClosed(), {
    code: 1001,
    reason: "Server shutting down",
  });
  assert.equal(server.realtime.connections(), 0);
});

Deno.test("ws: deltas add up to the view over generated snapshot sequences", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(shapeArbitrary(), { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      async (shapes, agents) => {
        const server = await startServer();
        const client = await WsClient.connect(server.wsUrl);
        try {
          await client.next();
          client.send({ type: "subscribe", agents });
          server.store.push(snapshotOf(1, shapes[0]));
          let message = await client.next();
          let view = viewFrom(message);
          const last = snapshotOf(shapes.length, shapes.at(-1)!);
          shapes.slice(1).forEach((shape, i) =>
            server.store.push(snapshotOf(i + 2, shape))
          );
          while (message.version !== last.version) {
            const prev = message.version;
            message = await client.next();
            assert.equal(message.prev, prev);
            view = applyDelta(view, message as unknown as ViewDelta);
          }
          assert.deepEqual(view, viewOf(last, null, agents));
        } finally {
          await client.close();
          await server.close();
        }
      },
    ),
    { numRuns: 6 },
  );
});

Deno.test("ws: a malformed handshake is 400 bad_request, not an internal error", async () => {
  const server = await startServer();
  try {
    const url = server.wsUrl.replace("ws:", "http:");
    const variants: Record<string, string>[] = [
      { upgrade: "websocket" },
      { upgrade: "websocket", connection: "keep-alive" },
      { upgrade: "websocket", connection: "Upgrade" },
    ];
    for (const headers of variants) {
      const response = await fetch(url, { headers });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        error: {
          code: "bad_request",
          message: "Cannot upgrade: invalid WebSocket handshake",
        },
      });
    }
    const plain = await fetch(url);
    assert.equal(plain.status, 400);
    assert.deepEqual(await plain.json(), {
      error: {
        code: "bad_request",
        message: "Cannot upgrade: expected a WebSocket handshake",
      },
    });
    assert.equal(server.realtime.connections(), 0);
  } finally {
    await server.close();
  }
});
