import assert from "node:assert/strict";
import {
  apiErrorFromAnswer,
  GenesysApiError,
  retryAfterFrom,
} from "../../src/genesys/mod.ts";
import { fixtureText } from "./_fake_genesys.ts";

const NOW = Date.parse("2026-11-27T10:00:00.000Z");

Deno.test("retryAfterFrom reads Retry-After only", () => {
  const h = (init: Record<string, string>) => new Headers(init);
  assert.equal(retryAfterFrom(h({ "retry-after": "42" }), NOW), 42_000);
  assert.equal(retryAfterFrom(h({ "retry-after": " 0.5 " }), NOW), 500);
  assert.equal(
    retryAfterFrom(h({ "retry-after": "Fri, 27 Nov 2026 10:00:30 GMT" }), NOW),
    30_000,
  );
  assert.equal(
    retryAfterFrom(h({ "retry-after": "Fri, 27 Nov 2026 09:00:00 GMT" }), NOW),
    0,
    "a date in the past means now",
  );
  // Genesys no longer sends inin-ratelimit-* headers; they never mean a wait.
  assert.equal(retryAfterFrom(h({ "inin-ratelimit-reset": "7" }), NOW), null);
  assert.equal(retryAfterFrom(h({ "retry-after": "soon" }), NOW), null);
  assert.equal(retryAfterFrom(h({ "retry-after": "-3" }), NOW), null);
  assert.equal(retryAfterFrom(h({}), NOW), null);
});

Deno.test("apiErrorFromAnswer parses the normalised 429 body of the fixture", () => {
  const text = fixtureText("rate_limited_body.json");
  const response = new Response(text, {
    status: 429,
    headers: { "retry-after": "42" },
  });
  const error = apiErrorFromAnswer("GET /api/v2/users", response, text, NOW);
  assert.ok(error instanceof GenesysApiError);
  assert.equal(error.name, "GenesysApiError");
  assert.equal(error.status, 429);
  assert.equal(error.code, "too.many.requests.retry.after");
  assert.equal(error.contextId, "<correlationId>");
  assert.equal(error.retryAfterMs, 42_000);
  assert.equal(error.limit, null);
  assert.equal(
    error.message,
    'Genesys request failed: GET /api/v2/users answered 429 too.many.requests.retry.after: "Rate limit exceeded the maximum. Retry the request in [42] seconds"',
  );
});

Deno.test("apiErrorFromAnswer reads the optional limit object, and only a well-formed one", () => {
  const text = fixtureText("rate_limited_limit_body.json");
  const answer = (body: string) =>
    apiErrorFromAnswer(
      "GET /api/v2/users",
      new Response(body, { status: 429, headers: { "retry-after": "42" } }),
      body,
      NOW,
    );
  assert.deepEqual(answer(text).limit, {
    key: "client.credentials.token.rate.per.minute",
    namespace: "platform.api",
    value: 300,
  });
  const body = JSON.parse(text);
  for (const limit of [{ key: "k", namespace: "n" }, "300", null]) {
    assert.equal(answer(JSON.stringify({ ...body, limit })).limit, null);
  }
});

Deno.test("apiErrorFromAnswer keeps the status when the body is not an ErrorBody", () => {
  const html = new Response("<html>Bad gateway</html>", { status: 502 });
  const error = apiErrorFromAnswer("GET /api/v2/users", html, "<html>", NOW);
  assert.equal(error.status, 502);
  assert.equal(error.code, "http.error");
  assert.equal(error.contextId, null);
  assert.equal(error.retryAfterMs, null);
  assert.equal(
    error.message,
    "Genesys request failed: GET /api/v2/users answered 502 with a non-JSON body",
  );
  const other = apiErrorFromAnswer(
    "GET /x",
    new Response(null, { status: 404 }),
    '{"oops":1}',
    NOW,
  );
  assert.equal(
    other.message,
    "Genesys request failed: GET /x answered 404 with an unknown error body",
  );
});
