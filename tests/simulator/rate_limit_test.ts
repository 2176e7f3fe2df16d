import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { get, json, token } from "./_helpers.ts";

const QUEUES = "/api/v2/routing/queues?pageSize=1";

/** Names of the response's headers, sorted. */
function headerNames(res: Response): string[] {
  return [...res.headers.keys()].sort();
}

Deno.test("the 6th call in a minute with rateLimitPerMinute 5 gets the normalized 429 with its limit", async () => {
  const clock = new FakeClock();
  const sim = createSimulator({ clock, rateLimitPerMinute: 5 });
  const t = await token(sim);
  for (let i = 1; i <= 5; i++) {
    const res = await get(sim, t, QUEUES);
    await json(res);
    assert.deepEqual(headerNames(res), ["content-type", "inin-correlation-id"]);
    await clock.tickAsync(1000);
  }
  await clock.tickAsync(13_000);
  const res = await get(sim, t, QUEUES);
  const cid = res.headers.get("ININ-Correlation-Id");
  assert.equal(res.status, 429);
  assert.deepEqual(headerNames(res), [
    "content-type",
    "inin-correlation-id",
    "retry-after",
  ]);
  assert.equal(res.headers.get("Retry-After"), "42");
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
      limit: {
        key: "client.credentials.token.rate.per.minute",
        namespace: "platform.api",
        value: 5,
      },
    }),
  );
  assert.equal(sim.stats().rateLimited, 1);

  await clock.tickAsync(41_999);
  const still = await get(sim, t, QUEUES);
  await json(still, 429);
  assert.equal(still.headers.get("Retry-After"), "1");

  await clock.tickAsync(1);
  const fresh = await get(sim, t, QUEUES);
  await json(fresh);
  assert.equal(fresh.headers.get("Retry-After"), null);
  assert.equal(sim.stats().rateLimited, 2);
});

Deno.test("each token has its own window; a fault overrides the limit", async () => {
  const clock = new FakeClock();
  const sim = createSimulator({ clock, rateLimitPerMinute: 2 });
  const a = await token(sim);
  const b = await token(sim);
  for (let i = 0; i < 2; i++) await json(await get(sim, a, QUEUES));
  const limited = await json(await get(sim, a, QUEUES), 429);
  assert.equal(limited.limit.value, 2);
  await json(await get(sim, b, QUEUES));
  sim.setFaults({ rateLimitPerMinute: 10 });
  await json(await get(sim, a, QUEUES));
  for (let i = 0; i < 6; i++) await json(await get(sim, a, QUEUES));
  const again = await json(await get(sim, a, QUEUES), 429);
  assert.equal(again.limit.value, 10);
});

Deno.test("the stats log stamps each request with its arrival time and status", async () => {
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const sim = createSimulator({ clock, rateLimitPerMinute: 1 });
  const t = await token(sim);
  await json(await get(sim, t, QUEUES));
  await clock.tickAsync(250);
  await json(await get(sim, t, QUEUES), 429);
  await clock.tickAsync(59_750);
  await json(await get(sim, t, QUEUES));
  const at = (iso: string) => Date.parse(iso);
  assert.deepEqual(sim.stats().log, [
    {
      at: at("2026-11-27T10:00:00.000Z"),
      method: "POST",
      path: "/oauth/token",
      status: 200,
    },
    {
      at: at("2026-11-27T10:00:00.000Z"),
      method: "GET",
      path: "/api/v2/routing/queues",
      status: 200,
    },
    {
      at: at("2026-11-27T10:00:00.250Z"),
      method: "GET",
      path: "/api/v2/routing/queues",
      status: 429,
    },
    {
      at: at("2026-11-27T10:01:00.000Z"),
      method: "GET",
      path: "/api/v2/routing/queues",
      status: 200,
    },
  ]);
});

Deno.test("the stats log keeps the latest 1000 requests, newest last", async () => {
  const clock = new FakeClock();
  const sim = createSimulator({ clock, rateLimitPerMinute: 2000 });
  for (let i = 0; i < 1005; i++) {
    await (await get(sim, null, `/api/v2/nothing/${i}`)).body?.cancel();
  }
  const { log } = sim.stats();
  assert.equal(log.length, 1000);
  assert.equal(log[0].path, "/api/v2/nothing/5");
  assert.equal(log[999].path, "/api/v2/nothing/1004");
  assert.equal(log[999].status, 401);
});
