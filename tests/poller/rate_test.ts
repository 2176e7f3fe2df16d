import assert from "node:assert/strict";
import { createRatePlan } from "../../src/poller/_rate.ts";
import { advance, FakeApiError, makeQueues, startPoller } from "./_fakes.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const OPTIONS = {
  rateLimitPerMinute: 300,
  pollIntervalMs: 5000,
  aggregateIntervalMs: 30_000,
  directoryIntervalMs: 300_000,
  staleAfterMs: 12_000,
};

function tooMany(retryAfterMs: number) {
  return new FakeApiError(429, "too.many.requests.retry.after", retryAfterMs);
}

Deno.test("createRatePlan() starts at 80% of the allowance and halves below the rate in use", () => {
  const rate = createRatePlan(OPTIONS);
  // 12 queues need 26.2 calls/min: far under the 240 budget.
  assert.deepEqual(
    [rate.current(12).ceilingPerMinute, rate.current(12).pollIntervalMs],
    [240, 5000],
  );
  rate.rateLimited();
  assert.equal(rate.current(12).ceilingPerMinute, 13.1);
  assert.equal(rate.current(12).pollIntervalMs, 11_000);
  // The second halves what the stretched plan uses (12.1 calls/min).
  rate.rateLimited();
  assert.equal(rate.current(12).ceilingPerMinute, 6.05);
  // One step back (a tenth of the budget) covers what this org needs.
  rate.succeeded();
  assert.deepEqual(
    [rate.current(12).ceilingPerMinute, rate.current(12).pollIntervalMs],
    [30.05, 5000],
  );
  for (let i = 0; i < 9; i++) rate.succeeded();
  assert.equal(rate.current(12).ceilingPerMinute, 240);
  rate.succeeded();
  assert.equal(rate.current(12).ceilingPerMinute, 240);
});

Deno.test("createRatePlan() climbs back gradually where the org uses most of the budget", () => {
  const rate = createRatePlan(OPTIONS);
  assert.equal(rate.current(1000).callsPerMinute, 220.18);
  rate.rateLimited();
  const steps = [rate.current(1000).pollIntervalMs];
  for (let i = 0; i < 6; i++) {
    rate.succeeded();
    steps.push(rate.current(1000).pollIntervalMs);
  }
  // 110 calls/min after the 429, then +24 per cycle until 6 s fits again.
  assert.deepEqual(steps, [13_000, 10_000, 9000, 8000, 7000, 6000, 6000]);
  assert.ok(rate.current(1000).callsPerMinute <= 240);
});

Deno.test("createRatePlan() never goes below 1% of the budget", () => {
  const rate = createRatePlan(OPTIONS);
  for (let i = 0; i < 20; i++) rate.rateLimited();
  assert.equal(rate.current(12).ceilingPerMinute, 2.4);
  assert.ok(rate.current(12).callsPerMinute <= 2.4);
});

Deno.test("createRatePlan() plans from the configured allowance", () => {
  const big = createRatePlan({ ...OPTIONS, rateLimitPerMinute: 3000 });
  assert.deepEqual(
    [big.current(1000).ceilingPerMinute, big.current(1000).stretched],
    [2400, false],
  );
  const small = createRatePlan({ ...OPTIONS, rateLimitPerMinute: 30 });
  // 24 calls/min for 12 queues that want 26.2.
  assert.deepEqual(
    [small.current(12).ceilingPerMinute, small.current(12).pollIntervalMs],
    [24, 6000],
  );
  assert.ok(small.current(12).callsPerMinute <= 24);
});

Deno.test("poll() waits each Retry-After exactly, then polls slower until a call succeeds", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 0);
    h.api.fail("queueObservations", tooMany(7000), tooMany(20_000));
    await advance(h.clock, 45_000);
    // 429 at 5 s (wait 7 s), 429 at 12 s (wait 20 s), success at 32 s,
    // then the planned 5 s at once.
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000, 12_000, 32_000, 37_000, 42_000],
    );
    assert.deepEqual(
      h.of("plan").map((e) => [e.ceilingPerMinute, e.pollIntervalMs]),
      [[240, 5000], [13.1, 11_000], [6.05, 23_000], [30.05, 5000], [
        54.05,
        5000,
      ], [78.05, 5000]],
    );
    // The status record said why, once, and made the wait deliberate:
    // the data is as old as it will be when the wait ends, plus margin.
    const during = h.of("status").map((e) => e.status).filter((s) =>
      s.backoff !== null
    );
    assert.deepEqual(
      during.map((s) => [s.backoff, s.staleAfterMs]),
      [
        [{
          kind: "rate-limited",
          delayMs: 7000,
          until: new Date(T0 + 12_000).toISOString(),
        }, 15_000],
        [{
          kind: "rate-limited",
          delayMs: 20_000,
          until: new Date(T0 + 32_000).toISOString(),
        }, 35_000],
      ],
    );
    assert.deepEqual(new Set(during.map((s) => s.reason)).size, 1);
    assert.equal(h.of("status").at(-1)!.status.backoff, null);
    assert.equal(h.of("status").at(-1)!.status.staleAfterMs, 12_000);
    // One line when it began, one when it ended.
    assert.deepEqual(
      h.lines.filter((l) => l.level !== "debug").map((l) => l.msg),
      [
        "Cannot poll Genesys: rate limited, waiting Retry-After",
        "Stretching POLL_INTERVAL_MS from 5000 to 11000 and AGGREGATE_INTERVAL_MS from 30000 to 61000: 3 queues need 27 calls/min, above the 13.1/min Genesys accepted before its last 429; polls every 11000 ms are more than STALE_AFTER_MS 12000 can carry: data is deliberately up to 14000 ms old",
        "Genesys accepts calls again",
        "Polling at the planned cadence",
      ],
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() with 1,000 queues regains its rate over several cycles, within the budget", async () => {
  const h = await startPoller({ apiOptions: { queues: makeQueues(1000) } });
  try {
    await advance(h.clock, 0);
    h.api.fail("queueObservations", tooMany(1000));
    await advance(h.clock, 60_000);
    const times = h.api.callsOf("queueObservations").map((c) => c.at - T0);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // 6 s planned; the retry exactly 1 s (Retry-After) after the 429, then
    // 10, 9, 8, 7 and 6 s again as the rate climbs back.
    assert.deepEqual(gaps.slice(0, 7), [
      6000,
      1000,
      10_000,
      9000,
      8000,
      7000,
      6000,
    ]);
    for (const e of h.of("plan")) assert.ok(e.callsPerMinute <= 240);
  } finally {
    await h.stop();
  }
});
