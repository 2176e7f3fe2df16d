import assert from "node:assert/strict";
import {
  dayCurve,
  dayStartOf,
  slotted,
  trendByQueue,
} from "../../web/trend.js";
import { trendChart } from "../../web/charts.js";
import { point } from "./_fixtures.ts";

const DAY = "2026-11-27T00:00:00.000Z";
const A1 = point("q-1", "2026-11-27T09:30:00.000Z", 10, 2, 0.9);
const A0 = point("q-1", "2026-11-27T09:00:00.000Z", 6, 0, 1);
const B1 = point("q-2", "2026-11-27T09:30:00.000Z", 30, 3, 0.5);
const TREND = {
  "q-1|2026-11-27T09:30:00.000Z": A1,
  "q-1|2026-11-27T09:00:00.000Z": A0,
  "q-2|2026-11-27T09:30:00.000Z": B1,
};

Deno.test("trendByQueue lists each queue's intervals by start", () => {
  const byQueue = trendByQueue(TREND);
  assert.deepEqual(byQueue.get("q-1"), [A0, A1]);
  assert.deepEqual(byQueue.get("q-2"), [B1]);
  assert.equal(trendByQueue(null).size, 0);
});

Deno.test("the day's curve is the server's totals per interval, in time order", () => {
  const total = (start: string, offered: number, serviceLevel: number) => ({
    start,
    offered,
    answered: offered,
    abandoned: 0,
    serviceLevel,
    abandonRate: 0,
    asaMs: null,
    ahtMs: null,
  });
  const late = total("2026-11-27T09:30:00.000Z", 40, 0.6);
  const early = total("2026-11-27T09:00:00.000Z", 6, 1);
  assert.deepEqual(
    dayCurve({ [late.start]: late, [early.start]: early }),
    [early, late],
  );
  assert.deepEqual(dayCurve(null), []);
});

Deno.test("points are placed in 30-minute slots from the day's start", () => {
  assert.deepEqual(
    slotted([A0, A1, point("q-1", "2026-11-26T23:30:00.000Z", 1, 0, 1)], DAY)
      .map((p) => p.slot),
    [18, 19],
  );
  assert.deepEqual(slotted([A0], "nonsense"), []);
  assert.equal(dayStartOf(`${DAY}/2026-11-27T10:05:00.000Z`, []), DAY);
  assert.equal(dayStartOf(undefined, [A0]), A0.start);
  assert.equal(dayStartOf(null, []), null);
});

Deno.test("the chart draws SL against target above offered and abandoned", () => {
  const svg = trendChart([A0, A1], {
    dayStart: "2026-11-27T09:00:00.000Z",
    target: 0.8,
    label: "Support",
  });
  assert.equal(
    svg,
    '<svg class="chart" viewBox="0 0 80 40" preserveAspectRatio="none" role="img" ' +
      'aria-label="Support: service level per 30 minutes against a target of 80%, latest 90%; latest interval offered 10, abandoned 2">' +
      '<line class="target" x1="0" x2="80" y1="4.6" y2="4.6" vector-effect="non-scaling-stroke"/>' +
      '<polyline class="sl" points="5,1 15,2.8" vector-effect="non-scaling-stroke"/>' +
      '<rect class="offered" x="1" y="29.2" width="8" height="10.8"/>' +
      '<rect class="offered" x="11" y="22" width="8" height="18"/>' +
      '<rect class="abandoned" x="11" y="36.4" width="8" height="3.6"/>' +
      "</svg>",
  );
});

Deno.test("a chart with no points is empty, one point is a dot", () => {
  assert.equal(
    trendChart([], { dayStart: DAY, target: 0.8, label: "x" }),
    "",
  );
  const one = trendChart([A1], {
    dayStart: DAY,
    target: null,
    slots: 48,
    label: "All",
  });
  assert.match(one, /viewBox="0 0 480 40"/);
  assert.match(one, /<circle class="sl" cx="195" cy="2.8" r="1.5"\/>/);
  assert.doesNotMatch(one, /class="target"/);
});
