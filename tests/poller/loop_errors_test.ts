import assert from "node:assert/strict";
import { fullJitterBackoff } from "../../src/poller/mod.ts";
import {
  advance,
  advanceUntil,
  FakeApiError,
  makeQueues,
  seededRandom,
  startPoller,
} from "./_fakes.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");

Deno.test("poll() waits exactly Retry-After after a 429", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 0);
    h.api.fail(
      "queueObservations",
      new FakeApiError(429, "too.many.requests.retry.after", 42_000),
    );
    await advance(h.clock, 5000);
    assert.deepEqual(h.of("error").map(({ error: _, ...rest }) => rest), [{
      type: "error",
      durationMs: 0,
      retryInMs: 42_000,
      delayMs: 42_000,
      attempt: 0,
      retryable: true,
    }]);
    // Nothing is called until Retry-After has passed, to the millisecond.
    await advance(h.clock, 41_999);
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000],
    );
    await advance(h.clock, 1);
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000, 47_000],
    );
    assert.equal(h.api.calls.at(-1)!.at - T0, 47_000);
    // The leader kept its lease through the long wait and commits again.
    assert.deepEqual(h.of("committed").map((e) => e.version), [1, 2]);
    assert.equal(h.of("deposed").length, 0);
    // The cadence restarts from the retry.
    await advance(h.clock, 5000);
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000, 47_000, 52_000],
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() backs off with full jitter on 5xx and resets after a success", async () => {
  const seed = 20261127;
  const h = await startPoller({ backoff: { random: seededRandom(seed) } });
  const expectedRandom = seededRandom(seed);
  try {
    const failures = Array.from(
      { length: 11 },
      () => new FakeApiError(503, "service.unavailable"),
    );
    h.api.fail("queueObservations", ...failures);
    await advanceUntil(h.clock, () => h.of("committed").length === 1);

    const errors = h.of("error");
    assert.equal(errors.length, 11);
    const times = h.api.callsOf("queueObservations").map((c) => c.at - T0);
    let at = 0;
    for (let n = 0; n <= 10; n++) {
      const delay = fullJitterBackoff(n, { random: expectedRandom });
      const ceiling = Math.min(30_000, 1000 * 2 ** n);
      assert.ok(delay >= 0 && delay <= ceiling, `attempt ${n}: ${delay}`);
      assert.equal(errors[n].attempt, n);
      assert.equal(errors[n].delayMs, delay);
      assert.equal(errors[n].retryInMs, Math.max(5000, delay));
      assert.equal(errors[n].retryable, true);
      assert.equal(times[n], at);
      at += Math.max(5000, delay);
    }
    assert.equal(times[11], at);
    assert.equal(h.store.snapshots.length, 1);

    // After the success the next failure starts again at attempt 0.
    h.api.fail("queueObservations", new FakeApiError(502, "bad.gateway"));
    await advanceUntil(h.clock, () => h.of("error").length === 12);
    const reset = h.of("error")[11];
    assert.equal(reset.attempt, 0);
    assert.equal(
      reset.delayMs,
      fullJitterBackoff(0, { random: expectedRandom }),
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() treats network errors (status 0) like 5xx", async () => {
  const h = await startPoller({ backoff: { random: () => 0.5 } });
  try {
    h.api.fail(
      "routingActivity",
      new FakeApiError(0, "network.error"),
      new FakeApiError(0, "network.error"),
      new FakeApiError(0, "network.error"),
      new FakeApiError(0, "network.error"),
    );
    await advanceUntil(h.clock, () => h.of("committed").length === 1);
    assert.deepEqual(
      h.of("error").map((e) => [e.attempt, e.delayMs, e.retryInMs]),
      [[0, 500, 5000], [1, 1000, 5000], [2, 2000, 5000], [3, 4000, 5000]],
    );
    assert.equal(h.clock.now() - T0, 20_000);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() keeps the last snapshot on a 4xx and carries on", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 0);
    assert.equal(h.store.snapshots.length, 1);
    const forbidden = () => new FakeApiError(403, "missing.permissions", null);
    h.api.fail("todayAggregates", forbidden());
    h.api.fail("queueObservations", forbidden(), forbidden(), forbidden());
    await advance(h.clock, 15_000);

    // Three failed cycles on the normal grid: nothing written, nothing deleted.
    assert.deepEqual(
      h.of("error").map(({ error: _, ...rest }) => rest),
      [0, 1, 2].map(() => ({
        type: "error",
        durationMs: 0,
        retryInMs: 5000,
        delayMs: null,
        attempt: 0,
        retryable: false,
      })),
    );
    assert.equal(h.store.snapshots.length, 1);
    assert.equal((await h.store.latest())?.version, 1);
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000, 10_000, 15_000],
    );
    // Logged once per distinct error, at warn level.
    assert.deepEqual(
      h.lines.filter((l) => l.level !== "debug").map((l) => [
        l.level,
        l.msg,
      ]),
      [["warn", "Cannot poll Genesys: keeping the last snapshot"]],
    );
    assert.equal(
      (h.lines[0].fields as { code: string }).code,
      "missing.permissions",
    );

    // The loop went on: the fourth cycle commits again.
    await advance(h.clock, 5000);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1, 2]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() logs a 4xx again once it returned after a success", async () => {
  const h = await startPoller();
  try {
    const notFound = () => new FakeApiError(404, "not.found");
    h.api.fail("queueObservations", notFound(), notFound());
    await advance(h.clock, 10_000);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1]);
    h.api.fail("queueObservations", notFound());
    await advance(h.clock, 10_000);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1, 2]);
    assert.equal(h.of("error").length, 3);
    assert.equal(h.lines.filter((l) => l.level === "warn").length, 2);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() survives a build that throws and logs it once", async () => {
  let broken = true;
  const h = await startPoller({
    build: (_input, options) => {
      if (broken) throw new TypeError("Cannot read properties of undefined");
      return {
        fetchedAt: new Date(options.fetchedAt).toISOString(),
        source: options.source,
        queues: {},
        agents: {},
        sums: {},
      };
    },
  });
  try {
    await advance(h.clock, 5000);
    assert.equal(h.of("error").length, 2);
    assert.equal(h.of("error")[0].retryable, false);
    assert.equal(h.store.snapshots.length, 0);
    assert.deepEqual(h.lines.map((l) => [l.level, l.msg]), [[
      "error",
      "Cannot build or commit the snapshot: keeping the last one",
    ]]);
    broken = false;
    await advance(h.clock, 5000);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() goes on without names when user lookup is forbidden", async () => {
  const h = await startPoller();
  try {
    h.api.fail("getUsers", new FakeApiError(403, "missing.permissions"));
    await advance(h.clock, 5000);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1, 2]);
    assert.deepEqual(h.inputs[1].input.users, {});
    // Not asked again for the same agents.
    assert.equal(h.api.callsOf("getUsers").length, 1);
    assert.deepEqual(h.lines.map((l) => [l.level, l.msg]), [[
      "warn",
      "Cannot look up agent names: continuing without them",
    ]]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() retries user lookup after a 5xx", async () => {
  const h = await startPoller({ backoff: { random: () => 0 } });
  try {
    h.api.fail("getUsers", new FakeApiError(503, "service.unavailable"));
    await advance(h.clock, 5000);
    assert.equal(h.of("error").length, 1);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1]);
    assert.deepEqual(Object.keys(h.inputs[0].input.users), ["u-1", "u-2"]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() announces a new plan even when that cycle fails", async () => {
  const h = await startPoller({
    apiOptions: { queues: makeQueues(1000) },
    backoff: { random: () => 0 },
  });
  try {
    h.api.fail(
      "queueObservations",
      new FakeApiError(503, "service.unavailable"),
    );
    await advance(h.clock, 0);
    assert.deepEqual(h.events.map((e) => e.type), ["leader", "plan", "error"]);
    // The retry follows the stretched grid.
    assert.equal(h.of("error")[0].retryInMs, 6000);
    assert.equal(
      h.lines.filter((l) => l.msg.startsWith("Stretching")).length,
      1,
    );
  } finally {
    await h.stop();
  }
});
