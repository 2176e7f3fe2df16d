import assert from "node:assert/strict";
import { type Snapshot, trendViewOf } from "../../src/snapshot/mod.ts";
import { hsToken } from "../auth/tokens.ts";
import {
  bearer,
  call,
  FakeRealtime,
  testApp,
  testSnapshot,
} from "./_fixtures.ts";

const H9 = "2026-11-27T09:00:00.000Z";
const H930 = "2026-11-27T09:30:00.000Z";

function interval(queueId: string, start: string, offered: number) {
  return {
    queueId,
    start,
    offered,
    answered: offered - 1,
    abandoned: 1,
    serviceLevel: 0.5,
    abandonRate: 1 / offered,
    asaMs: 15_000,
    ahtMs: 240_000,
  };
}

function sums(n: number) {
  return {
    slNumerator: n,
    slDenominator: 2 * n,
    handleSumMs: 240_000 * n,
    handleCount: n,
    answeredSumMs: 15_000 * n,
    answeredCount: n,
  };
}

/** The test snapshot with q-1 in two intervals and q-2 in one. */
function withTrend(): Snapshot {
  return {
    ...testSnapshot(),
    trend: {
      "q-1": { [H9]: interval("q-1", H9, 4), [H930]: interval("q-1", H930, 6) },
      "q-2": { [H930]: interval("q-2", H930, 10) },
    },
    trendSums: {
      "q-1": { [H9]: sums(3), [H930]: sums(5) },
      "q-2": { [H930]: sums(9) },
    },
  };
}

Deno.test("GET /api/v1/trend answers a one-queue token with only that queue's intervals", async () => {
  const snapshot = withTrend();
  const { app } = testApp({ realtime: new FakeRealtime(snapshot) });
  const auth = bearer(await hsToken({ claims: { queues: ["q-2"] } }));
  const answer = await call(app, "/api/v1/trend", auth);
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get("cache-control"), "no-store");
  assert.deepEqual(answer.json, {
    epoch: "ep-1",
    version: 41,
    fetchedAt: "2026-11-27T09:59:58.000Z",
    trend: { [`q-2|${H930}`]: interval("q-2", H930, 10) },
    trendTotals: {
      [H930]: {
        start: H930,
        offered: 10,
        answered: 9,
        abandoned: 1,
        serviceLevel: 0.5,
        abandonRate: 0.1,
        asaMs: 15_000,
        ahtMs: 240_000,
      },
    },
  });
  const outside = await call(app, "/api/v1/trend?queues=q-1", auth);
  assert.equal(outside.status, 403);
  assert.deepEqual(outside.json, {
    error: {
      code: "forbidden",
      message: `Cannot read queue "q-1": outside the token's scope`,
    },
  });
});

Deno.test("GET /api/v1/trend?queues= narrows a full token; totals are over those queues", async () => {
  const snapshot = withTrend();
  const { app } = testApp({ realtime: new FakeRealtime(snapshot) });
  const auth = bearer(await hsToken({ claims: { queues: "*" } }));
  const all = await call(app, "/api/v1/trend", auth);
  assert.deepEqual(Object.keys(all.json.trend), [
    `q-1|${H9}`,
    `q-1|${H930}`,
    `q-2|${H930}`,
  ]);
  // 09:30 over q-1 and q-2: (5 + 9) / (10 + 18), a ratio of sums.
  assert.equal(all.json.trendTotals[H930].serviceLevel, 0.5);
  assert.equal(all.json.trendTotals[H930].offered, 16);
  const one = await call(app, "/api/v1/trend?queues=q-1", auth);
  assert.deepEqual(
    one.json.trendTotals,
    trendViewOf(snapshot, new Set(["q-1"])).trendTotals,
  );
  assert.deepEqual(Object.keys(one.json.trend), [`q-1|${H9}`, `q-1|${H930}`]);
});

Deno.test("GET /api/v1/trend needs a token and a snapshot, like the other routes", async () => {
  const { app } = testApp({ realtime: new FakeRealtime(withTrend()) });
  const anonymous = await call(app, "/api/v1/trend");
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.json.error.code, "unauthorized");
  const empty = testApp({ realtime: new FakeRealtime(null) });
  const auth = bearer(await hsToken({ claims: { queues: "*" } }));
  const starting = await call(empty.app, "/api/v1/trend", auth);
  assert.equal(starting.status, 503);
  assert.equal(starting.json.error.code, "starting");
});

Deno.test("GET /api/v1/snapshot?trend=true adds the trend; a bad value is 400", async () => {
  const { app } = testApp({ realtime: new FakeRealtime(withTrend()) });
  const auth = bearer(await hsToken({ claims: { queues: ["q-1"] } }));
  const snap = await call(app, "/api/v1/snapshot?trend=true", auth);
  assert.deepEqual(Object.keys(snap.json.trend), [`q-1|${H9}`, `q-1|${H930}`]);
  assert.deepEqual(Object.keys(snap.json).slice(-3), [
    "trend",
    "trendTotals",
    "totals",
  ]);
  const plain = await call(app, "/api/v1/snapshot", auth);
  assert.equal("trend" in plain.json, false);
  const bad = await call(app, "/api/v1/trend?trend=yes", auth);
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json, {
    error: {
      code: "bad_request",
      message: 'Cannot parse trend: expected "true" or "false", got "yes"',
    },
  });
});
