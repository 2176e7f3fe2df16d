import assert from "node:assert/strict";
import { hsToken, SECRET } from "../auth/tokens.ts";
import {
  assertNoSecrets,
  bearer,
  call,
  FakeRealtime,
  testApp,
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

Deno.test("/readyz carries the poller's reason while data is stale or slow", async () => {
  const realtime = new FakeRealtime();
  const { app } = testApp({ realtime });
  realtime.isStale = true;
  realtime.staleReason =
    "Genesys refuses observations: missing permission analytics:queueObservation:view";
  const stale = await call(app, "/readyz");
  assert.equal(stale.status, 503);
  assert.deepEqual(stale.json, {
    status: "stale",
    fetchedAt: "2026-11-27T09:59:58.000Z",
    reason:
      "Genesys refuses observations: missing permission analytics:queueObservation:view",
  });
  realtime.isStale = false;
  realtime.staleReason =
    "Polling every 20 s: 1,000 queues need more calls than the allowance";
  const slow = await call(app, "/readyz");
  assert.equal(slow.status, 200);
  assert.equal(slow.json.reason, realtime.staleReason);
});

const METRICS =
  "# HELP queuepulse_isolates Isolates.\n# TYPE queuepulse_isolates gauge\nqueuepulse_isolates 2\n";

Deno.test("/metrics serves the telemetry text as Prometheus text, never cached", async () => {
  let scrapes = 0;
  const { app } = testApp({
    metrics: () => Promise.resolve(`${METRICS}# scrape ${++scrapes}\n`),
  });
  const answer = await call(app, "/metrics");
  assert.equal(answer.status, 200);
  assert.equal(
    answer.headers.get("content-type"),
    "text/plain; version=0.0.4; charset=utf-8",
  );
  assert.equal(answer.headers.get("cache-control"), "no-store");
  assert.equal(answer.text, `${METRICS}# scrape 1\n`);
  assert.equal((await call(app, "/metrics")).text, `${METRICS}# scrape 2\n`);
});

Deno.test("/metrics requires its bearer token when one is configured", async () => {
  const metricsToken = "metrics-token-1234567890";
  const { app, log } = testApp({
    settingsExtra: { metricsToken },
    metrics: () => METRICS,
  });
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
    settingsExtra: { frameAncestors: "'self' https://intranet.example" },
  });
  const answer = await call(app, "/");
  assert.equal(answer.status, 200);
  assert.equal(answer.text, page);
  assert.equal(answer.headers.get("content-type"), "text/html; charset=UTF-8");
  assert.equal(
    answer.headers.get("content-security-policy"),
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; " +
      "style-src 'self'; script-src 'self'; " +
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
