import assert from "node:assert/strict";
import {
  advance,
  FakeApiError,
  forbidden,
  makeQueues,
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
      part: "observations",
      kind: "rate-limited",
      retryInMs: 42_000,
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

Deno.test("poll() retries a 5xx once in the cycle, after a short pause", async () => {
  const h = await startPoller({ random: () => 0.5 });
  try {
    await advance(h.clock, 0);
    h.api.fail(
      "queueObservations",
      new FakeApiError(503, "service.unavailable"),
    );
    await advance(h.clock, 5250);
    // The retry 250 ms later answered: the cycle committed, nothing failed.
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000, 5250],
    );
    assert.deepEqual(h.of("error"), []);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1, 2]);
    assert.equal(h.inputs[1].options.fetchedAt - T0, 5250);
    // The cadence stays on the 5 s grid.
    await advance(h.clock, 4750);
    assert.equal(h.api.callsOf("queueObservations").at(-1)!.at - T0, 10_000);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() keeps the last routing activity when it fails and commits the observations", async () => {
  const h = await startPoller({ random: () => 0 });
  try {
    await advance(h.clock, 0);
    h.api.fail(
      "routingActivity",
      new FakeApiError(0, "network.error"),
      new FakeApiError(0, "network.error"),
    );
    await advance(h.clock, 5000);
    assert.deepEqual(
      h.of("error").map(({ error: _, ...rest }) => rest),
      [{ type: "error", part: "activity", kind: "transient", retryInMs: 5000 }],
    );
    // The cycle still committed: fresh observations, the last activity.
    assert.deepEqual(h.of("committed").map((e) => e.version), [1, 2]);
    assert.deepEqual(h.inputs[1].input.activity, h.inputs[0].input.activity);
    const iso = (ms: number) => new Date(T0 + ms).toISOString();
    assert.deepEqual(h.store.snapshots[1].parts, {
      observations: { fetchedAt: iso(5000) },
      activity: { fetchedAt: iso(0) },
      aggregates: { fetchedAt: iso(0) },
    });
    assert.deepEqual(
      h.lines.filter((l) => l.level !== "debug").map((l) => l.msg),
      ["Cannot poll Genesys: retrying"],
    );
    // Next cycle it answers again, on the grid.
    await advance(h.clock, 5000);
    assert.equal(h.store.snapshots[2].parts?.activity.fetchedAt, iso(10_000));
    assert.deepEqual(
      h.lines.filter((l) => l.level !== "debug").map((l) => l.msg),
      [
        "Cannot poll Genesys: retrying",
        "Genesys answers routing activity (agents) again",
      ],
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() keeps the last snapshot on a 4xx and carries on", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 0);
    assert.equal(h.store.snapshots.length, 1);
    const bad = () => new FakeApiError(400, "bad.request", null);
    h.api.fail("queueObservations", bad(), bad(), bad());
    await advance(h.clock, 15_000);

    // Three failed cycles on the normal grid (no in-cycle retry for a 4xx):
    // nothing written, nothing deleted.
    assert.deepEqual(
      h.of("error").map(({ error: _, ...rest }) => rest),
      [0, 1, 2].map(() => ({
        type: "error",
        part: "observations",
        kind: "other",
        retryInMs: 5000,
      })),
    );
    assert.equal(h.store.snapshots.length, 1);
    assert.equal((await h.store.latest())?.version, 1);
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000, 10_000, 15_000],
    );
    await advance(h.clock, 5000);
    // Logged once per burst, at warn level, and once when it ended.
    assert.deepEqual(
      h.lines.filter((l) => l.level !== "debug").map((l) => [
        l.level,
        l.msg,
      ]),
      [
        ["warn", "Cannot poll Genesys: keeping the last snapshot"],
        ["info", "Genesys answers queue observations again"],
      ],
    );
    assert.equal((h.lines[0].fields as { code: string }).code, "bad.request");

    // The loop went on: the fourth failure-free cycle committed again.
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
        trend: {},
        trendSums: {},
      };
    },
  });
  try {
    await advance(h.clock, 5000);
    assert.equal(h.of("error").length, 2);
    assert.deepEqual(
      h.of("error").map((e) => [e.part, e.kind, e.retryInMs]),
      [["snapshot", "other", 5000], ["snapshot", "other", 5000]],
    );
    assert.equal(h.store.snapshots.length, 0);
    const logged = h.lines.filter((l) => l.level !== "debug");
    assert.deepEqual(logged.map((l) => [l.level, l.msg]), [[
      "error",
      "Cannot build or commit the snapshot: keeping the last one",
    ]]);
    broken = false;
    await advance(h.clock, 5000);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1]);
    assert.deepEqual(h.lines.map((l) => [l.level, l.msg]).at(-1), [
      "info",
      "Snapshots commit again",
    ]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() goes on without names when user lookup is forbidden", async () => {
  const h = await startPoller();
  try {
    h.api.fail("getUsers", forbidden("directory:user:view"));
    await advance(h.clock, 5000);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1, 2]);
    assert.deepEqual(h.inputs[1].input.users, {});
    // Not asked again before the minute's re-check.
    assert.equal(h.api.callsOf("getUsers").length, 1);
    assert.deepEqual(h.lines.map((l) => [l.level, l.msg]), [[
      "error",
      "Cannot poll agent names: missing permission directory:user:view",
    ]]);
    // The re-check a minute later finds the permission back.
    await advance(h.clock, 55_000);
    assert.deepEqual(
      h.api.callsOf("getUsers").map((c) => [c.at - T0, c.ids]),
      [[0, ["u-1", "u-2"]], [60_000, ["u-1", "u-2"]]],
    );
    assert.deepEqual(Object.keys(h.inputs.at(-1)!.input.users), ["u-1", "u-2"]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() retries user lookup after a 5xx in the same cycle", async () => {
  const h = await startPoller({ random: () => 0 });
  try {
    h.api.fail("getUsers", new FakeApiError(503, "service.unavailable"));
    await advance(h.clock, 0);
    assert.deepEqual(h.of("error"), []);
    assert.deepEqual(h.api.callsOf("getUsers").map((c) => c.at - T0), [0, 0]);
    assert.deepEqual(h.of("committed").map((e) => e.version), [1]);
    assert.deepEqual(Object.keys(h.inputs[0].input.users), ["u-1", "u-2"]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() announces the plan even when the first cycle fails", async () => {
  const h = await startPoller({
    apiOptions: { queues: makeQueues(1000) },
    random: () => 0,
  });
  try {
    const down = () => new FakeApiError(503, "service.unavailable");
    h.api.fail("queueObservations", down(), down());
    await advance(h.clock, 0);
    assert.deepEqual(h.events.map((e) => e.type), [
      "leader",
      "plan",
      "error",
      "status",
    ]);
    // The probe follows half the stretched interval later.
    assert.equal(h.of("error")[0].retryInMs, 3000);
    assert.equal(
      h.lines.filter((l) => l.msg.startsWith("Stretching")).length,
      1,
    );
  } finally {
    await h.stop();
  }
});
