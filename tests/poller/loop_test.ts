import assert from "node:assert/strict";
import { createLease, poll } from "../../src/poller/mod.ts";
import { FakeClock, FakeStore } from "../_support/mod.ts";
import {
  advance,
  FakeApi,
  fakeBuild,
  makeQueues,
  startPoller,
} from "./_fakes.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");

Deno.test("poll() loads the directory, polls every interval and commits", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 30_000);
    const at = (m: Parameters<FakeApi["callsOf"]>[0]) =>
      h.api.callsOf(m).map((c) => c.at - T0);
    assert.deepEqual(at("listQueues"), [0]);
    assert.deepEqual(at("queueObservations"), [
      0,
      5000,
      10_000,
      15_000,
      20_000,
      25_000,
      30_000,
    ]);
    assert.deepEqual(at("routingActivity"), at("queueObservations"));
    assert.deepEqual(at("todayAggregates"), [0, 30_000]);
    assert.deepEqual(
      h.api.callsOf("todayAggregates").map((c) => c.interval),
      [
        "2026-11-27T00:00:00.000Z/2026-11-27T10:00:00.000Z",
        "2026-11-27T00:00:00.000Z/2026-11-27T10:00:30.000Z",
      ],
    );
    assert.deepEqual(h.api.callsOf("getUsers").map((c) => c.ids), [[
      "u-1",
      "u-2",
    ]]);
    assert.deepEqual(h.of("committed").map((e) => e.version), [
      1,
      2,
      3,
      4,
      5,
      6,
      7,
    ]);
    assert.deepEqual(h.events.slice(0, 3), [
      { type: "leader" },
      {
        type: "plan",
        pollIntervalMs: 5000,
        aggregateIntervalMs: 30_000,
        callsPerMinute: 26.2,
        stretched: false,
        slow: false,
        staleAfterMs: 12_000,
        queueCount: 3,
        rateLimitPerMinute: 300,
        ceilingPerMinute: 240,
      },
      { type: "committed", version: 1, durationMs: 0 },
    ]);
    // Each part says when it was answered.
    const iso = (ms: number) => new Date(T0 + ms).toISOString();
    assert.deepEqual(h.store.snapshots[1].parts, {
      observations: { fetchedAt: iso(5000) },
      activity: { fetchedAt: iso(5000) },
      aggregates: { fetchedAt: iso(0) },
    });

    const first = h.inputs[0];
    assert.deepEqual(first.options, {
      source: "simulator",
      fetchedAt: T0,
      rules: [],
      previous: null,
    });
    assert.deepEqual(first.input.queues.map((q) => q.id), [
      "q-1",
      "q-2",
      "q-3",
    ]);
    assert.equal(
      first.input.aggregateInterval,
      "2026-11-27T00:00:00.000Z/2026-11-27T10:00:00.000Z",
    );
    assert.deepEqual(first.input.users, {
      "u-1": { id: "u-1", name: "Agent u-1" },
      "u-2": { id: "u-2", name: "Agent u-2" },
    });
    // Between aggregate refreshes the last aggregates are kept.
    assert.equal(
      h.inputs[3].input.aggregateInterval,
      "2026-11-27T00:00:00.000Z/2026-11-27T10:00:00.000Z",
    );
    assert.deepEqual(h.inputs[3].input.aggregates, { results: [] });
    // Each build sees the data committed by the one before.
    assert.equal(
      h.inputs[1].options.previous?.fetchedAt,
      new Date(first.options.fetchedAt).toISOString(),
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() keeps its cadence at start + interval when calls are slow", async () => {
  const h = await startPoller({ apiOptions: { latencyMs: 1200 } });
  try {
    await advance(h.clock, 15_000);
    // Cycle 1: directory (1.2 s), then observations; later cycles start on
    // the 5 s grid although each takes 2.4 s or more.
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [1200, 5000, 10_000, 15_000],
    );
    assert.deepEqual(h.inputs.map((i) => i.options.fetchedAt - T0), [
      2400,
      6200,
      11_200,
    ]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() asks names only for agents not seen before", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 5000);
    h.api.agentIds = ["u-1", "u-2", "u-3"];
    await advance(h.clock, 10_000);
    assert.deepEqual(h.api.callsOf("getUsers").map((c) => c.ids), [
      ["u-1", "u-2"],
      ["u-3"],
    ]);
    assert.deepEqual(Object.keys(h.inputs.at(-1)!.input.users), [
      "u-1",
      "u-2",
      "u-3",
    ]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() polls only the queues GENESYS_QUEUES selects", async () => {
  const queues = [
    { id: "q-1", name: "Sales EMEA" },
    { id: "q-2", name: "Support" },
    { id: "q-3", name: "Support VIP" },
    { id: "q-4", name: "sales US" },
    { id: "q-9", name: "Billing" },
  ];
  const h = await startPoller({
    apiOptions: { queues },
    queueFilter: ["Sales*", "*VIP*", "q-9"],
  });
  try {
    await advance(h.clock, 0);
    const ids = ["q-1", "q-3", "q-4", "q-9"];
    assert.deepEqual(h.api.callsOf("queueObservations")[0].ids, ids);
    assert.deepEqual(h.api.callsOf("routingActivity")[0].ids, ids);
    assert.deepEqual(h.api.callsOf("todayAggregates")[0].ids, ids);
    assert.deepEqual(h.inputs[0].input.queues.map((q) => q.id), ids);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() commits empty answers when no queue matches, and warns", async () => {
  const h = await startPoller({ queueFilter: ["Nothing*"] });
  try {
    await advance(h.clock, 0);
    assert.deepEqual(h.api.calls.map((c) => c.method), ["listQueues"]);
    assert.deepEqual(h.of("committed"), [{
      type: "committed",
      version: 1,
      durationMs: 0,
    }]);
    assert.deepEqual(h.inputs[0].input.observations, { results: [] });
    assert.deepEqual(h.lines.filter((l) => l.level === "warn"), [{
      level: "warn",
      msg: "No queue matches GENESYS_QUEUES",
      fields: { patterns: ["Nothing*"], directory: 3 },
    }]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() reloads the directory every directoryIntervalMs", async () => {
  const h = await startPoller({ directoryIntervalMs: 60_000 });
  try {
    await advance(h.clock, 12_000);
    h.api.queues = makeQueues(4);
    await advance(h.clock, 47_000);
    assert.deepEqual(h.api.callsOf("listQueues").map((c) => c.at - T0), [0]);
    assert.equal(h.inputs.at(-1)!.input.queues.length, 3);
    await advance(h.clock, 1000);
    assert.deepEqual(h.api.callsOf("listQueues").map((c) => c.at - T0), [
      0,
      60_000,
    ]);
    assert.deepEqual(h.inputs.at(-1)!.input.queues.map((q) => q.id), [
      "q-1",
      "q-2",
      "q-3",
      "q-4",
    ]);
    await advance(h.clock, 60_000);
    assert.deepEqual(h.api.callsOf("listQueues").map((c) => c.at - T0), [
      0,
      60_000,
      120_000,
    ]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() reloads the directory every 5 minutes by default", async () => {
  const h = await startPoller({ pollIntervalMs: 60_000, ttlMs: 180_000 });
  try {
    await advance(h.clock, 300_000);
    assert.deepEqual(h.api.callsOf("listQueues").map((c) => c.at - T0), [
      0,
      300_000,
    ]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() refreshes aggregates right after midnight in the zone", async () => {
  const clock = new FakeClock("2026-11-27T22:59:50.000Z");
  const h = await startPoller({ clock, timeZone: "Europe/Berlin" });
  try {
    await advance(clock, 40_000);
    assert.deepEqual(
      h.api.callsOf("todayAggregates").map((c) => [
        new Date(c.at).toISOString(),
        c.interval,
      ]),
      [
        [
          "2026-11-27T22:59:50.000Z",
          "2026-11-27T00:00:00.000+01:00/2026-11-27T23:59:50.000+01:00",
        ],
        [
          "2026-11-27T23:00:00.000Z",
          "2026-11-28T00:00:00.000+01:00/2026-11-28T00:00:00.000+01:00",
        ],
        [
          "2026-11-27T23:00:30.000Z",
          "2026-11-28T00:00:00.000+01:00/2026-11-28T00:00:30.000+01:00",
        ],
      ],
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() stretches intervals for 1,000 queues and warns once per plan", async () => {
  const h = await startPoller({
    apiOptions: { queues: makeQueues(1000) },
    directoryIntervalMs: 30_000,
  });
  try {
    await advance(h.clock, 12_000);
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 6000, 12_000],
    );
    // 10 batches: 240 poll + 20 aggregate + 20 directory calls/min.
    const reason =
      "Stretching POLL_INTERVAL_MS from 5000 to 6000 and AGGREGATE_INTERVAL_MS from 30000 to 36000: 1,000 queues need 280 calls/min, above 80% of the 300/min allowance";
    assert.deepEqual(h.of("plan"), [{
      type: "plan",
      pollIntervalMs: 6000,
      aggregateIntervalMs: 36_000,
      callsPerMinute: 236.67,
      stretched: true,
      slow: false,
      staleAfterMs: 12_000,
      reason,
      queueCount: 1000,
      rateLimitPerMinute: 300,
      ceilingPerMinute: 240,
    }]);
    // The next directory load finds the same plan: no new warning.
    await advance(h.clock, 30_000);
    assert.deepEqual(h.api.callsOf("listQueues").map((c) => c.at - T0), [
      0,
      30_000,
    ]);
    assert.equal(h.of("plan").length, 1);
    assert.deepEqual(
      h.lines.filter((l) => l.level === "warn").map((l) => l.msg),
      [reason],
    );
    assert.equal(h.of("committed").length, 8);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() plans from rateLimitPerMinute, 300 when not given", async () => {
  const h = await startPoller({ apiOptions: { queues: makeQueues(1000) } });
  try {
    await advance(h.clock, 0);
    assert.equal(h.of("plan")[0].rateLimitPerMinute, 300);
    assert.equal(h.of("plan")[0].pollIntervalMs, 6000);
  } finally {
    await h.stop();
  }
  const big = await startPoller({
    apiOptions: { queues: makeQueues(1000) },
    rateLimitPerMinute: 3000,
  });
  try {
    await advance(big.clock, 0);
    assert.equal(big.of("plan")[0].stretched, false);
    assert.equal(big.of("plan")[0].pollIntervalMs, 5000);
    assert.equal(big.of("plan")[0].ceilingPerMinute, 2400);
  } finally {
    await big.stop();
  }
});

Deno.test("poll() stops promptly on abort and releases the lease", async () => {
  const h = await startPoller();
  await advance(h.clock, 2000);
  assert.ok(h.lease.current());
  h.controller.abort();
  await h.done;
  assert.equal(h.clock.pending, 0);
  assert.equal((await h.kv.get(["qp", "lease"])).value, null);
  assert.deepEqual(h.events.map((e) => e.type), [
    "leader",
    "plan",
    "committed",
    "status",
  ]);
  h.kv.close();
});

Deno.test("poll() aborted in the middle of a call emits no error", async () => {
  const h = await startPoller({ apiOptions: { latencyMs: 1000 } });
  await advance(h.clock, 500);
  h.controller.abort();
  await h.done;
  assert.deepEqual(h.events.map((e) => e.type), ["leader"]);
  assert.equal(h.of("error").length, 0);
  assert.equal((await h.kv.get(["qp", "lease"])).value, null);
  h.kv.close();
});

Deno.test("poll() with releaseOnExit false leaves the lease like a crash", async () => {
  const h = await startPoller({ releaseOnExit: false });
  await advance(h.clock, 0);
  h.controller.abort();
  await h.done;
  // The last renewal was at 0 s: the lease runs out one TTL later.
  assert.deepEqual((await h.kv.get(["qp", "lease"])).value, {
    owner: "owner-a",
    expiresAt: T0 + 15_000,
  });
  h.kv.close();
});

Deno.test("poll() refuses bad options at once", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const base = {
    api: new FakeApi(clock),
    store: new FakeStore({ kv, clock }),
    build: fakeBuild().build,
    lease: createLease({ kv, owner: "a", clock }),
    clock,
    signal: new AbortController().signal,
    source: "simulator" as const,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
    timeZone: "UTC",
    kv,
  };
  assert.throws(() => poll({ ...base, pollIntervalMs: 0 }), {
    name: "RangeError",
    message:
      "Cannot start poller: pollIntervalMs must be a positive integer, got 0",
  });
  assert.throws(() => poll({ ...base, aggregateIntervalMs: 1.5 }), {
    name: "RangeError",
    message:
      "Cannot start poller: aggregateIntervalMs must be a positive integer, got 1.5",
  });
  assert.throws(() => poll({ ...base, staleAfterMs: -1 }), {
    name: "RangeError",
    message:
      "Cannot start poller: staleAfterMs must be a positive integer, got -1",
  });
  assert.throws(() => poll({ ...base, rateLimitPerMinute: 0 }), {
    name: "RangeError",
    message:
      "Cannot start poller: rateLimitPerMinute must be a positive integer, got 0",
  });
  assert.throws(() => poll({ ...base, timeZone: "Mars/Olympus" }), {
    name: "RangeError",
    message: 'Cannot start poller: unknown time zone "Mars/Olympus"',
  });
});
