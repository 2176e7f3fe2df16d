import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  AGGREGATE_METRICS,
  aggregateBody,
  AGGREGATES,
  json,
  post,
  token,
} from "./_helpers.ts";

interface Stats {
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  numerator?: number;
  denominator?: number;
  target?: number;
  ratio?: number;
}
interface Group {
  group: { queueId: string; mediaType: string };
  data: { interval: string; metrics: { metric: string; stats: Stats }[] }[];
}

async function setup(at: string, timeZone = "UTC", seed = 21) {
  const sim = createSimulator({ seed, clock: new FakeClock(at), timeZone });
  return { sim, t: await token(sim), ids: sim.queueIds() };
}

/** Every bucket interval of an answer, over all groups, in order. */
function intervalsOf(results: Group[]): string[] {
  const all = new Set(results.flatMap((g) => g.data.map((d) => d.interval)));
  return [...all].sort();
}

/** The buckets of every group folded into one, as a one-bucket answer has. */
function fold(data: Group["data"]): Map<string, Stats> {
  const out = new Map<string, Stats>();
  for (const bucket of data) {
    for (const { metric, stats } of bucket.metrics) {
      const a = out.get(metric);
      if (!a) {
        out.set(metric, { ...stats });
        continue;
      }
      for (const k of ["count", "sum", "numerator", "denominator"] as const) {
        if (stats[k] !== undefined) a[k] = (a[k] ?? 0) + stats[k]!;
      }
      if (stats.min !== undefined) a.min = Math.min(a.min!, stats.min);
      if (stats.max !== undefined) a.max = Math.max(a.max!, stats.max);
      if (a.denominator) a.ratio = a.numerator! / a.denominator;
    }
  }
  return out;
}

Deno.test("granularity: the buckets add up exactly to the one-bucket answer", async () => {
  const today = "2026-11-27T00:00:00.000Z/2026-11-27T13:07:00.000Z";
  const { sim, t, ids } = await setup("2026-11-27T13:07:00.000Z");
  const whole = await json(
    await post(sim, t, AGGREGATES, aggregateBody(ids, today)),
  );
  for (const granularity of ["PT30M", "PT1H", "PT15M"]) {
    const split = await json(
      await post(sim, t, AGGREGATES, {
        ...aggregateBody(ids, today),
        granularity,
      }),
    );
    assert.equal(split.results.length, whole.results.length);
    split.results.forEach((g: Group, i: number) => {
      const w: Group = whole.results[i];
      assert.deepEqual(g.group, w.group);
      assert.deepEqual(
        Object.fromEntries(fold(g.data)),
        Object.fromEntries(fold(w.data)),
        `${granularity} ${g.group.queueId} ${g.group.mediaType}`,
      );
    });
  }
  const half = await json(
    await post(sim, t, AGGREGATES, {
      ...aggregateBody(ids, today),
      granularity: "PT30M",
    }),
  );
  const intervals = intervalsOf(half.results);
  assert.equal(intervals.length, 27, "every half-hour has calls, 24/7");
  assert.deepEqual(intervals.slice(0, 2), [
    "2026-11-27T00:00:00.000Z/2026-11-27T00:30:00.000Z",
    "2026-11-27T00:30:00.000Z/2026-11-27T01:00:00.000Z",
  ]);
  assert.equal(
    intervals.at(-1),
    "2026-11-27T13:00:00.000Z/2026-11-27T13:07:00.000Z",
    "the last bucket ends with the interval",
  );
  for (const g of half.results as Group[]) {
    const own = g.data.map((d) => d.interval);
    assert.deepEqual(own, [...own].sort(), "buckets in time order");
    for (const d of g.data) {
      const names = d.metrics.map((m) => m.metric);
      assert.ok(names.length > 0, "buckets without data are left out");
      assert.deepEqual(
        names,
        AGGREGATE_METRICS.filter((m) => names.includes(m)),
      );
    }
  }
});

Deno.test("granularity: buckets follow local midnight of timeZone, offsets in the interval", async () => {
  const { sim, t, ids } = await setup(
    "2026-11-27T06:30:00.000Z",
    "Asia/Kolkata",
  );
  const answer = await json(
    await post(sim, t, AGGREGATES, {
      ...aggregateBody(
        ids,
        "2026-11-27T00:00:00.000+05:30/2026-11-27T12:00:00.000+05:30",
      ),
      timeZone: "Asia/Kolkata",
      granularity: "PT1H",
    }),
  );
  const intervals = intervalsOf(answer.results);
  assert.equal(intervals.length, 12);
  assert.equal(
    intervals[0],
    "2026-11-26T18:30:00.000Z/2026-11-26T19:30:00.000Z",
  );
  assert.equal(
    intervals[11],
    "2026-11-27T05:30:00.000Z/2026-11-27T06:30:00.000Z",
  );
});

Deno.test("granularity: a 23-hour and a 25-hour day (Europe/Berlin)", async () => {
  for (
    const [at, from, to, hours, days] of [
      [
        "2026-03-29T21:59:00.000Z",
        "2026-03-28T00:00:00.000+01:00",
        "2026-03-31T00:00:00.000+02:00",
        23,
        [
          "2026-03-27T23:00:00.000Z/2026-03-28T23:00:00.000Z",
          "2026-03-28T23:00:00.000Z/2026-03-29T22:00:00.000Z",
        ],
      ],
      [
        "2026-10-25T22:59:00.000Z",
        "2026-10-24T00:00:00.000+02:00",
        "2026-10-27T00:00:00.000+01:00",
        25,
        [
          "2026-10-23T22:00:00.000Z/2026-10-24T22:00:00.000Z",
          "2026-10-24T22:00:00.000Z/2026-10-25T23:00:00.000Z",
        ],
      ],
    ] as const
  ) {
    const { sim, t, ids } = await setup(at, "Europe/Berlin");
    const body = {
      ...aggregateBody(ids, `${from}/${to}`),
      timeZone: "Europe/Berlin",
    };
    const daily = await json(
      await post(sim, t, AGGREGATES, { ...body, granularity: "P1D" }),
    );
    // The run starts two hours before local midnight: the day before has
    // that warm-up, the day itself has everything else.
    assert.deepEqual(intervalsOf(daily.results), days);
    const halves = await json(
      await post(sim, t, AGGREGATES, {
        ...body,
        interval: days[1],
        granularity: "PT30M",
      }),
    );
    const intervals = intervalsOf(halves.results);
    assert.equal(intervals.length, hours * 2);
    for (const [i, interval] of intervals.entries()) {
      const [a, b] = interval.split("/").map(Date.parse);
      assert.equal(b - a, 1_800_000);
      assert.equal(a, Date.parse(days[1].split("/")[0]) + i * 1_800_000);
    }
  }
});

Deno.test("granularity: bad periods get a 400 like Genesys", async () => {
  const { sim, t, ids } = await setup("2026-11-27T13:00:00.000Z");
  const today = "2026-11-27T00:00:00.000Z/2026-11-27T13:00:00.000Z";
  const cases: [unknown, string][] = [
    ["PT0M", 'Cannot parse granularity: "PT0M" is not an ISO-8601 period'],
    ["30m", 'Cannot parse granularity: "30m" is not an ISO-8601 period'],
    [30, "Cannot parse granularity: 30 is not an ISO-8601 period"],
    [
      "P1M",
      'Cannot parse granularity: months and years are not supported, got "P1M"',
    ],
    ["PT1S", "Cannot parse granularity: more than 1000 intervals"],
  ];
  for (const [granularity, message] of cases) {
    const answer = await json(
      await post(sim, t, AGGREGATES, {
        ...aggregateBody(ids, today),
        granularity,
      }),
      400,
    );
    assert.equal(answer.message, message);
    assert.equal(answer.code, "bad.request");
  }
});
