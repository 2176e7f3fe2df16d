import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  ACTIVITY,
  activityBody,
  get,
  json,
  OBSERVATION_METRICS,
  observationBody,
  OBSERVATIONS,
  post,
  queueFilter,
  token,
} from "./_helpers.ts";

const USER_METRICS = new Set([
  "oUserRoutingStatuses",
  "oOnQueueUsers",
  "oOffQueueUsers",
  "oActiveUsers",
  "oMemberUsers",
  "oUserPresences",
]);
const COUNTED = ["oWaiting", "oInteracting", "oAlerting"];

async function setup(at = "2026-11-27T10:30:00.000Z", seed = 1) {
  const clock = new FakeClock(at);
  const sim = createSimulator({ seed, clock });
  return { clock, sim, t: await token(sim) };
}

Deno.test("user metrics sit in {queueId} groups, conversation metrics in {queueId, mediaType} groups", async () => {
  const { sim, t } = await setup();
  const ids = sim.queueIds();
  const queues = await json(
    await get(sim, t, "/api/v2/routing/queues?pageSize=100"),
  );
  const members = new Map<string, number>(
    queues.entities.map((
      q: { id: string; memberCount: number },
    ) => [q.id, q.memberCount]),
  );
  const joined = new Map<string, number>(
    queues.entities.map((
      q: { id: string; joinedMemberCount: number },
    ) => [q.id, q.joinedMemberCount]),
  );
  const body = await json(
    await post(sim, t, OBSERVATIONS, observationBody(ids)),
  );
  assert.deepEqual(Object.keys(body), [
    "systemToOrganizationMappings",
    "results",
  ]);
  const seenZero = { count: 0 };
  const someUnjoined = { count: 0 };
  for (const id of ids) {
    const groups = body.results.filter((g: { group: { queueId: string } }) =>
      g.group.queueId === id
    );
    const [user, ...media] = groups;
    assert.deepEqual(user.group, { queueId: id });
    assert.ok(media.length >= 1);
    for (const d of user.data) {
      assert.ok(USER_METRICS.has(d.metric), d.metric);
      if (d.qualifier !== undefined) {
        assert.ok(d.stats.count > 0, "zero qualifiers omitted");
      }
    }
    const count = (metric: string) =>
      user.data.filter((d: { metric: string }) => d.metric === metric)
        .reduce(
          (n: number, d: { stats: { count: number } }) => n + d.stats.count,
          0,
        );
    assert.equal(count("oMemberUsers"), members.get(id));
    assert.equal(count("oActiveUsers"), joined.get(id), "joined members");
    assert.ok(joined.get(id)! <= members.get(id)!);
    const loggedIn = count("oOffQueueUsers") + count("oOnQueueUsers");
    assert.equal(count("oUserRoutingStatuses"), loggedIn);
    assert.equal(count("oUserPresences"), count("oMemberUsers"));
    if (joined.get(id)! < members.get(id)!) someUnjoined.count++;
    for (const g of media) {
      assert.deepEqual(Object.keys(g.group), ["queueId", "mediaType"]);
      const metrics = g.data.map((d: { metric: string }) => d.metric);
      for (const m of metrics) assert.ok(!USER_METRICS.has(m), m);
      assert.deepEqual(metrics.slice(0, 3), COUNTED);
      for (const d of g.data.slice(0, 3)) {
        assert.deepEqual(Object.keys(d), ["metric", "stats"]);
        if (d.stats.count === 0) seenZero.count++;
      }
      const waiting = g.data[0].stats.count;
      const longest = g.data.find((d: { metric: string }) =>
        d.metric === "oLongestWaiting"
      );
      assert.equal(
        longest !== undefined,
        waiting > 0,
        "oLongestWaiting only when something waits",
      );
      if (longest) {
        assert.deepEqual(Object.keys(longest.stats), ["calculatedMetricValue"]);
        assert.ok(
          longest.stats.calculatedMetricValue <=
            Date.parse("2026-11-27T10:30:00.000Z"),
        );
      }
    }
  }
  assert.ok(seenZero.count > 0, "zero counts are present");
  assert.ok(someUnjoined.count > 0, "some queues have unjoined members");
  const mappings = body.systemToOrganizationMappings;
  assert.deepEqual(Object.keys(mappings), [
    "ON_QUEUE",
    "AVAILABLE",
    "AWAY",
    "BUSY",
    "BREAK",
    "MEAL",
    "MEETING",
    "TRAINING",
    "IDLE",
    "OFFLINE",
  ]);
});

Deno.test("the official tutorial request gets the official answer shape", async () => {
  const { sim, t } = await setup("2026-11-27T11:00:00.000Z");
  const id = sim.queueIds()[0];
  const body = await json(
    await post(sim, t, OBSERVATIONS, {
      filter: {
        type: "AND",
        clauses: [{
          type: "or",
          predicates: [{ dimension: "queueId", value: id }],
        }],
      },
      detailMetrics: ["oInteracting"],
      metrics: ["oUserRoutingStatuses"],
    }),
  );
  assert.deepEqual(Object.keys(body), ["results"]);
  assert.deepEqual(body.results[0].group, { queueId: id });
  for (const d of body.results[0].data) {
    assert.deepEqual(Object.keys(d), ["metric", "qualifier", "stats"]);
    assert.equal(d.metric, "oUserRoutingStatuses");
  }
  for (const g of body.results.slice(1)) {
    assert.equal(g.data.length, 1);
    const d = g.data[0];
    assert.equal(d.metric, "oInteracting");
    assert.equal(d.truncated, false);
    assert.equal(d.observations.length, d.stats.count);
    const dates = d.observations.map((o: { observationDate: string }) =>
      o.observationDate
    );
    assert.deepEqual([...dates].sort(), dates, "observations sorted ascending");
    for (const o of d.observations) {
      assert.deepEqual(Object.keys(o), [
        "observationDate",
        "conversationId",
        "sessionId",
        "routingPriority",
        "participantName",
        "userId",
        "direction",
      ]);
      assert.match(
        o.observationDate,
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
      );
    }
  }
});

Deno.test("detail observations are capped at 100: 50 oldest then 50 newest", async () => {
  const clock = new FakeClock("2026-11-27T12:00:00.000Z");
  const sim = createSimulator({
    clock,
    queues: 1,
    agents: 260,
    activityEntityCap: 260,
  });
  const t = await token(sim);
  const body = await json(
    await post(sim, t, OBSERVATIONS, {
      filter: queueFilter(sim.queueIds()),
      metrics: ["oMemberUsers"],
      detailMetrics: ["oMemberUsers"],
    }),
  );
  const d = body.results[0].data[0];
  assert.equal(d.stats.count, 260);
  assert.equal(d.truncated, true);
  assert.equal(d.observations.length, 100);
  const dates = d.observations.map((o: { observationDate: string }) =>
    o.observationDate
  );
  const activity = await json(
    await post(sim, t, ACTIVITY, activityBody(sim.queueIds())),
  );
  const all = activity.results[0].entities
    .map((e: { presenceDate: string }) => e.presenceDate).sort();
  assert.equal(all.length, 260);
  assert.deepEqual(dates, [...all.slice(0, 50), ...all.slice(-50)]);
});

Deno.test("a mediaType predicate keeps only that media's groups", async () => {
  const { sim, t } = await setup();
  const body = await json(
    await post(sim, t, OBSERVATIONS, {
      filter: {
        type: "and",
        clauses: [{
          type: "or",
          predicates: sim.queueIds().map((value) => ({
            dimension: "queueId",
            value,
          })),
        }],
        predicates: [{
          type: "dimension",
          dimension: "mediaType",
          operator: "matches",
          value: "voice",
        }],
      },
      metrics: ["oWaiting", "oActiveUsers"],
    }),
  );
  const media = new Set(
    body.results.map((g: { group: { mediaType?: string } }) =>
      g.group.mediaType
    ),
  );
  assert.deepEqual([...media].sort(), ["voice", undefined].sort());
});

Deno.test("bad observation queries get a 400 ErrorBody naming the problem", async () => {
  const { sim, t } = await setup();
  const ids = sim.queueIds();
  const cases: [unknown, string][] = [
    [
      { filter: queueFilter(ids), metrics: ["oWaiting", "oFoo"] },
      'Cannot parse metrics: unknown metric "oFoo"',
    ],
    [
      { filter: queueFilter(ids) },
      "Cannot parse metrics: expected an array of metric names",
    ],
    [
      { filter: queueFilter(ids), metrics: [] },
      "Cannot parse metrics: at least one metric is required",
    ],
    [{
      filter: queueFilter(ids),
      metrics: ["oWaiting"],
      detailMetrics: ["oLongestWaiting"],
    }, 'Cannot parse detailMetrics: unknown metric "oLongestWaiting"'],
    [{ metrics: ["oWaiting"] }, 'Cannot parse query: "filter" is required'],
    [
      {
        filter: {
          type: "or",
          predicates: [{ dimension: "userId", value: "u" }],
        },
        metrics: ["oWaiting"],
      },
      'Cannot parse filter: unknown dimension "userId" (expected queueId, mediaType)',
    ],
    [
      { filter: { type: "xor", predicates: [] }, metrics: ["oWaiting"] },
      'Cannot parse filter: filter.type must be "and" or "or", got "xor"',
    ],
    [
      {
        filter: queueFilter(Array.from({ length: 101 }, (_, i) => `q-${i}`)),
        metrics: ["oWaiting"],
      },
      "Cannot parse filter: 101 queueId predicates exceed the maximum of 100",
    ],
    ["{not json", "Cannot parse request body: malformed JSON"],
    ["[1]", "Cannot parse request body: expected a JSON object"],
  ];
  for (const [body, message] of cases) {
    const res = await post(sim, t, OBSERVATIONS, body);
    const cid = res.headers.get("ININ-Correlation-Id");
    assert.ok(cid);
    assert.equal(res.headers.get("inin-ratelimit-allowed"), null);
    assert.deepEqual(await json(res, 400), {
      message,
      code: "bad.request",
      status: 400,
      contextId: cid,
      details: [],
      errors: [],
    });
  }
  const ok = await post(sim, t, OBSERVATIONS, {
    filter: queueFilter([
      ...ids,
      ...Array.from({ length: 100 - ids.length }, (_, i) => `unknown-${i}`),
    ]),
    metrics: OBSERVATION_METRICS,
  });
  assert.equal(
    (await json(ok)).results.length > 0,
    true,
    "100 predicates are fine; unknown ids are ignored",
  );
});
