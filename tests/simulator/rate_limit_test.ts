import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_fake_clock.ts";
import { get, json, token } from "./_helpers.ts";

const QUEUES = "/api/v2/routing/queues?pageSize=1";

function limits(res: Response) {
  return [
    res.headers.get("inin-ratelimit-count"),
    res.headers.get("inin-ratelimit-allowed"),
    res.headers.get("inin-ratelimit-reset"),
  ];
}

Deno.test("the 6th call in a minute with rateLimitPerMinute 5 gets the normalized 429", async () => {
  const clock = new FakeClock();
  const sim = createSimulator({ clock, rateLimitPerMinute: 5 });
  const t = await token(sim);
  for (let i = 1; i <= 5; i++) {
    const res = await get(sim, t, QUEUES);
    await json(res);
    assert.deepEqual(limits(res), [String(i), "5", String(61 - i)]);
    assert.ok(res.headers.get("ININ-Correlation-Id"));
    await clock.tickAsync(1000);
  }
  await clock.tickAsync(13_000);
  const res = await get(sim, t, QUEUES);
  const cid = res.headers.get("ININ-Correlation-Id");
  assert.equal(res.headers.get("Retry-After"), "42");
  assert.deepEqual(limits(res), ["6", "5", "42"]);
  assert.equal(
    await res.text(),
    JSON.stringify({
      message:
        "Rate limit exceeded the maximum. Retry the request in [42] seconds",
      code: "too.many.requests.retry.after",
      status: 429,
      contextId: cid,
      details: [],
      errors: [],
    }),
  );
  assert.equal(res.status, 429);
  assert.equal(sim.stats().rateLimited, 1);

  await clock.tickAsync(41_999);
  const still = await get(sim, t, QUEUES);
  await json(still, 429);
  assert.equal(still.headers.get("Retry-After"), "1");

  await clock.tickAsync(1);
  const fresh = await get(sim, t, QUEUES);
  await json(fresh);
  assert.deepEqual(limits(fresh), ["1", "5", "60"]);
  assert.equal(sim.stats().rateLimited, 2);
});

Deno.test("each token has its own window; a fault overrides the limit", async () => {
  const clock = new FakeClock();
  const sim = createSimulator({ clock, rateLimitPerMinute: 2 });
  const a = await token(sim);
  const b = await token(sim);
  for (let i = 0; i < 2; i++) await json(await get(sim, a, QUEUES));
  await json(await get(sim, a, QUEUES), 429);
  const other = await get(sim, b, QUEUES);
  await json(other);
  assert.deepEqual(limits(other), ["1", "2", "60"]);
  sim.setFaults({ rateLimitPerMinute: 10 });
  const raised = await get(sim, a, QUEUES);
  await json(raised);
  assert.deepEqual(limits(raised), ["4", "10", "60"]);
});
