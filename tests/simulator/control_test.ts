import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock, settle } from "../_support/mod.ts";
import { BASE, get, json, token, tokenRequest } from "./_helpers.ts";

const QUEUES = "/api/v2/routing/queues";

function putFaults(sim: ReturnType<typeof createSimulator>, body: unknown) {
  return sim.fetch(`${BASE}/__sim/faults`, {
    method: "PUT",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

Deno.test("stats count requests by method and path", async () => {
  const sim = createSimulator({
    clock: new FakeClock(),
    rateLimitPerMinute: 2,
  });
  const t = await token(sim);
  await get(sim, t, `${QUEUES}?pageSize=1`);
  await get(sim, t, `${QUEUES}?pageSize=2`);
  await get(sim, t, QUEUES);
  await get(sim, null, "/api/v2/users");
  const stats = await json(await sim.fetch(`${BASE}/__sim/stats`));
  const { log, notifications, ...counters } = stats;
  assert.deepEqual(notifications, {
    channels: 0,
    subscriptions: 0,
    sockets: 0,
    messages: 0,
    heartbeats: 0,
  });
  assert.deepEqual(counters, {
    requests: {
      "POST /oauth/token": 1,
      "GET /api/v2/routing/queues": 3,
      "GET /api/v2/users": 1,
    },
    tokensIssued: 1,
    rateLimited: 1,
  });
  assert.deepEqual(
    log.map((e: { path: string; status: number }) => [e.path, e.status]),
    [
      ["/oauth/token", 200],
      ["/api/v2/routing/queues", 200],
      ["/api/v2/routing/queues", 200],
      ["/api/v2/routing/queues", 429],
      ["/api/v2/users", 401],
    ],
  );
  assert.deepEqual(sim.stats(), stats);
});

Deno.test("outage answers 503 on API and token paths until cleared", async () => {
  const sim = createSimulator({ clock: new FakeClock() });
  const t = await token(sim);
  assert.deepEqual(await json(await putFaults(sim, { outage: true })), {
    outage: true,
  });
  const down = await get(sim, t, QUEUES);
  const body = await json(down, 503);
  assert.deepEqual(body, {
    message: "Cannot serve request: simulated outage",
    code: "service.unavailable",
    status: 503,
    contextId: down.headers.get("ININ-Correlation-Id"),
    details: [],
    errors: [],
  });
  assert.equal(
    (await json(await tokenRequest(sim), 503)).code,
    "service.unavailable",
  );
  assert.deepEqual(await json(await sim.fetch(`${BASE}/__sim/faults`)), {
    outage: true,
  });
  const cleared = await sim.fetch(`${BASE}/__sim/faults`, { method: "DELETE" });
  assert.equal(cleared.status, 204);
  assert.equal((await get(sim, t, QUEUES)).status, 200);
});

Deno.test("errorRate answers that fraction with errorStatus", async () => {
  const sim = createSimulator({ clock: new FakeClock() });
  const t = await token(sim);
  sim.setFaults({ errorRate: 1, errorStatus: 500 });
  const failed = await json(await get(sim, t, QUEUES), 500);
  assert.equal(failed.code, "internal.server.error");
  assert.equal(failed.message, "Cannot serve request: simulated error 500");
  sim.setFaults({ errorRate: 0.5 });
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) {
    const res = await get(sim, t, `${QUEUES}?pageSize=1`);
    await res.body?.cancel();
    statuses.push(res.status);
  }
  const errors = statuses.filter((s) => s === 503).length;
  assert.equal(errors + statuses.filter((s) => s === 200).length, 40);
  assert.ok(errors > 5 && errors < 35, `${errors} of 40 failed`);
  sim.clearFaults();
  assert.equal((await get(sim, t, QUEUES)).status, 200);
});

Deno.test("malformedRate answers truncated JSON with 200", async () => {
  const sim = createSimulator({ clock: new FakeClock() });
  const t = await token(sim);
  const whole = await (await get(sim, t, QUEUES)).text();
  sim.setFaults({ malformedRate: 1 });
  const res = await get(sim, t, QUEUES);
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.ok(text.length > 0 && text.length < whole.length);
  assert.ok(whole.startsWith(text.slice(0, 20)));
  assert.throws(() => JSON.parse(text), SyntaxError);
});

Deno.test("latencyMs delays answers on the injected clock", async () => {
  const clock = new FakeClock();
  const sim = createSimulator({ clock });
  const t = await token(sim);
  sim.setFaults({ latencyMs: 800 });
  let done = false;
  const pending = get(sim, t, QUEUES).then((res) => {
    done = true;
    return res;
  });
  await settle();
  assert.equal(done, false);
  await clock.tickAsync(799);
  assert.equal(done, false);
  await clock.tickAsync(1);
  assert.equal((await pending).status, 200);
});

Deno.test("revokeTokens invalidates every current token once", async () => {
  const sim = createSimulator({ clock: new FakeClock() });
  const old = await token(sim);
  assert.deepEqual(
    await json(await putFaults(sim, { revokeTokens: true })),
    {},
  );
  assert.equal(
    (await json(await get(sim, old, QUEUES), 401)).code,
    "bad.credentials",
  );
  const fresh = await token(sim);
  assert.equal((await get(sim, fresh, QUEUES)).status, 200);
});

Deno.test("bad faults get 400 and change nothing", async () => {
  const sim = createSimulator({ clock: new FakeClock() });
  sim.setFaults({ latencyMs: 5 });
  const cases: [unknown, string][] = [
    [
      { errorRate: 2 },
      'Cannot set faults: "errorRate" must be a number from 0 to 1, got 2',
    ],
    [
      { errorStatus: 200 },
      'Cannot set faults: "errorStatus" must be an integer from 400 to 599, got 200',
    ],
    [
      { outage: "yes" },
      'Cannot set faults: "outage" must be a boolean, got "yes"',
    ],
    [
      { latencyMs: -1 },
      'Cannot set faults: "latencyMs" must be a number from 0 to 600000, got -1',
    ],
    [
      { rateLimitPerMinute: 0 },
      'Cannot set faults: "rateLimitPerMinute" must be an integer from 1 to 1000000, got 0',
    ],
    [{ chaos: true }, 'Cannot set faults: unknown field "chaos"'],
    ["nope", "Cannot parse request body: malformed JSON"],
  ];
  for (const [body, message] of cases) {
    const answer = await json(await putFaults(sim, body), 400);
    assert.equal(answer.message, message);
    assert.equal(answer.code, "bad.request");
  }
  assert.deepEqual(await json(await sim.fetch(`${BASE}/__sim/faults`)), {
    latencyMs: 5,
  });
  assert.throws(
    () => sim.setFaults({ malformedRate: -0.1 }),
    new RangeError(
      'Cannot set faults: "malformedRate" must be a number from 0 to 1, got -0.1',
    ),
  );
  assert.throws(
    () => sim.setFaults({ revokeTokens: 1 as unknown as boolean }),
    new TypeError('Cannot set faults: "revokeTokens" must be a boolean, got 1'),
  );
  assert.equal((await sim.fetch(`${BASE}/__sim/nothing`)).status, 404);
});
