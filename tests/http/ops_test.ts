import assert from "node:assert/strict";
import { hsToken, SECRET } from "../auth/tokens.ts";
import { createAuthenticator } from "../../src/auth/mod.ts";
import { createApp } from "../../src/http/mod.ts";
import { createLogger } from "../../src/log.ts";
import { FakeClock } from "../_fake_clock.ts";
import { NOW } from "../auth/tokens.ts";
import {
  assertNoSecrets,
  bearer,
  call,
  FakeRealtime,
  testApp,
  testConfig,
} from "./_fixtures.ts";

Deno.test("/healthz answers ok", async () => {
  const { app } = testApp({ realtime: new FakeRealtime(null) });
  const answer = await call(app, "/healthz");
  assert.equal(answer.status, 200);
  assert.equal(answer.text, '{"status":"ok"}');
  assert.equal(answer.headers.get("x-content-type-options"), "nosniff");
});

Deno.test("/readyz: ready, stale, starting", async () => {
  const realtime = new FakeRealtime();
  const { app } = testApp({ realtime });
  const ready = await call(app, "/readyz");
  assert.equal(ready.status, 200);
  assert.deepEqual(ready.json, {
    status: "ready",
    fetchedAt: "2026-11-27T09:59:58.000Z",
    version: 41,
  });
  realtime.isStale = true;
  const stale = await call(app, "/readyz");
  assert.equal(stale.status, 503);
  assert.deepEqual(stale.json, {
    status: "stale",
    fetchedAt: "2026-11-27T09:59:58.000Z",
  });
  realtime.snapshot = null;
  const starting = await call(app, "/readyz");
  assert.equal(starting.status, 503);
  assert.deepEqual(starting.json, { status: "starting", fetchedAt: null });
});

const METRICS =
  `# HELP queuepulse_connections Open WebSocket and SSE connections of this isolate.
# TYPE queuepulse_connections gauge
queuepulse_connections 3
# HELP queuepulse_websockets Open WebSocket connections.
# TYPE queuepulse_websockets gauge
queuepulse_websockets 2
# HELP queuepulse_sse_streams Open SSE streams.
# TYPE queuepulse_sse_streams gauge
queuepulse_sse_streams 1
# HELP queuepulse_frames_sent_total Frames sent to clients.
# TYPE queuepulse_frames_sent_total counter
queuepulse_frames_sent_total 120
# HELP queuepulse_bytes_sent_total Bytes sent to clients.
# TYPE queuepulse_bytes_sent_total counter
queuepulse_bytes_sent_total 45678
# HELP queuepulse_slow_closed_total Connections closed because the client was too slow.
# TYPE queuepulse_slow_closed_total counter
queuepulse_slow_closed_total 1
# HELP queuepulse_rate_limit_closed_total WebSockets closed for sending over their message rate.
# TYPE queuepulse_rate_limit_closed_total counter
queuepulse_rate_limit_closed_total 3
# HELP queuepulse_resumed_total Subscriptions resumed with a delta instead of a snapshot.
# TYPE queuepulse_resumed_total counter
queuepulse_resumed_total 5
# HELP queuepulse_resume_missed_total Resume attempts answered with a full snapshot.
# TYPE queuepulse_resume_missed_total counter
queuepulse_resume_missed_total 2
# HELP queuepulse_snapshot_version Version of the newest snapshot held.
# TYPE queuepulse_snapshot_version gauge
queuepulse_snapshot_version 41
# HELP queuepulse_snapshot_age_seconds Seconds since the newest snapshot was committed.
# TYPE queuepulse_snapshot_age_seconds gauge
queuepulse_snapshot_age_seconds 1.5
# HELP queuepulse_stale 1 when no successful poll happened for STALE_AFTER_MS, else 0.
# TYPE queuepulse_stale gauge
queuepulse_stale 0
`;

Deno.test("/metrics renders Prometheus text with extra metrics appended", async () => {
  const { app } = testApp({
    extraMetrics: () =>
      "# HELP queuepulse_polls_total Polls.\n# TYPE queuepulse_polls_total counter\nqueuepulse_polls_total 9\n",
  });
  const answer = await call(app, "/metrics");
  assert.equal(answer.status, 200);
  assert.equal(
    answer.headers.get("content-type"),
    "text/plain; version=0.0.4; charset=utf-8",
  );
  assert.equal(
    answer.text,
    METRICS +
      "# HELP queuepulse_polls_total Polls.\n# TYPE queuepulse_polls_total counter\nqueuepulse_polls_total 9\n",
  );
});

Deno.test("/metrics before the first snapshot has no age sample", async () => {
  const realtime = new FakeRealtime(null);
  realtime.counters.version = 0;
  realtime.isStale = true;
  const { app } = testApp({ realtime });
  const text = (await call(app, "/metrics")).text;
  assert.match(
    text,
    /# TYPE queuepulse_snapshot_age_seconds gauge\n# HELP queuepulse_stale/,
  );
  assert.match(text, /\nqueuepulse_snapshot_version 0\n/);
  assert.match(text, /\nqueuepulse_stale 1\n$/);
});

Deno.test("/metrics requires its bearer token when one is configured", async () => {
  const metricsToken = "metrics-token-1234567890";
  const { app, log } = testApp({ configExtra: { metricsToken } });
  const cases: Record<string, string>[] = [
    {},
    bearer("metrics-token-1234567899"),
    bearer("short"),
    { authorization: metricsToken },
  ];
  for (const headers of cases) {
    const answer = await call(app, "/metrics", headers);
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json, {
      error: {
        code: "unauthorized",
        message: "Cannot read metrics: missing or wrong bearer token",
      },
    });
    assert.equal(answer.headers.get("www-authenticate"), "Bearer");
    assertNoSecrets([answer.text], [metricsToken]);
  }
  const ok = await call(app, "/metrics", bearer(metricsToken));
  assert.equal(ok.status, 200);
  assert.equal(ok.text, METRICS);
  assertNoSecrets([ok.text, ...log.lines], [metricsToken]);
});

Deno.test("/ serves the page with security headers", async () => {
  const page = "<!doctype html><title>board</title>";
  const { app } = testApp({
    page,
    configExtra: { frameAncestors: "'self' https://intranet.example" },
  });
  const answer = await call(app, "/");
  assert.equal(answer.status, 200);
  assert.equal(answer.text, page);
  assert.equal(answer.headers.get("content-type"), "text/html; charset=UTF-8");
  assert.equal(
    answer.headers.get("content-security-policy"),
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; " +
      "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; " +
      "frame-ancestors 'self' https://intranet.example",
  );
  assert.equal(answer.headers.get("x-content-type-options"), "nosniff");
  assert.equal(answer.headers.get("referrer-policy"), "no-referrer");
});

Deno.test("/ serves a placeholder when no page is given", async () => {
  const { app } = testApp();
  const answer = await call(app, "/");
  assert.equal(answer.status, 200);
  assert.match(answer.text, /^<!doctype html>/);
  assert.match(answer.text, /The wallboard page is not installed/);
  assert.equal(
    answer.headers.get("content-security-policy")?.endsWith(
      "frame-ancestors 'none'",
    ),
    true,
  );
});

Deno.test("a frameAncestors value that could inject directives is refused", () => {
  assert.throws(
    () => testApp({ configExtra: { frameAncestors: "'self'; script-src *" } }),
    new TypeError(
      'Cannot create app: frameAncestors must not contain ";" or line breaks',
    ),
  );
});

Deno.test("unknown routes are 404 JSON", async () => {
  const { app } = testApp();
  for (const path of ["/nope", "/api/v1/nope", "/api/v2/snapshot"]) {
    const answer = await call(app, path);
    assert.equal(answer.status, 404);
    assert.deepEqual(answer.json, {
      error: { code: "not_found", message: "Cannot find the requested route" },
    });
    assert.equal(answer.headers.get("x-content-type-options"), "nosniff");
  }
  const post = await app.request("/api/v1/snapshot", { method: "POST" });
  assert.equal(post.status, 404);
  assert.equal((await post.json()).error.code, "not_found");
});

Deno.test("an unexpected error is 500 internal, logged without details leaking", async () => {
  const realtime = new FakeRealtime();
  const token = await hsToken();
  realtime.current = () => {
    throw new Error(`boom near ${SECRET}`);
  };
  const { app, log } = testApp({ realtime });
  const answer = await call(app, "/api/v1/snapshot?queues=q-1", bearer(token));
  assert.equal(answer.status, 500);
  assert.deepEqual(answer.json, {
    error: { code: "internal", message: "Internal server error" },
  });
  assert.equal(log.lines.length, 1);
  const line = JSON.parse(log.lines[0]);
  assert.equal(line.level, "error");
  assert.equal(line.msg, "Cannot answer request");
  assert.equal(line.method, "GET");
  assert.equal(line.path, "/api/v1/snapshot");
  assertNoSecrets([answer.text], [SECRET, token]);
  assertNoSecrets(log.lines, [token]);
});

Deno.test("CORS on /api/v1 answers allowed origins only", async () => {
  const { app } = testApp();
  const preflight = await app.request("/api/v1/snapshot", {
    method: "OPTIONS",
    headers: {
      origin: "https://board.example",
      "access-control-request-method": "GET",
      "access-control-request-headers": "authorization",
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(
    preflight.headers.get("access-control-allow-origin"),
    "https://board.example",
  );
  assert.equal(
    preflight.headers.get("access-control-allow-headers"),
    "Authorization,Last-Event-ID",
  );
  const foreign = await app.request("/api/v1/snapshot", {
    method: "OPTIONS",
    headers: {
      origin: "https://evil.example",
      "access-control-request-method": "GET",
    },
  });
  assert.equal(foreign.headers.get("access-control-allow-origin"), null);

  const token = await hsToken();
  const get = await call(app, "/api/v1/queues", {
    ...bearer(token),
    origin: "https://board.example",
  });
  assert.equal(get.status, 200);
  assert.equal(
    get.headers.get("access-control-allow-origin"),
    "https://board.example",
  );
  const refused = await call(app, "/api/v1/queues", {
    origin: "https://board.example",
  });
  assert.equal(refused.status, 401);
  assert.equal(
    refused.headers.get("access-control-allow-origin"),
    "https://board.example",
  );
});

Deno.test("a request body over 64 KiB is 413", async () => {
  const { app } = testApp();
  const res = await app.request("/api/v1/snapshot", {
    method: "POST",
    body: "x".repeat(70_000),
    headers: { "content-length": "70000" },
  });
  assert.equal(res.status, 413);
  assert.deepEqual(await res.json(), {
    error: {
      code: "too_large",
      message: "Cannot accept request: body too large",
    },
  });
});

Deno.test("createApp registers the JWT secret and metrics token for redaction", async () => {
  const lines: string[] = [];
  const log = createLogger({
    write: (line) => lines.push(line),
    now: () => NOW,
  });
  const metricsToken = "metrics-token-1234567890";
  const config = testConfig({ metricsToken });
  const clock = new FakeClock(NOW);
  const realtime = new FakeRealtime();
  realtime.current = () => {
    throw new Error(`boom: ${SECRET} ${metricsToken}`);
  };
  const app = createApp({
    realtime,
    auth: createAuthenticator(config.auth, { clock }),
    config,
    clock,
    log,
  });
  const answer = await call(app, "/readyz");
  assert.equal(answer.status, 500);
  assert.equal(lines.length, 1);
  assert.deepEqual(JSON.parse(lines[0]), {
    time: "2026-11-27T10:00:00.000Z",
    level: "error",
    msg: "Cannot answer request",
    method: "GET",
    path: "/readyz",
    error: { name: "Error", message: "boom: [redacted] [redacted]" },
  });
});
