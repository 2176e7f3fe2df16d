/**
 * The trend through the real simulator and the Genesys client: PT30M
 * buckets leave today's figures exactly as one bucket gives them, sum to
 * them exactly, and follow the local day in the time zone (DST days).
 *
 * @module
 */

import { deepEqual, equal, ok } from "node:assert/strict";
import {
  computeTotals,
  flatTrend,
  type QueueSums,
  type SnapshotData,
  trendViewOf,
} from "../../src/snapshot/mod.ts";
import { aggregateInput, buildAt, simDay } from "./_trend.ts";

const HALF_HOUR = 30 * 60_000;

/** Every half hour from `first` to `last` (ISO starts). */
function halfHours(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(first); t <= Date.parse(last); t += HALF_HOUR) {
    out.push(new Date(t).toISOString());
  }
  return out;
}

const SUM_FIELDS = [
  "slNumerator",
  "slDenominator",
  "handleSumMs",
  "handleCount",
  "answeredSumMs",
  "answeredCount",
] as const;

/** Each queue's trend summed: counts and the sums behind the ratios. */
function summed(data: SnapshotData, queueId: string) {
  const out = { offered: 0, answered: 0, abandoned: 0 };
  const sums: QueueSums = {
    slNumerator: 0,
    slDenominator: 0,
    handleSumMs: 0,
    handleCount: 0,
    answeredSumMs: 0,
    answeredCount: 0,
  };
  for (const [start, t] of Object.entries(data.trend[queueId] ?? {})) {
    deepEqual([t.queueId, t.start], [queueId, start]);
    out.offered += t.offered;
    out.answered += t.answered;
    out.abandoned += t.abandoned;
    for (const f of SUM_FIELDS) sums[f] += data.trendSums[queueId][start][f];
  }
  return { ...out, sums };
}

async function builds(seed: number, at: string, timeZone = "UTC") {
  const day = await simDay(seed, at, timeZone);
  // One bucket per group without granularity, several with it.
  ok(day.whole.results!.every((g) => g.data.length === 1));
  ok(day.granular.results!.some((g) => g.data.length > 20));
  const split = buildAt(
    aggregateInput(day.queues, day.granular, day.interval),
    at,
  );
  const whole = buildAt(
    aggregateInput(day.queues, day.whole, day.interval),
    at,
  );
  return { day, split, whole };
}

for (const seed of [1, 7, 42]) {
  Deno.test(`trend (seed ${seed}): the buckets sum exactly to today, which stays as one bucket gives it`, async () => {
    const at = "2026-11-27T13:07:00.000Z";
    const { split, whole } = await builds(seed, at);
    // Today's figures and the sums behind them: identical to one bucket.
    deepEqual(split.queues, whole.queues);
    deepEqual(split.sums, whole.sums);
    let offered = 0;
    for (const [id, q] of Object.entries(split.queues)) {
      const t = summed(split, id);
      deepEqual(
        [t.offered, t.answered, t.abandoned],
        [q.today.offered, q.today.answered, q.today.abandoned],
      );
      deepEqual(t.sums, split.sums[id]);
      offered += t.offered;
    }
    ok(offered > 100, `only ${offered} offered`);
    // Totals per interval over every queue: one per half hour since midnight.
    const { trendTotals } = trendViewOf(split, null);
    const starts = halfHours(
      "2026-11-27T00:00:00.000Z",
      "2026-11-27T13:00:00.000Z",
    );
    deepEqual(Object.keys(trendTotals), starts);
    const totals = computeTotals(split, Object.keys(split.queues));
    const all = Object.values(trendTotals);
    equal(all.reduce((n, t) => n + t.offered, 0), totals.offered);
    equal(all.reduce((n, t) => n + t.answered, 0), totals.answered);
    equal(all.reduce((n, t) => n + t.abandoned, 0), totals.abandoned);
  });
}

Deno.test("trend on a 23-hour DST day in Europe/Berlin: 46 intervals from 23:00 UTC", async () => {
  const { split, whole } = await builds(
    3,
    "2026-03-29T21:59:00.000Z",
    "Europe/Berlin",
  );
  deepEqual(split.queues, whole.queues);
  const starts = halfHours(
    "2026-03-28T23:00:00.000Z",
    "2026-03-29T21:30:00.000Z",
  );
  equal(starts.length, 46);
  deepEqual(Object.keys(trendViewOf(split, null).trendTotals), starts);
  for (const t of Object.values(flatTrend(split.trend))) {
    ok(starts.includes(t.start));
  }
});

Deno.test("trend on a 25-hour DST day in Europe/Berlin: 50 intervals from 22:00 UTC", async () => {
  const { split, whole } = await builds(
    3,
    "2026-10-25T22:59:00.000Z",
    "Europe/Berlin",
  );
  deepEqual(split.queues, whole.queues);
  const starts = halfHours(
    "2026-10-24T22:00:00.000Z",
    "2026-10-25T22:30:00.000Z",
  );
  equal(starts.length, 50);
  deepEqual(Object.keys(trendViewOf(split, null).trendTotals), starts);
  for (const t of Object.values(flatTrend(split.trend))) {
    ok(starts.includes(t.start));
  }
});
