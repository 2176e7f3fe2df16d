import assert from "node:assert/strict";
import {
  addSample,
  fmt,
  fmtKiB,
  type Histogram,
  histogramPercentile,
  markdownHeader,
  markdownRow,
  median,
  mergeHistograms,
  ratioOf,
  summarize,
} from "../../bench/_stats.ts";

Deno.test("histogramPercentile uses the nearest rank", () => {
  const hist: Histogram = {};
  for (let v = 1; v <= 100; v++) addSample(hist, v);
  assert.equal(histogramPercentile(hist, 50), 50);
  assert.equal(histogramPercentile(hist, 95), 95);
  assert.equal(histogramPercentile(hist, 99), 99);
  assert.equal(histogramPercentile(hist, 100), 100);
  assert.equal(histogramPercentile({ "3": 1 }, 1), 3);
});

Deno.test("histogramPercentile sorts keys numerically, not as text", () => {
  assert.equal(histogramPercentile({ "10": 1, "9": 1, "100": 1 }, 50), 10);
  assert.equal(histogramPercentile({ "-2": 1, "5": 3 }, 25), -2);
});

Deno.test("histogramPercentile of an empty histogram is null", () => {
  assert.equal(histogramPercentile({}, 50), null);
  assert.equal(histogramPercentile({ "4": 0 }, 50), null);
});

Deno.test("histogramPercentile refuses a percentile outside (0, 100]", () => {
  assert.throws(() => histogramPercentile({ "1": 1 }, 0), {
    name: "RangeError",
    message: 'Cannot compute percentile: "0" is not in (0, 100]',
  });
  assert.throws(() => histogramPercentile({ "1": 1 }, 101), {
    name: "RangeError",
    message: 'Cannot compute percentile: "101" is not in (0, 100]',
  });
});

Deno.test("summarize reports count and percentiles", () => {
  const hist = mergeHistograms([{ "2": 90 }, { "7": 9, "40": 1 }]);
  assert.deepEqual(hist, { "2": 90, "7": 9, "40": 1 });
  assert.deepEqual(summarize(hist), {
    count: 100,
    p50: 2,
    p95: 7,
    p99: 7,
    max: 40,
  });
  assert.deepEqual(summarize({}), {
    count: 0,
    p50: null,
    p95: null,
    p99: null,
    max: null,
  });
});

Deno.test("addSample rounds to whole values", () => {
  const hist: Histogram = {};
  addSample(hist, 2.4);
  addSample(hist, 1.6);
  assert.deepEqual(hist, { "2": 2 });
});

Deno.test("median, ratioOf and the formatters", () => {
  assert.equal(median([]), null);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(ratioOf(3, 2), 1.5);
  assert.equal(ratioOf(3, 0), null);
  assert.equal(ratioOf(null, 2), null);
  assert.equal(fmt(1.25, 1), "1.3");
  assert.equal(fmt(null), "n/a");
  assert.equal(fmt(Infinity), "n/a");
  assert.equal(fmtKiB(2048), "2.0 KiB");
  assert.equal(fmtKiB(null), "n/a");
});

Deno.test("markdownRow escapes pipes and markdownHeader adds the rule", () => {
  assert.equal(markdownRow(["a|b", 3]), "| a\\|b | 3 |");
  assert.equal(markdownHeader(["x", "y"]), "| x | y |\n|---|---|");
});
