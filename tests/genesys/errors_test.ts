import assert from "node:assert/strict";
import {
  apiErrorFromAnswer,
  GenesysApiError,
  retryAfterFrom,
} from "../../src/genesys/mod.ts";
import { fixtureText } from "./_fake_genesys.ts";

const NOW = Date.parse("2026-11-27T10:00:00.000Z");

Deno.test("retryAfterFrom prefers Retry-After, then inin-ratelimit-reset on a 429", () => {
  const h = (init: Record<string, string>) => new Headers(init);
  assert.equal(retryAfterFrom(h({ "retry-after": "42" }), 429, NOW), 42_000);
  assert.equal(
    retryAfterFrom(
      h({ "retry-after": "3", "inin-ratelimit-reset": "50" }),
      429,
      NOW,
    ),
    3000,
  );
  assert.equal(
    retryAfterFrom(h({ "inin-ratelimit-reset": "7" }), 429, NOW),
    7000,
  );
  assert.equal(
    retryAfterFrom(
      h({ "retry-after": "Fri, 27 Nov 2026 10:00:30 GMT" }),
      503,
      NOW,
    ),
    30_000,
  );
  assert.equal(retryAfterFrom(h({ "retry-after": "5" }), 503, NOW), 5000);
  // The reset header comes with every answer; only a 429 makes it a wait.
  assert.equal(
    retryAfterFrom(h({ "inin-ratelimit-reset": "61" }), 500, NOW),
    null,
  );
  assert.equal(retryAfterFrom(h({ "retry-after": "soon" }), 429, NOW), null);
  assert.equal(retryAfterFrom(h({}), 429, NOW), null);
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
  assert.equal(
    error.message,
    'Genesys request failed: GET /api/v2/users answered 429 too.many.requests.retry.after: "Rate limit exceeded the maximum. Retry the request in [42] seconds"',
  );
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
