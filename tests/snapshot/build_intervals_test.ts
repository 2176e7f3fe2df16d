import { deepEqual, equal } from "node:assert/strict";
import type { ConversationAggregateQueryResponse } from "../../src/genesys/types.ts";
import { buildSnapshot, type PollInput } from "../../src/snapshot/mod.ts";
import { emptyInput, queue } from "./_fixtures.ts";

const OPTIONS = {
  source: "genesys" as const,
  fetchedAt: Date.parse("2026-11-27T10:00:10.000Z"),
  rules: [],
};
const DAY = "2026-11-27T00:00:00.000Z";

/** Aggregates offering each queue the given count. */
function offered(counts: Record<string, number>) {
  const answer: ConversationAggregateQueryResponse = {
    results: Object.entries(counts).map(([queueId, count]) => ({
      group: { queueId },
      data: [{
        interval: "x",
        metrics: [{ metric: "nOffered", stats: { count } }],
      }],
    })),
  };
  return answer;
}

function input(
  counts: Record<string, number>,
  intervals: Record<string, string> | undefined,
  newest: string,
): PollInput {
  return {
    ...emptyInput([queue("q-1"), queue("q-2"), queue("q-3")]),
    aggregates: offered(counts),
    aggregateInterval: newest,
    aggregateIntervals: intervals,
  };
}

Deno.test("buildSnapshot() takes each queue's interval from its batch", () => {
  const data = buildSnapshot(
    input(
      { "q-1": 5, "q-2": 6, "q-3": 7 },
      {
        "q-1": `${DAY}/2026-11-27T10:00:10.000Z`,
        "q-2": `${DAY}/2026-11-27T10:00:00.000Z`,
      },
      `${DAY}/2026-11-27T10:00:10.000Z`,
    ),
    OPTIONS,
  );
  deepEqual(
    Object.values(data.queues).map((
      q,
    ) => [q.id, q.today.interval, q.today.offered]),
    [
      ["q-1", `${DAY}/2026-11-27T10:00:10.000Z`, 5],
      ["q-2", `${DAY}/2026-11-27T10:00:00.000Z`, 6],
      // Not in `aggregateIntervals`: the newest interval.
      ["q-3", `${DAY}/2026-11-27T10:00:10.000Z`, 7],
    ],
  );
});

Deno.test("buildSnapshot() moves only the refreshed batch's interval end", () => {
  const at0 = `${DAY}/2026-11-27T10:00:00.000Z`;
  const at10 = `${DAY}/2026-11-27T10:00:10.000Z`;
  const all0 = { "q-1": at0, "q-2": at0, "q-3": at0 };
  const first = buildSnapshot(
    input({ "q-1": 5, "q-2": 6, "q-3": 7 }, all0, at0),
    { ...OPTIONS, fetchedAt: Date.parse("2026-11-27T10:00:00.000Z") },
  );
  // q-1 and q-2 are one batch, refreshed at 10 s: q-1's figures moved, q-2's
  // did not; q-3's batch was not refreshed.
  const next = buildSnapshot(
    input(
      { "q-1": 8, "q-2": 6, "q-3": 7 },
      { "q-1": at10, "q-2": at10, "q-3": at0 },
      at10,
    ),
    { ...OPTIONS, previous: first },
  );
  equal(next.queues["q-1"].today.interval, at10);
  equal(next.queues["q-1"].today.offered, 8);
  // Same figures: the first interval is kept (no change for the screens).
  equal(next.queues["q-2"].today, first.queues["q-2"].today);
  equal(next.queues["q-3"].today, first.queues["q-3"].today);
  equal(next.queues["q-3"].today.interval, at0);
});

Deno.test("buildSnapshot() ignores intervals of queues not in the directory", () => {
  const data = buildSnapshot(
    input(
      { "q-1": 1 },
      { "q-9": `${DAY}/2026-11-27T09:00:00.000Z` },
      `${DAY}/2026-11-27T10:00:10.000Z`,
    ),
    OPTIONS,
  );
  deepEqual(Object.keys(data.queues), ["q-1", "q-2", "q-3"]);
  for (const q of Object.values(data.queues)) {
    equal(q.today.interval, `${DAY}/2026-11-27T10:00:10.000Z`);
  }
});
