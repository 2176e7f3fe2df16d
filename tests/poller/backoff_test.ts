import assert from "node:assert/strict";
import {
  fullJitterBackoff,
  isRetryable,
  retryDelay,
} from "../../src/poller/mod.ts";
import { FakeApiError, seededRandom } from "./_fakes.ts";

Deno.test("fullJitterBackoff() stays within [0, min(cap, base·2^n)] for attempts 0..10", () => {
  const random = seededRandom(7);
  for (let round = 0; round < 50; round++) {
    for (let attempt = 0; attempt <= 10; attempt++) {
      const delay = fullJitterBackoff(attempt, { random });
      const ceiling = Math.min(30_000, 1000 * 2 ** attempt);
      assert.ok(
        delay >= 0 && delay <= ceiling,
        `attempt ${attempt}: ${delay} outside [0, ${ceiling}]`,
      );
      assert.ok(Number.isInteger(delay));
    }
  }
});

Deno.test("fullJitterBackoff() spans the whole range at both ends", () => {
  assert.equal(fullJitterBackoff(3, { random: () => 0 }), 0);
  assert.equal(fullJitterBackoff(3, { random: () => 1 }), 8000);
  assert.equal(fullJitterBackoff(10, { random: () => 1 }), 30_000);
  assert.equal(fullJitterBackoff(2000, { random: () => 0.5 }), 15_000);
  assert.equal(
    fullJitterBackoff(2, { baseMs: 100, capMs: 250, random: () => 0.5 }),
    125,
  );
});

Deno.test("fullJitterBackoff() is the same sequence for the same seed", () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const first = [0, 1, 2, 3, 4].map((n) => fullJitterBackoff(n, { random: a }));
  const second = [0, 1, 2, 3, 4].map((n) =>
    fullJitterBackoff(n, { random: b })
  );
  assert.deepEqual(first, second);
});

Deno.test("fullJitterBackoff() refuses a bad attempt or bad bounds", () => {
  assert.throws(() => fullJitterBackoff(-1), {
    name: "RangeError",
    message:
      "Cannot compute backoff: attempt must be a non-negative integer, got -1",
  });
  assert.throws(() => fullJitterBackoff(1.5), {
    name: "RangeError",
    message:
      "Cannot compute backoff: attempt must be a non-negative integer, got 1.5",
  });
  assert.throws(() => fullJitterBackoff(0, { baseMs: 0 }), {
    name: "RangeError",
    message:
      "Cannot compute backoff: baseMs and capMs must be positive, got 0 and 30000",
  });
});

Deno.test("retryDelay() waits exactly Retry-After on 429", () => {
  const error = new FakeApiError(429, "too.many.requests.retry.after", 42_000);
  assert.equal(retryDelay(error, 0), 42_000);
  assert.equal(retryDelay(error, 9), 42_000);
});

Deno.test("retryDelay() waits 60 s on a 429 without Retry-After", () => {
  const error = new FakeApiError(429, "too.many.requests.retry.after", null);
  assert.equal(retryDelay(error, 0), 60_000);
});

Deno.test("retryDelay() backs off with full jitter on 5xx and network errors", () => {
  const random = () => 0.25;
  assert.equal(
    retryDelay(new FakeApiError(503, "service.unavailable"), 2, { random }),
    1000,
  );
  assert.equal(
    retryDelay(new FakeApiError(500, "internal.server.error"), 0, { random }),
    250,
  );
  assert.equal(
    retryDelay({ status: 0, retryAfterMs: null }, 5, { random }),
    7500,
  );
});

Deno.test("retryDelay() gives null for other 4xx and for non-API errors", () => {
  assert.equal(retryDelay(new FakeApiError(400, "bad.request"), 0), null);
  assert.equal(
    retryDelay(new FakeApiError(403, "missing.permissions"), 3),
    null,
  );
  assert.equal(retryDelay(new FakeApiError(404, "not.found"), 0), null);
  assert.equal(retryDelay(new TypeError("Cannot read x"), 0), null);
  assert.equal(retryDelay("boom", 0), null);
  assert.equal(retryDelay(null, 0), null);
});

Deno.test("isRetryable() matches retryDelay()", () => {
  assert.equal(isRetryable({ status: 429, retryAfterMs: 1000 }), true);
  assert.equal(isRetryable({ status: 0, retryAfterMs: null }), true);
  assert.equal(isRetryable({ status: 502, retryAfterMs: null }), true);
  assert.equal(isRetryable({ status: 401, retryAfterMs: null }), false);
  assert.equal(isRetryable(new Error("x")), false);
});
