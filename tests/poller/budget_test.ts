import assert from "node:assert/strict";
import { planIntervals } from "../../src/poller/mod.ts";

Deno.test("planIntervals() stretches 1,000 queues to at most 240 calls/min of 300", () => {
  const plan = planIntervals({
    queueCount: 1000,
    allowedPerMinute: 300,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
  });
  // 10 batches: 2·10·12 + 10·2 + 10/5 = 262 calls/min; 260 stretchable into
  // 238 → factor 1.0924 → 5462 → 6000 ms and 32773 → 33000 ms.
  assert.deepEqual(plan, {
    pollIntervalMs: 6000,
    aggregateIntervalMs: 33_000,
    callsPerMinute: 220.18,
    stretched: true,
    reason:
      "Stretching POLL_INTERVAL_MS from 5000 to 6000 and AGGREGATE_INTERVAL_MS from 30000 to 33000: 1,000 queues need 262 calls/min, above 80% of the 300/min allowance",
  });
  assert.ok(plan.callsPerMinute <= 240);
});

Deno.test("planIntervals() leaves 12 queues at 5 s alone", () => {
  assert.deepEqual(
    planIntervals({
      queueCount: 12,
      allowedPerMinute: 300,
      pollIntervalMs: 5000,
      aggregateIntervalMs: 30_000,
    }),
    {
      pollIntervalMs: 5000,
      aggregateIntervalMs: 30_000,
      callsPerMinute: 26.2,
      stretched: false,
    },
  );
});

Deno.test("planIntervals() counts user-name lookups once", () => {
  const plan = planIntervals({
    queueCount: 12,
    agentCount: 250,
    allowedPerMinute: 300,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
  });
  assert.equal(plan.callsPerMinute, 29.2);
  assert.equal(plan.stretched, false);
});

Deno.test("planIntervals() keeps every stretched plan within the share", () => {
  for (const queueCount of [1, 99, 101, 500, 1000, 2500, 5000]) {
    for (const allowed of [60, 180, 300, 3000]) {
      for (const share of [0.5, 0.8, 1]) {
        const plan = planIntervals({
          queueCount,
          allowedPerMinute: allowed,
          pollIntervalMs: 2000,
          aggregateIntervalMs: 10_000,
          share,
        });
        assert.ok(
          plan.callsPerMinute <= share * allowed,
          `${queueCount} queues at ${allowed}/min: ${plan.callsPerMinute}`,
        );
        assert.equal(plan.pollIntervalMs % 1000 === 0 || !plan.stretched, true);
        assert.ok(plan.pollIntervalMs >= 2000);
        assert.equal(plan.reason !== undefined, plan.stretched);
      }
    }
  }
});

Deno.test("planIntervals() stretches both intervals by the same factor", () => {
  const plan = planIntervals({
    queueCount: 3000,
    allowedPerMinute: 300,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
  });
  // 30 batches: 720 + 60 + 6 = 786; 780 into 234 → factor 10/3.
  assert.equal(plan.pollIntervalMs, 17_000);
  assert.equal(plan.aggregateIntervalMs, 100_000);
  assert.equal(
    plan.reason,
    "Stretching POLL_INTERVAL_MS from 5000 to 17000 and AGGREGATE_INTERVAL_MS from 30000 to 100000: 3,000 queues need 786 calls/min, above 80% of the 300/min allowance",
  );
});

Deno.test("planIntervals() refuses bad numbers with a clear error", () => {
  const base = {
    queueCount: 10,
    allowedPerMinute: 300,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
  };
  assert.throws(() => planIntervals({ ...base, queueCount: -1 }), {
    name: "RangeError",
    message:
      "Cannot plan intervals: queueCount must be a non-negative integer, got -1",
  });
  assert.throws(() => planIntervals({ ...base, allowedPerMinute: 0 }), {
    name: "RangeError",
    message:
      "Cannot plan intervals: allowedPerMinute must be a positive number, got 0",
  });
  assert.throws(() => planIntervals({ ...base, pollIntervalMs: NaN }), {
    name: "RangeError",
    message:
      "Cannot plan intervals: pollIntervalMs must be a positive number, got NaN",
  });
  assert.throws(() => planIntervals({ ...base, share: 1.5 }), {
    name: "RangeError",
    message: "Cannot plan intervals: share must be in (0, 1], got 1.5",
  });
});
