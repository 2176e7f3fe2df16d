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
    slow: false,
    staleAfterMs: null,
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
      slow: false,
      staleAfterMs: null,
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

Deno.test("planIntervals() keeps polls within ¾ of STALE_AFTER_MS by slowing the aggregates", () => {
  const plan = planIntervals({
    queueCount: 1200,
    allowedPerMinute: 300,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 5000,
    staleAfterMs: 12_000,
  });
  // 12 batches: 288 + 144 + 2.4 = 434.4 calls/min. A uniform stretch would
  // poll every 10 s; held at 9 s (160 calls/min), the aggregates get the
  // 77.6 left: every 12·60/77.6 = 9.3 → 10 s.
  assert.deepEqual(
    [plan.pollIntervalMs, plan.aggregateIntervalMs, plan.callsPerMinute],
    [9000, 10_000, 234.4],
  );
  assert.equal(plan.slow, false);
  assert.equal(plan.staleAfterMs, 12_000);
});

Deno.test("planIntervals() marks a plan slow when even that does not fit, and says how old data gets", () => {
  const plan = planIntervals({
    queueCount: 2000,
    allowedPerMinute: 300,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
  });
  // 20 batches poll 266.7 calls/min at 9 s alone: above the 240 budget.
  assert.deepEqual(
    [plan.pollIntervalMs, plan.aggregateIntervalMs, plan.slow],
    [12_000, 67_000, true],
  );
  // 3 s of margin on top of the interval.
  assert.equal(plan.staleAfterMs, 15_000);
  assert.equal(
    plan.reason,
    "Stretching POLL_INTERVAL_MS from 5000 to 12000 and AGGREGATE_INTERVAL_MS from 30000 to 67000: 2,000 queues need 524 calls/min, above 80% of the 300/min allowance; polls every 12000 ms are more than STALE_AFTER_MS 12000 can carry: data is deliberately up to 15000 ms old",
  );
  assert.ok(plan.callsPerMinute <= 240);
});

Deno.test("planIntervals() under a ceiling learnt from 429s says so", () => {
  const plan = planIntervals({
    queueCount: 12,
    allowedPerMinute: 300,
    ceilingPerMinute: 13.1,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
  });
  assert.deepEqual(
    [plan.pollIntervalMs, plan.aggregateIntervalMs, plan.slow],
    [11_000, 61_000, true],
  );
  assert.ok(plan.callsPerMinute <= 13.1);
  assert.equal(
    plan.reason,
    "Stretching POLL_INTERVAL_MS from 5000 to 11000 and AGGREGATE_INTERVAL_MS from 30000 to 61000: 12 queues need 27 calls/min, above the 13.1/min Genesys accepted before its last 429; polls every 11000 ms are more than STALE_AFTER_MS 12000 can carry: data is deliberately up to 14000 ms old",
  );
});

Deno.test("planIntervals() marks a configured interval beyond STALE_AFTER_MS slow, unstretched", () => {
  const plan = planIntervals({
    queueCount: 12,
    allowedPerMinute: 300,
    pollIntervalMs: 15_000,
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
  });
  assert.deepEqual(
    [plan.pollIntervalMs, plan.stretched, plan.slow, plan.staleAfterMs],
    [15_000, false, true, 18_000],
  );
  assert.equal(
    plan.reason,
    "Polls every 15000 ms are more than STALE_AFTER_MS 12000 can carry: data is deliberately up to 18000 ms old",
  );
});

Deno.test("planIntervals() with STALE_AFTER_MS polls within ¾ of it, or says it is slow", () => {
  for (const queueCount of [1, 100, 500, 1000, 1500, 2000, 5000]) {
    for (const staleAfterMs of [6000, 12_000, 30_000]) {
      const plan = planIntervals({
        queueCount,
        allowedPerMinute: 300,
        pollIntervalMs: 2000,
        aggregateIntervalMs: 10_000,
        staleAfterMs,
      });
      const label = `${queueCount} queues, ${staleAfterMs} ms`;
      assert.ok(plan.callsPerMinute <= 240, label);
      assert.equal(plan.slow, plan.pollIntervalMs > staleAfterMs * 0.75, label);
      assert.equal(plan.slow, plan.staleAfterMs! > staleAfterMs, label);
      assert.equal(plan.reason !== undefined, plan.stretched || plan.slow);
    }
  }
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
  assert.throws(() => planIntervals({ ...base, ceilingPerMinute: -3 }), {
    name: "RangeError",
    message:
      "Cannot plan intervals: ceilingPerMinute must be a positive number, got -3",
  });
  assert.throws(() => planIntervals({ ...base, staleAfterMs: 0 }), {
    name: "RangeError",
    message:
      "Cannot plan intervals: staleAfterMs must be a positive number, got 0",
  });
  assert.throws(() => planIntervals({ ...base, share: 1.5 }), {
    name: "RangeError",
    message: "Cannot plan intervals: share must be in (0, 1], got 1.5",
  });
});
