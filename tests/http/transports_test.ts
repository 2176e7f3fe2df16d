import assert from "node:assert/strict";
import { hsToken, SECRET } from "../auth/tokens.ts";
import {
  assertNoSecrets,
  bearer,
  call,
  FakeRealtime,
  testApp,
} from "./_fixtures.ts";

const WS = { upgrade: "websocket", connection: "Upgrade" };

Deno.test("a foreign origin is refused on /ws before the upgrade", async () => {
  const { app, realtime } = testApp();
  const answer = await call(app, "http://qp.local/ws", {
    ...WS,
    origin: "https://evil.example",
  });
  assert.equal(answer.status, 403);
  assert.deepEqual(answer.json, {
    error: {
      code: "forbidden",
      message: 'Cannot accept origin "https://evil.example": not allowed',
    },
  });
  assert.equal(realtime.upgrades.length, 0);
});

Deno.test("a foreign origin is refused on /api/v1/stream before the stream", async () => {
  const { app, realtime, log } = testApp();
  const token = await hsToken();
  const answer = await call(app, `http://qp.local/api/v1/stream`, {
    ...bearer(token),
    origin: "https://board.example.evil.com",
  });
  assert.equal(answer.status, 403);
  assert.deepEqual(answer.json, {
    error: {
      code: "forbidden",
      message:
        'Cannot accept origin "https://board.example.evil.com": not allowed',
    },
  });
  assert.equal(realtime.streams.length, 0);
  assertNoSecrets([answer.text, ...log.lines], [token, SECRET]);
});

Deno.test("allowed, same and absent origins reach realtime.upgrade", async () => {
  const { app, realtime } = testApp();
  const origins: Record<string, string>[] = [
    { origin: "https://board.example" },
    { origin: "http://qp.local" },
    { origin: "https://qp.example", host: "qp.example" },
    {},
  ];
  for (const headers of origins) {
    const answer = await call(app, "http://qp.local/ws", {
      ...WS,
      ...headers,
    }, { remoteAddr: "10.0.0.1" });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, "upgraded");
  }
  assert.deepEqual(
    realtime.upgrades.map((u) => u.remoteAddr),
    ["10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.1"],
  );
});

Deno.test("the remote address comes from the env, as a string or a Deno.Addr", async () => {
  const { app, realtime } = testApp();
  await call(app, "/ws", WS, {
    remoteAddr: { transport: "tcp", hostname: "192.0.2.7", port: 5555 },
  });
  await call(app, "/ws", WS);
  assert.deepEqual(
    realtime.upgrades.map((u) => u.remoteAddr),
    ["192.0.2.7", "unknown"],
  );
});

Deno.test("a GET /ws without a WebSocket handshake is 400", async () => {
  const { app, realtime } = testApp();
  const answer = await call(app, "/ws");
  assert.equal(answer.status, 400);
  assert.deepEqual(answer.json, {
    error: {
      code: "bad_request",
      message: "Cannot upgrade: expected a WebSocket handshake",
    },
  });
  assert.equal(realtime.upgrades.length, 0);
});

Deno.test("the connection rate per address is limited (token bucket)", async () => {
  const { app, realtime, clock } = testApp({
    connectRate: { perSecond: 2, burst: 3 },
  });
  const a = { remoteAddr: "10.0.0.1" };
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    statuses.push((await call(app, "/ws", WS, a)).status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 429]);
  const limited = await call(app, "/ws", WS, a);
  assert.equal(limited.status, 429);
  assert.deepEqual(limited.json, {
    error: {
      code: "rate_limited",
      message:
        "Cannot accept connection: too many connection attempts from this address",
    },
  });
  assert.equal(limited.headers.get("retry-after"), "1");
  // Another address has its own bucket.
  assert.equal(
    (await call(app, "/ws", WS, { remoteAddr: "10.0.0.2" })).status,
    200,
  );
  // Half a second refills one token at 2/s.
  await clock.tickAsync(500);
  assert.equal((await call(app, "/ws", WS, a)).status, 200);
  assert.equal((await call(app, "/ws", WS, a)).status, 429);
  assert.equal(realtime.upgrades.length, 5);
});

Deno.test("the default rate allows a burst of 200 then 429", async () => {
  const { app, realtime } = testApp();
  let ok = 0;
  for (let i = 0; i < 201; i++) {
    const res = await app.request("/ws", { headers: WS }, { remoteAddr: "x" });
    await res.body?.cancel();
    if (res.status === 200) ok++;
    else assert.equal(res.status, 429);
  }
  assert.equal(ok, 200);
  assert.equal(realtime.upgrades.length, 200);
});

Deno.test("/api/v1/stream passes principal, filter and Last-Event-ID", async () => {
  const { app, realtime, log } = testApp();
  const token = await hsToken({
    claims: { queues: ["q-1", "q-2"], agents: true },
  });
  const viaHeader = await call(app, "/api/v1/stream?queues=q-1&agents=true", {
    ...bearer(token),
    "last-event-id": "ep-1:40",
  });
  assert.equal(viaHeader.status, 200);
  assert.equal(viaHeader.headers.get("content-type"), "text/event-stream");
  const viaQuery = await call(
    app,
    `/api/v1/stream?access_token=${token}&lastEventId=ep-1:39`,
  );
  assert.equal(viaQuery.status, 200);
  assert.deepEqual(realtime.streams, [
    {
      principal: {
        queues: ["q-1", "q-2"],
        agents: true,
        expiresAt: Date.parse("2026-11-27T11:00:05.000Z"),
      },
      filter: { queues: ["q-1"], agents: true },
      lastEventId: "ep-1:40",
    },
    {
      principal: {
        queues: ["q-1", "q-2"],
        agents: true,
        expiresAt: Date.parse("2026-11-27T11:00:05.000Z"),
      },
      filter: { queues: null, agents: false },
      lastEventId: "ep-1:39",
    },
  ]);
  assertNoSecrets(
    [viaHeader.text, viaQuery.text, ...log.lines],
    [token, SECRET],
  );
});

Deno.test("/api/v1/stream refuses bad tokens and scope before the stream", async () => {
  const { app, realtime } = testApp();
  const none = await call(app, "/api/v1/stream");
  assert.equal(none.status, 401);
  assert.equal(
    none.json.error.message,
    "Cannot authenticate: no token presented",
  );
  const expired = await hsToken({ expIn: -60 });
  const late = await call(app, `/api/v1/stream?access_token=${expired}`);
  assert.equal(late.status, 401);
  assert.deepEqual(late.json, {
    error: {
      code: "token_expired",
      message: "Cannot authenticate: token expired",
    },
  });
  const scoped = bearer(await hsToken({ claims: { queues: ["q-1"] } }));
  const outside = await call(app, "/api/v1/stream?queues=q-2", scoped);
  assert.equal(outside.status, 403);
  const agents = await call(app, "/api/v1/stream?agents=true", scoped);
  assert.equal(agents.status, 403);
  const bad = await call(app, "/api/v1/stream?agents=1", scoped);
  assert.equal(bad.status, 400);
  assert.equal(realtime.streams.length, 0);
  assertNoSecrets([late.text], [expired]);
});

Deno.test("a real server passes the 101 upgrade response through untouched", async () => {
  const realtime = new FakeRealtime();
  realtime.upgrade = (req: Request, remoteAddr: string) => {
    realtime.upgrades.push({ req, remoteAddr });
    const { socket, response } = Deno.upgradeWebSocket(req);
    socket.onopen = () => socket.send(`hello ${remoteAddr}`);
    return response;
  };
  const { app } = testApp({ realtime });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req, info) => app.fetch(req, { remoteAddr: info.remoteAddr }),
  );
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${server.addr.port}/ws`);
    const message = await new Promise<string>((resolve, reject) => {
      ws.onmessage = (e) => resolve(String(e.data));
      ws.onerror = () => reject(new Error("WebSocket failed"));
    });
    assert.equal(message, "hello 127.0.0.1");
    const closed = new Promise((resolve) => (ws.onclose = resolve));
    ws.close();
    await closed;
  } finally {
    await server.shutdown();
  }
});

Deno.test("SSE streams share the per-address connection bucket with /ws", async () => {
  const { app, realtime, clock } = testApp({
    connectRate: { perSecond: 1, burst: 2 },
  });
  const token = await hsToken();
  const a = { remoteAddr: "10.0.0.1" };
  assert.equal((await call(app, "/ws", WS, a)).status, 200);
  assert.equal(
    (await call(app, "/api/v1/stream", bearer(token), a)).status,
    200,
  );
  const limited = await call(app, "/api/v1/stream", bearer(token), a);
  assert.equal(limited.status, 429);
  assert.deepEqual(limited.json, {
    error: {
      code: "rate_limited",
      message:
        "Cannot accept connection: too many connection attempts from this address",
    },
  });
  assert.equal(limited.headers.get("retry-after"), "1");
  assert.equal((await call(app, "/ws", WS, a)).status, 429);
  // The origin is checked first: a foreign origin is 403, not 429.
  const foreign = await call(app, "/api/v1/stream", {
    ...bearer(token),
    origin: "https://evil.example",
  }, a);
  assert.equal(foreign.status, 403);
  await clock.tickAsync(1000);
  assert.equal(
    (await call(app, "/api/v1/stream", bearer(token), a)).status,
    200,
  );
  assert.equal(realtime.streams.length, 2);
  assert.equal(realtime.upgrades.length, 1);
});
