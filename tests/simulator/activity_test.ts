import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  ACTIVITY,
  activityBody,
  json,
  OBSERVATIONS,
  post,
  queueFilter,
  token,
} from "./_helpers.ts";

async function setup() {
  const clock = new FakeClock("2026-11-27T11:15:00.000Z");
  const sim = createSimulator({ seed: 8, clock });
  return { sim, t: await token(sim), ids: sim.queueIds() };
}

Deno.test("routing activity: direct counts, entityIds and one entity per member", async () => {
  const { sim, t, ids } = await setup();
  const body = await json(await post(sim, t, ACTIVITY, activityBody(ids)));
  assert.equal(body.entityIdDimension, "userId");
  assert.equal(body.results.length, ids.length);
  const obs = await json(
    await post(sim, t, OBSERVATIONS, {
      filter: queueFilter(ids),
      metrics: ["oUserRoutingStatuses", "oMemberUsers"],
    }),
  );
  for (const [i, r] of body.results.entries()) {
    assert.deepEqual(Object.keys(r), [
      "group",
      "data",
      "truncated",
      "entities",
    ]);
    assert.deepEqual(r.group, { queueId: ids[i] });
    assert.equal(r.truncated, false);
    const userIds = r.entities.map((e: { userId: string }) => e.userId);
    assert.deepEqual([...userIds].sort(), userIds, "order asc by userId");
    for (const e of r.entities) {
      assert.deepEqual(Object.keys(e), [
        "activityDate",
        "userId",
        "queueId",
        "queueMembershipStatus",
        "routingStatus",
        "routingStatusDate",
        "systemPresence",
        "organizationPresenceId",
        "presenceDate",
        "teamId",
      ]);
      assert.equal(e.activityDate, "2026-11-27T11:15:00.000Z");
      assert.equal(e.queueId, ids[i]);
      assert.equal(
        e.routingStatus === "OFF_QUEUE",
        e.systemPresence !== "ON_QUEUE",
      );
    }
    const member = r.data.find((d: { metric: string }) =>
      d.metric === "oMemberUsers"
    );
    assert.deepEqual(Object.keys(member), ["metric", "count"]);
    assert.equal(member.count, r.entities.length);
    for (
      const d of r.data.filter((d: { metric: string }) =>
        d.metric === "oUserRoutingStatuses"
      )
    ) {
      assert.deepEqual(Object.keys(d), [
        "metric",
        "qualifier",
        "count",
        "entityIds",
      ]);
      assert.equal(d.count, d.entityIds.length);
      const expected = r.entities.filter((
        e: { routingStatus: string; systemPresence: string },
      ) => e.routingStatus === d.qualifier && e.systemPresence !== "OFFLINE")
        .map((e: { userId: string }) => e.userId);
      assert.deepEqual(d.entityIds, expected);
    }
    const observed = obs.results.filter((g: { group: { queueId: string } }) =>
      g.group.queueId === ids[i]
    )[0];
    const fromObs = observed.data.filter((d: { metric: string }) =>
      d.metric === "oUserRoutingStatuses"
    )
      .map((
        d: { qualifier: string; stats: { count: number } },
      ) => [d.qualifier, d.stats.count]);
    const fromActivity = r.data.filter((d: { metric: string }) =>
      d.metric === "oUserRoutingStatuses"
    )
      .map((d: { qualifier: string; count: number }) => [d.qualifier, d.count]);
    assert.deepEqual(fromActivity, fromObs, "both endpoints agree");
  }
});

Deno.test("routing activity: without details no entities; filters narrow entities", async () => {
  const { sim, t, ids } = await setup();
  const plain = await json(
    await post(sim, t, ACTIVITY, {
      metrics: [{ metric: "oActiveUsers" }, { name: "oUserRoutingStatuses" }],
      groupBy: ["queueId"],
      filter: queueFilter(ids.slice(0, 1)),
    }),
  );
  assert.deepEqual(Object.keys(plain.results[0]), ["group", "data"]);
  for (const d of plain.results[0].data) assert.equal(d.entityIds, undefined);
  const idle = await json(
    await post(sim, t, ACTIVITY, {
      ...activityBody(ids),
      filter: {
        type: "and",
        clauses: [{
          type: "or",
          predicates: ids.map((value) => ({ dimension: "queueId", value })),
        }],
        predicates: [{ dimension: "routingStatus", value: "IDLE" }],
      },
    }),
  );
  let seen = 0;
  for (const r of idle.results) {
    for (const e of r.entities) {
      assert.equal(e.routingStatus, "IDLE");
      seen++;
    }
  }
  assert.ok(seen > 0);
});

Deno.test("routing activity: bad queries get 400", async () => {
  const { sim, t, ids } = await setup();
  const cases: [Record<string, unknown>, string][] = [
    [
      { ...activityBody(ids), metrics: [{ metric: "oWaiting" }] },
      'Cannot parse metrics: unknown metric "oWaiting"',
    ],
    [
      { ...activityBody(ids), metrics: [] },
      "Cannot parse metrics: expected a non-empty array of {metric, details}",
    ],
    [
      { ...activityBody(ids), groupBy: undefined },
      'Cannot parse groupBy: a routing activity query must group by ["queueId"]',
    ],
    [
      { ...activityBody(ids), order: "random" },
      'Cannot parse order: "random" (expected asc, desc or unordered)',
    ],
    [
      {
        ...activityBody(ids),
        metrics: [{ metric: "oMemberUsers", details: "yes" }],
      },
      'Cannot parse metrics: details of "oMemberUsers" must be a boolean',
    ],
  ];
  for (const [body, message] of cases) {
    const answer = await json(await post(sim, t, ACTIVITY, body), 400);
    assert.equal(answer.message, message);
  }
});
