import { deepEqual, equal, strictEqual } from "node:assert/strict";
import {
  applyDelta,
  diffSnapshots,
  flatTrend,
  trendViewOf,
  viewDelta,
  viewOf,
} from "../../src/snapshot/mod.ts";
import { queue } from "./_fixtures.ts";
import { aggregateInput, type Bucket, buildAt, granular } from "./_trend.ts";

const QUEUES = [queue("q-1"), queue("q-2")];
const DAY = "2026-11-27T00:00:00.000Z";
const H9 = "2026-11-27T09:00:00.000Z";
const H930 = "2026-11-27T09:30:00.000Z";
const NOW = "2026-11-27T09:40:00.000Z";

function bucket(start: string, end: string, figures: Omit<Bucket, "interval">) {
  return { interval: `${start}/${end}`, ...figures };
}

/** q-1 in voice (two intervals) and chat (one), q-2 in voice (one, plus an unreadable bucket). */
function answer(q1Voice930 = 4) {
  return granular({
    "q-1": {
      voice: [
        bucket(H9, H930, {
          offered: 10,
          answered: [8, 80_000],
          abandoned: 2,
          handled: [8, 2_400_000],
          sl: [6, 10],
        }),
        bucket(H930, NOW, {
          offered: q1Voice930,
          answered: [q1Voice930, 20_000],
          handled: [2, 500_000],
          sl: [q1Voice930, q1Voice930],
        }),
      ],
      chat: [
        bucket(H930, NOW, {
          offered: 2,
          answered: [1, 10_000],
          abandoned: 1,
          sl: [0, 2],
        }),
      ],
    },
    "q-2": {
      voice: [
        bucket(H930, NOW, {
          offered: 5,
          answered: [5, 100_000],
          handled: [5, 1_000_000],
          sl: [5, 5],
        }),
        { interval: "not an interval", offered: 3 },
      ],
    },
  });
}

function build(aggregates = answer(), at = NOW, previous = null) {
  return buildAt(
    aggregateInput(QUEUES, aggregates, `${DAY}/${at}`),
    at,
    previous,
  );
}

Deno.test("buildSnapshot() makes one trend entity per queue and interval, media summed", () => {
  const data = build();
  deepEqual(flatTrend(data.trend), {
    [`q-1|${H9}`]: {
      queueId: "q-1",
      start: H9,
      offered: 10,
      answered: 8,
      abandoned: 2,
      serviceLevel: 0.6,
      abandonRate: 0.2,
      asaMs: 10_000,
      ahtMs: 300_000,
    },
    [`q-1|${H930}`]: {
      queueId: "q-1",
      start: H930,
      offered: 6,
      answered: 5,
      abandoned: 1,
      serviceLevel: 4 / 6,
      abandonRate: 1 / 6,
      asaMs: 6000,
      ahtMs: 250_000,
    },
    [`q-2|${H930}`]: {
      queueId: "q-2",
      start: H930,
      offered: 5,
      answered: 5,
      abandoned: 0,
      serviceLevel: 1,
      abandonRate: 0,
      asaMs: 20_000,
      ahtMs: 200_000,
    },
  });
  deepEqual(Object.keys(data.trend), ["q-1", "q-2"]);
  deepEqual(data.trendSums["q-1"][H930], {
    slNumerator: 4,
    slDenominator: 6,
    handleSumMs: 500_000,
    handleCount: 2,
    answeredSumMs: 30_000,
    answeredCount: 5,
  });
  // The unreadable bucket still counts for today, and only there.
  equal(data.queues["q-2"].today.offered, 8);
  equal(data.queues["q-1"].today.offered, 16);
});

Deno.test("trendViewOf() cuts to the visible queues and totals per interval as ratios of sums", () => {
  const data = build();
  const one = trendViewOf(data, new Set(["q-2"]));
  deepEqual(Object.keys(one.trend), ["q-2"]);
  strictEqual(one.trend["q-2"], data.trend["q-2"]);
  deepEqual(one.trendTotals, {
    [H930]: {
      start: H930,
      offered: 5,
      answered: 5,
      abandoned: 0,
      serviceLevel: 1,
      abandonRate: 0,
      asaMs: 20_000,
      ahtMs: 200_000,
    },
  });
  const all = trendViewOf(data, null);
  strictEqual(all.trend, data.trend);
  deepEqual(all.trendTotals[H930], {
    start: H930,
    offered: 11,
    answered: 10,
    abandoned: 1,
    // (4 + 5) / (6 + 5), not the mean of 4/6 and 1.
    serviceLevel: 9 / 11,
    abandonRate: 1 / 11,
    asaMs: 13_000,
    ahtMs: 214_286,
  });
  deepEqual(Object.keys(all.trendTotals), [H9, H930]);
  // viewOf adds the trend only when asked.
  equal(viewOf(data, null, false).trend, undefined);
  deepEqual(
    viewOf(data, new Set(["q-2"]), false, true).trendTotals,
    one.trendTotals,
  );
});

Deno.test("an aggregate refresh's delta carries only the intervals that changed", () => {
  const first = build();
  const later = "2026-11-27T09:45:00.000Z";
  const next = buildAt(
    aggregateInput(QUEUES, answer(7), `${DAY}/${later}`),
    later,
    first,
  );
  // A queue whose intervals did not change keeps its maps.
  strictEqual(next.trend["q-2"], first.trend["q-2"]);
  strictEqual(next.trendSums["q-2"], first.trendSums["q-2"]);
  const changes = diffSnapshots(first, next);
  deepEqual(changes.trend, new Set([`q-1|${H930}`]));
  deepEqual(changes.trendSums, new Set([`q-1|${H930}`]));
  const before = viewOf(first, null, false, true);
  const after = viewOf(next, null, false, true);
  const delta = viewDelta(before, after, changes);
  deepEqual(delta.trend, { [`q-1|${H930}`]: next.trend["q-1"][H930] });
  deepEqual(delta.trendTotals, { [H930]: after.trendTotals![H930] });
  deepEqual(applyDelta(before, delta), after);
  // A one-queue view whose queue did not change gets no trend at all.
  const q2 = new Set(["q-2"]);
  const quiet = viewDelta(
    viewOf(first, q2, false, true),
    viewOf(next, q2, false, true),
    changes,
  );
  deepEqual([quiet.trend, quiet.trendTotals], [{}, {}]);
});

Deno.test("at midnight yesterday's intervals leave the view as nulls", () => {
  const evening = "2026-11-27T23:59:30.000Z";
  const yesterday = build(
    granular({
      "q-1": {
        voice: [bucket("2026-11-27T23:30:00.000Z", evening, { offered: 3 })],
      },
    }),
    evening,
  );
  const after = "2026-11-28T00:00:30.000Z";
  const today = buildAt(
    aggregateInput(
      QUEUES,
      granular({
        "q-2": {
          voice: [bucket("2026-11-28T00:00:00.000Z", after, { offered: 1 })],
        },
      }),
      `2026-11-28T00:00:00.000Z/${after}`,
    ),
    after,
    yesterday,
  );
  const before = viewOf(yesterday, null, false, true);
  const next = viewOf(today, null, false, true);
  const delta = viewDelta(before, next, diffSnapshots(yesterday, today));
  deepEqual(delta.trend, {
    "q-1|2026-11-27T23:30:00.000Z": null,
    "q-2|2026-11-28T00:00:00.000Z":
      today.trend["q-2"]["2026-11-28T00:00:00.000Z"],
  });
  deepEqual(delta.trendTotals, {
    "2026-11-27T23:30:00.000Z": null,
    "2026-11-28T00:00:00.000Z": next.trendTotals!["2026-11-28T00:00:00.000Z"],
  });
  deepEqual(applyDelta(before, delta), next);
});

Deno.test("a delta from a view without trend to one with it brings the whole trend", () => {
  const data = build();
  const visible = new Set(["q-1"]);
  const plain = viewOf(data, visible, false);
  const withTrend = viewOf(data, visible, false, true);
  const delta = viewDelta(plain, withTrend, null);
  deepEqual(delta.trend, flatTrend(withTrend.trend!));
  deepEqual(delta.trendTotals, withTrend.trendTotals);
  deepEqual(applyDelta(plain, delta), withTrend);
  // The other way a delta has no trend to send: the receiver needs a snapshot.
  equal(Object.hasOwn(viewDelta(withTrend, plain, null), "trend"), false);
});

Deno.test("buildSnapshot() reads a batch's unchanged answer once: the same groups give the same maps", () => {
  const aggregates = answer();
  const a = build(aggregates);
  const b = build({ results: [...aggregates.results!] });
  strictEqual(b.trend["q-1"], a.trend["q-1"]);
  strictEqual(b.trendSums["q-2"], a.trendSums["q-2"]);
  // A refreshed answer (new group objects) is read again.
  const c = build(answer());
  deepEqual(c.trend, a.trend);
  equal(c.trend["q-1"] === a.trend["q-1"], false);
});
