import assert from "node:assert/strict";
import { SubscriberPool } from "../../bench/_pool.ts";
import { until } from "../_support/mod.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function delta(version: number, prev: number, committedAt: number): string {
  return JSON.stringify({
    type: "delta",
    epoch: "e-1",
    version,
    prev,
    fetchedAt: iso(committedAt),
    committedAt: iso(committedAt),
    stale: false,
    queues: {},
    totals: {},
  });
}

/** A scripted server: hello on open, snapshot v1 on subscribe. */
function scriptedServer() {
  const sockets: WebSocket[] = [];
  const subscribes: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => {
      const { socket, response } = Deno.upgradeWebSocket(req);
      socket.onopen = () => {
        sockets.push(socket);
        socket.send(
          JSON.stringify({
            type: "hello",
            protocol: 1,
            epoch: "e-1",
            version: 1,
            stale: false,
            source: "simulator",
            authRequired: false,
          }),
        );
      };
      socket.onmessage = (ev) => {
        subscribes.push(ev.data);
        socket.send(
          JSON.stringify({
            type: "snapshot",
            epoch: "e-1",
            version: 1,
            fetchedAt: iso(T0 - 1000),
            committedAt: iso(T0 - 1000),
            stale: false,
            source: "simulator",
            resumed: false,
            queues: {},
            totals: {},
          }),
        );
      };
      return response;
    },
  );
  const url = `ws://127.0.0.1:${server.addr.port}/ws`;
  return { server, sockets, subscribes, url };
}

Deno.test("SubscriberPool counts gaps, duplicates, coalesced deltas and latency", async () => {
  const { server, sockets, subscribes, url } = scriptedServer();
  let now = T0;
  const pool = new SubscriberPool({
    urls: [url],
    count: 2,
    mode: "service",
    concurrency: 2,
    now: () => now,
  });
  try {
    assert.deepEqual(await pool.open(AbortSignal.timeout(10_000)), {
      opened: 2,
      ready: 2,
      failed: 0,
    });
    assert.deepEqual(subscribes, [
      '{"type":"subscribe"}',
      '{"type":"subscribe"}',
    ]);
    pool.setWindow(T0 + 1, T0 + 10_000);
    now = T0 + 9_000;
    const script = [
      delta(2, 1, T0 + 1_000),
      delta(3, 2, T0 + 2_000),
      delta(3, 2, T0 + 2_000), // duplicate
      delta(5, 4, T0 + 4_000), // gap: the last version was 3
      delta(7, 5, T0 + 6_000), // coalesced: spans 6 and 7
      delta(9, 7, T0 + 20_000), // coalesced, outside the window
    ];
    for (const ws of sockets) for (const text of script) ws.send(text);
    await until(() => pool.result().frames === 12);
    await pool.close();
    const r = pool.result();
    assert.deepEqual(
      { ...r, versions: Object.keys(r.versions) },
      {
        sockets: 2,
        opened: 2,
        ready: 2,
        failed: 0,
        retries: 0,
        closedEarly: 0,
        closeCodes: {},
        window: [T0 + 1, T0 + 10_000],
        eligible: 2,
        versions: ["2", "3", "5", "7"],
        deliveredHist: { "4": 2 },
        frames: 12,
        snapshots: 2,
        gaps: 2,
        duplicates: 2,
        coalesced: 4,
        latency: { "8000": 2, "7000": 2, "5000": 2, "3000": 2 },
      },
    );
    assert.deepEqual(r.versions["2"], {
      committedAt: T0 + 1_000,
      bytes: new TextEncoder().encode(script[0]).byteLength,
    });
  } finally {
    await pool.close();
    await server.shutdown();
  }
});

Deno.test("SubscriberPool in baseline mode is ready on open and sends nothing", async () => {
  const { server, sockets, subscribes, url } = scriptedServer();
  const pool = new SubscriberPool({
    urls: [url],
    count: 1,
    mode: "baseline",
    concurrency: 1,
    now: () => T0,
  });
  try {
    assert.deepEqual(await pool.open(AbortSignal.timeout(10_000)), {
      opened: 1,
      ready: 1,
      failed: 0,
    });
    pool.setWindow(T0 - 10_000, T0 + 10_000);
    await until(() => sockets.length === 1);
    sockets[0].send(delta(8, 7, T0 - 3)); // the first frame: no gap check
    sockets[0].send(delta(9, 8, T0 - 2));
    await until(() => pool.result().frames === 2);
    const r = pool.result();
    assert.equal(r.gaps, 0);
    assert.equal(r.snapshots, 0);
    assert.deepEqual(r.latency, { "3": 1, "2": 1 });
    assert.deepEqual(subscribes, []);
  } finally {
    await pool.close();
    await server.shutdown();
  }
});

Deno.test("SubscriberPool records server closes with their code", async () => {
  const { server, sockets, url } = scriptedServer();
  const pool = new SubscriberPool({
    urls: [url],
    count: 1,
    mode: "service",
    concurrency: 1,
  });
  try {
    await pool.open(AbortSignal.timeout(10_000));
    sockets[0].close(1013, "too slow");
    await until(() => pool.result().closedEarly === 1);
    assert.deepEqual(pool.result().closeCodes, { "1013": 1 });
  } finally {
    await pool.close();
    await server.shutdown();
  }
});

Deno.test("SubscriberPool retries a refused connection", async () => {
  let attempts = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => {
      if (++attempts === 1) {
        return new Response("slow down", {
          status: 429,
          headers: { "retry-after": "1" },
        });
      }
      return Deno.upgradeWebSocket(req).response;
    },
  );
  const pool = new SubscriberPool({
    urls: [`ws://127.0.0.1:${server.addr.port}/`],
    count: 1,
    mode: "baseline",
    concurrency: 1,
    retryMs: 5,
  });
  try {
    assert.deepEqual(await pool.open(AbortSignal.timeout(10_000)), {
      opened: 1,
      ready: 1,
      failed: 0,
    });
    assert.equal(pool.result().retries, 1);
    assert.equal(attempts, 2);
  } finally {
    await pool.close();
    await server.shutdown();
  }
});

Deno.test("SubscriberPool gives up on refused connections when the signal aborts", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const pool = new SubscriberPool({
    urls: [`ws://127.0.0.1:${port}/ws`],
    count: 3,
    mode: "service",
    concurrency: 3,
    retryMs: 5,
  });
  const stop = new AbortController();
  const opening = pool.open(stop.signal);
  await until(() => pool.result().retries >= 3);
  stop.abort();
  assert.deepEqual(await opening, { opened: 0, ready: 0, failed: 3 });
  assert.equal(pool.result().closedEarly, 0);
  await pool.close();
});

Deno.test("SubscriberPool refuses a bad count and an empty URL list", () => {
  assert.throws(
    () =>
      new SubscriberPool({
        urls: ["ws://127.0.0.1:1/"],
        count: -1,
        mode: "service",
        concurrency: 1,
      }),
    {
      name: "RangeError",
      message:
        'Cannot create subscriber pool: count "-1" is not a non-negative integer',
    },
  );
  assert.throws(
    () =>
      new SubscriberPool({
        urls: [],
        count: 1,
        mode: "service",
        concurrency: 1,
      }),
    {
      name: "TypeError",
      message: "Cannot create subscriber pool: no URL given",
    },
  );
});
