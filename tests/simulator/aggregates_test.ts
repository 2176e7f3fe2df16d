import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  AGGREGATE_METRICS,
  aggregateBody,
  AGGREGATES,
  json,
  post,
  queueFilter,
  token,
} from "./_helpers.ts";

const TODAY = "2026-11-27T00:00:00.000Z/2026-11-27T13:00:00.000Z";

async function setup() {
  const clock = new FakeClock("2026-11-27T13:00:00.000Z");
  const sim = createSimulator({ seed: 21, clock });
  return { sim, t: await token(sim), ids: sim.queueIds() };
}

function totals(
  results: {
    data: { metrics: { metric: string; stats: { count?: number } }[] }[];
  }[],
) {
  const out: Record<string, number> = {};
  for (const r of results) {
    for (const d of r.data) {
      for (const m of d.metrics) {
        out[m.metric] = (out[m.metric] ?? 0) + (m.stats.count ?? 0);
      }
    }
  }
  return out;
}

Deno.test("aggregates: group {mediaType, queueId}, requested metric order, Genesys stats shapes", async () => {
  const { sim, t, ids } = await setup();
  const body = await json(
    await post(sim, t, AGGREGATES, aggregateBody(ids, TODAY)),
  );
  assert.deepEqual(Object.keys(body), ["results"]);
  for (const r of body.results) {
    assert.deepEqual(Object.keys(r.group), ["mediaType", "queueId"]);
    assert.equal(r.data.length, 1);
    assert.equal(r.data[0].interval, TODAY);
    const names = r.data[0].metrics.map((m: { metric: string }) => m.metric);
    const order = AGGREGATE_METRICS.filter((m) => names.includes(m));
    assert.deepEqual(names, order, "metrics come in request order");
    for (const m of r.data[0].metrics) {
      const keys = Object.keys(m.stats);
      if (m.metric.startsWith("t")) {
        assert.deepEqual(keys, ["max", "min", "count", "sum"]);
      } else if (m.metric === "oServiceLevel") {
        assert.deepEqual(keys, ["ratio", "numerator", "denominator", "target"]);
      } else assert.deepEqual(keys, ["count"]);
    }
  }
});

Deno.test("aggregates: mediaType-only grouping sums the queues", async () => {
  const { sim, t, ids } = await setup();
  const whole = await json(
    await post(sim, t, AGGREGATES, aggregateBody(ids, TODAY)),
  );
  const byMedia = await json(
    await post(sim, t, AGGREGATES, {
      ...aggregateBody(ids, TODAY),
      groupBy: [],
    }),
  );
  for (const r of byMedia.results) {
    assert.deepEqual(Object.keys(r.group), ["mediaType"]);
  }
  const a = totals(whole.results);
  const b = totals(byMedia.results);
  for (const m of ["nOffered", "tAnswered", "tAbandon", "tHandle"]) {
    assert.equal(b[m], a[m]);
  }
});

Deno.test("aggregates: filters by queue and media; offsets in the interval; nothing → {}", async () => {
  const { sim, t, ids } = await setup();
  const one = await json(
    await post(sim, t, AGGREGATES, {
      interval: "2026-11-27T01:00:00.000+01:00/2026-11-27T14:00:00+01:00",
      groupBy: ["queueId"],
      filter: {
        type: "and",
        clauses: [{
          type: "or",
          predicates: [{ dimension: "queueId", value: ids[0] }],
        }],
        predicates: [{ dimension: "mediaType", value: "voice" }],
      },
      metrics: ["nOffered"],
    }),
  );
  assert.equal(one.results.length, 1);
  assert.deepEqual(one.results[0].group, {
    mediaType: "voice",
    queueId: ids[0],
  });
  assert.equal(one.results[0].data[0].interval, TODAY);
  const none = await json(
    await post(
      sim,
      t,
      AGGREGATES,
      aggregateBody(ids, "2026-11-20T00:00:00.000Z/2026-11-21T00:00:00.000Z"),
    ),
  );
  assert.deepEqual(none, {});
});

Deno.test("aggregates: bad queries get 400 naming the problem", async () => {
  const { sim, t, ids } = await setup();
  const cases: [Record<string, unknown>, string][] = [
    [
      { ...aggregateBody(ids, TODAY), metrics: ["nOffered", "nAnswered"] },
      'Cannot parse metrics: unknown metric "nAnswered"',
    ],
    [
      { ...aggregateBody(ids, TODAY), interval: undefined },
      'Cannot parse query: "interval" is required',
    ],
    [
      { ...aggregateBody(ids, TODAY), interval: "yesterday" },
      'Cannot parse interval: "yesterday" is not an ISO-8601 interval "start/end"',
    ],
    [
      { ...aggregateBody(ids, "2026-11-27T10:00:00Z/2026-11-27T09:00:00Z") },
      'Cannot parse interval: end must be after start in "2026-11-27T10:00:00Z/2026-11-27T09:00:00Z"',
    ],
    [
      { ...aggregateBody(ids, TODAY), groupBy: ["userId"] },
      'Cannot parse groupBy: unsupported dimension "userId" (expected queueId, mediaType)',
    ],
    [
      { ...aggregateBody(ids, TODAY), timeZone: "Nowhere/Else" },
      'Cannot parse timeZone: unknown time zone "Nowhere/Else"',
    ],
    [
      {
        ...aggregateBody(ids, TODAY),
        filter: { type: "or", predicates: [{ dimension: "queueId" }] },
      },
      'Cannot parse filter: predicate on "queueId" needs a string value',
    ],
  ];
  for (const [body, message] of cases) {
    const res = await post(sim, t, AGGREGATES, body);
    const answer = await json(res, 400);
    assert.equal(answer.message, message);
    assert.equal(answer.code, "bad.request");
  }
  const filter = queueFilter(ids);
  assert.equal(
    (await post(sim, t, AGGREGATES, {
      interval: TODAY,
      filter,
      metrics: ["tHeld"],
    })).status,
    200,
  );
});
