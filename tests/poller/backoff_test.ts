import assert from "node:assert/strict";
import {
  doublingDelayMs,
  failureKind,
  probeDelayMs,
  rateLimitWaitMs,
  retryPauseMs,
} from "../../src/poller/backoff.ts";
import { GenesysApiError } from "../../src/genesys/mod.ts";

function apiError(status: number, code: string, retryAfterMs?: number) {
  return new GenesysApiError(`answered ${status}`, {
    status,
    code,
    retryAfterMs,
  });
}

Deno.test("failureKind() sorts Genesys errors by what the schedule does with them", () => {
  const cases: [unknown, string][] = [
    [apiError(429, "too.many.requests.retry.after"), "rate-limited"],
    [apiError(503, "service.unavailable"), "transient"],
    [apiError(500, "internal.server.error"), "transient"],
    [apiError(0, "network.error"), "transient"],
    [apiError(0, "request.timeout"), "transient"],
    [apiError(200, "malformed.response"), "transient"],
    [apiError(403, "missing.permissions"), "forbidden"],
    [apiError(403, "missing.any.permissions"), "forbidden"],
    [apiError(403, "not.authorized"), "other"],
    [apiError(404, "not.found"), "other"],
    [apiError(400, "bad.request"), "other"],
    [new TypeError("Cannot read properties of undefined"), "other"],
    ["a string", "other"],
  ];
  for (const [error, kind] of cases) assert.equal(failureKind(error), kind);
});

Deno.test("rateLimitWaitMs() is exactly Retry-After, 60 s when a 429 gave none", () => {
  assert.equal(
    rateLimitWaitMs(apiError(429, "too.many.requests.retry.after", 42_000)),
    42_000,
  );
  assert.equal(
    rateLimitWaitMs(apiError(429, "too.many.requests.retry.after", 0)),
    0,
  );
  assert.equal(
    rateLimitWaitMs(apiError(429, "too.many.requests.retry.after")),
    60_000,
  );
});

Deno.test("probeDelayMs() spans ½ to 1 interval and never more", () => {
  assert.equal(probeDelayMs(5000, () => 0), 2500);
  assert.equal(probeDelayMs(5000, () => 0.5), 3750);
  assert.equal(probeDelayMs(5000, () => 0.999999), 5000);
  // A broken random source cannot push it out of range.
  assert.equal(probeDelayMs(5000, () => 7), 5000);
  assert.equal(probeDelayMs(5000, () => -1), 2500);
});

Deno.test("retryPauseMs() is at most half a second", () => {
  assert.equal(retryPauseMs(() => 0), 0);
  assert.equal(retryPauseMs(() => 0.5), 250);
  assert.equal(retryPauseMs(() => 1), 500);
});

Deno.test("doublingDelayMs: the first delay, doubling, at most a minute", () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => doublingDelayMs(5000, n)),
    [5000, 10_000, 20_000, 40_000, 60_000],
  );
  assert.equal(doublingDelayMs(1000, 50), 60_000);
});
