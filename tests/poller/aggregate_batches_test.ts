import assert from "node:assert/strict";
import type { ConversationAggregateQueryResponse } from "../../src/genesys/types.ts";
import { buildSnapshot } from "../../src/snapshot/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  advance,
  FakeApi,
  FakeApiError,
  forbidden,
  makeQueues,
  startPoller,
} from "./_fakes.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const DAY = "2026-11-27T00:00:00.000Z";

/** A `FakeApi` whose aggregates offer each queue the number of the call. */
class CountingApi extends FakeApi {
  override async todayAggregates(
    queueIds: readonly string[],
    interval: string,
    timeZone: string,
    signal?: AbortSignal,
  ): Promise<ConversationAggregateQueryResponse> {
    const count = this.callsOf("todayAggregates").length + 1;
    await super.todayAggregates(queueIds, interval, timeZone, signal);
    return {
      results: queueIds.map((queueId) => ({
        group: { queueId },
        data: [{
          interval,
          metrics: [{ metric: "nOffered", stats: { count } }],
        }],
      })),
    };
  }
}

/** Queue ids `q-1…q-n` in sorted (string) order, cut into batches of 100. */
function sortedBatches(n: number): string[][] {
  const ids = makeQueues(n).map((q) => q.id).sort();
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += 100) batches.push(ids.slice(i, i + 100));
  return batches;
}

/** Aggregate calls as [ms since T0, batch index, interval end]. */
function aggregateCalls(api: FakeApi, batches: string[][], t0 = T0) {
  return api.callsOf("todayAggregates").map((c) => [
    c.at - t0,
    batches.findIndex((b) => b.join() === c.ids.join()),
    c.interval!.slice(c.interval!.indexOf("/") + 1),
  ]);
}

function end(ms: number): string {
  return new Date(T0 + ms).toISOString();
}

Deno.test("poll() staggers the aggregate batches of 250 queues over the interval", async () => {
  const h = await startPoller({ apiOptions: { queues: makeQueues(250) } });
  try {
    await advance(h.clock, 120_000);
    const batches = sortedBatches(250);
    assert.deepEqual(batches.map((b) => b.length), [100, 100, 50]);
    // All three at load, then batch i at load + i·10 s and every 30 s after.
    assert.deepEqual(aggregateCalls(h.api, batches), [
      [0, 0, end(0)],
      [0, 1, end(0)],
      [0, 2, end(0)],
      [10_000, 1, end(10_000)],
      [20_000, 2, end(20_000)],
      [30_000, 0, end(30_000)],
      [40_000, 1, end(40_000)],
      [50_000, 2, end(50_000)],
      [60_000, 0, end(60_000)],
      [70_000, 1, end(70_000)],
      [80_000, 2, end(80_000)],
      [90_000, 0, end(90_000)],
      [100_000, 1, end(100_000)],
      [110_000, 2, end(110_000)],
      [120_000, 0, end(120_000)],
    ]);
    const times = h.api.callsOf("todayAggregates").map((c) => c.at - T0);
    // Never two batches in one cycle after the first; 3 calls per 30 s.
    for (let t = 5000; t <= 120_000; t += 5000) {
      assert.ok(times.filter((at) => at === t).length <= 1, `cycle ${t}`);
    }
    for (let from = 5000; from + 30_000 <= 125_000; from += 5000) {
      assert.equal(
        times.filter((at) => at >= from && at < from + 30_000).length,
        3,
        `window from ${from}`,
      );
    }
    // The same ids and every directory queue in each poll's observations.
    assert.equal(h.api.callsOf("queueObservations")[0].ids.length, 250);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() hands every batch's last answer and interval to the build", async () => {
  const clock = new FakeClock(T0);
  const api = new CountingApi(clock, { queues: makeQueues(250) });
  const h = await startPoller({ clock, api });
  try {
    await advance(h.clock, 10_000);
    const [b0, b1, b2] = sortedBatches(250);
    const input = h.inputs[2].input; // the cycle at 10 s
    assert.equal(input.aggregateInterval, `${DAY}/${end(10_000)}`);
    const intervals: Record<string, string> = {};
    for (const id of [...b0, ...b2]) intervals[id] = `${DAY}/${end(0)}`;
    for (const id of b1) intervals[id] = `${DAY}/${end(10_000)}`;
    assert.deepEqual(input.aggregateIntervals, intervals);
    // Batch order, each batch's last answer: calls 1 and 3 at load, 4 at 10 s.
    assert.deepEqual(
      input.aggregates!.results!.map((r) => [
        r.group.queueId,
        r.data[0].metrics[0].stats.count,
      ]),
      [
        ...b0.map((id) => [id, 1]),
        ...b1.map((id) => [id, 4]),
        ...b2.map((id) => [id, 3]),
      ],
    );
    // Between refreshes the input keeps the same answers.
    assert.deepEqual(h.inputs[1].input.aggregateIntervals, {
      ...intervals,
      ...Object.fromEntries(b1.map((id) => [id, `${DAY}/${end(0)}`])),
    });
  } finally {
    await h.stop();
  }
});

Deno.test("poll() builds new today intervals only for the refreshed batch", async () => {
  const clock = new FakeClock(T0);
  const api = new CountingApi(clock, { queues: makeQueues(250) });
  const h = await startPoller({ clock, api, build: buildSnapshot });
  try {
    await advance(h.clock, 10_000);
    const [b0, b1, b2] = sortedBatches(250);
    const [first, , third] = h.store.snapshots;
    for (const id of [...b0, ...b1, ...b2]) {
      assert.equal(first.queues[id].today.interval, `${DAY}/${end(0)}`);
    }
    for (const id of b1) {
      assert.equal(third.queues[id].today.interval, `${DAY}/${end(10_000)}`);
      assert.equal(third.queues[id].today.offered, 4);
    }
    for (const id of [...b0, ...b2]) {
      assert.equal(third.queues[id].today.interval, `${DAY}/${end(0)}`);
    }
    assert.equal(third.queues[b0[0]].today.offered, 1);
    assert.equal(third.queues[b2[0]].today.offered, 3);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() refreshes 12 queues in one call every aggregate interval", async () => {
  const h = await startPoller({ apiOptions: { queues: makeQueues(12) } });
  try {
    await advance(h.clock, 120_000);
    const batches = sortedBatches(12);
    assert.deepEqual(aggregateCalls(h.api, batches), [
      [0, 0, end(0)],
      [30_000, 0, end(30_000)],
      [60_000, 0, end(60_000)],
      [90_000, 0, end(90_000)],
      [120_000, 0, end(120_000)],
    ]);
    assert.deepEqual(
      h.inputs[1].input.aggregateIntervals,
      Object.fromEntries(
        batches[0].map((id) => [id, `${DAY}/${end(0)}`]),
      ),
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() refreshes every batch in the first cycle of a new day", async () => {
  const start = Date.parse("2026-11-27T22:59:50.000Z");
  const clock = new FakeClock(start);
  const h = await startPoller({
    clock,
    timeZone: "Europe/Berlin",
    apiOptions: { queues: makeQueues(250) },
  });
  try {
    await advance(clock, 40_000);
    const batches = sortedBatches(250);
    const today = "2026-11-28T00:00:00.000+01:00";
    assert.deepEqual(
      h.api.callsOf("todayAggregates").map((c) => [
        c.at - start,
        batches.findIndex((b) => b.join() === c.ids.join()),
        c.interval,
      ]),
      [
        ...[0, 1, 2].map((i) => [
          0,
          i,
          "2026-11-27T00:00:00.000+01:00/2026-11-27T23:59:50.000+01:00",
        ]),
        ...[0, 1, 2].map((i) => [10_000, i, `${today}/${today}`]),
        [20_000, 1, `${today}/2026-11-28T00:00:10.000+01:00`],
        [30_000, 2, `${today}/2026-11-28T00:00:20.000+01:00`],
        [40_000, 0, `${today}/2026-11-28T00:00:30.000+01:00`],
      ],
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() keeps a failed batch due and the others on schedule", async () => {
  const h = await startPoller({ apiOptions: { queues: makeQueues(250) } });
  try {
    await advance(h.clock, 5000);
    const down = () => new FakeApiError(503, "service.unavailable");
    h.api.fail("todayAggregates", down(), down());
    await advance(h.clock, 35_000);
    const batches = sortedBatches(250);
    // Batch 1 fails at 10 s and on its retry 250 ms later; it stays due and
    // is fetched at 15 s; the schedule stays on its grid.
    assert.deepEqual(
      aggregateCalls(h.api, batches).map(([at, i]) => [at, i]),
      [
        [0, 0],
        [0, 1],
        [0, 2],
        [10_000, 1],
        [10_250, 1],
        [15_000, 1],
        [
          20_000,
          2,
        ],
        [30_000, 0],
        [40_000, 1],
      ],
    );
    assert.deepEqual(
      h.of("error").map((e) => [e.part, e.kind]),
      [["aggregates", "transient"]],
    );
    // No cycle was lost: the 10 s cycle committed with batch 1's last answer.
    assert.equal(h.of("committed").length, 9);
    assert.equal(
      h.inputs[2].input.aggregateIntervals![batches[1][0]],
      `${DAY}/${end(0)}`,
    );
    assert.equal(
      h.store.snapshots[2].parts?.aggregates.fetchedAt,
      new Date(T0).toISOString(),
    );
    assert.equal(
      h.inputs[3].input.aggregateIntervals![batches[1][0]],
      `${DAY}/${end(15_000)}`,
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() stops asking for aggregates Genesys refuses and asks again a minute later", async () => {
  const h = await startPoller({ apiOptions: { queues: makeQueues(250) } });
  try {
    await advance(h.clock, 5000);
    h.api.fail(
      "todayAggregates",
      forbidden("analytics:conversationAggregate:view"),
    );
    await advance(h.clock, 70_000);
    const batches = sortedBatches(250);
    // Refused at 10 s: nothing is asked until the re-check at 70 s, when
    // all three batches are overdue and fetched at once.
    assert.deepEqual(
      aggregateCalls(h.api, batches).map(([at, i]) => [at, i]),
      [[0, 0], [0, 1], [0, 2], [10_000, 1], [70_000, 0], [70_000, 1], [
        70_000,
        2,
      ]],
    );
    assert.equal(h.of("committed").length, 16);
    assert.deepEqual(
      h.lines.filter((l) => l.level === "error").map((l) => l.msg),
      [
        "Cannot poll today's aggregates: missing permission analytics:conversationAggregate:view",
      ],
    );
  } finally {
    await h.stop();
  }
});

Deno.test("poll() fetches all batches again when the directory changes", async () => {
  const h = await startPoller({
    apiOptions: { queues: makeQueues(250) },
    directoryIntervalMs: 5000,
  });
  try {
    // Reloads that find the same queues (5 s, 10 s) keep the schedule.
    await advance(h.clock, 10_000);
    h.api.queues = makeQueues(201);
    await advance(h.clock, 15_000);
    const old = sortedBatches(250);
    const next = sortedBatches(201);
    assert.deepEqual(next.map((b) => b.length), [100, 100, 1]);
    assert.deepEqual(
      h.api.callsOf("listQueues").map((c) => c.at - T0),
      [0, 5000, 10_000, 15_000, 20_000, 25_000],
    );
    const calls = h.api.callsOf("todayAggregates");
    assert.deepEqual(
      calls.slice(0, 4).map((
        c,
      ) => [c.at - T0, old.findIndex((b) => b.join() === c.ids.join())]),
      [[0, 0], [0, 1], [0, 2], [10_000, 1]],
    );
    // The changed directory: every new batch at 15 s, then the stagger again.
    assert.deepEqual(
      calls.slice(4).map((
        c,
      ) => [c.at - T0, next.findIndex((b) => b.join() === c.ids.join())]),
      [[15_000, 0], [15_000, 1], [15_000, 2], [25_000, 1]],
    );
  } finally {
    await h.stop();
  }
});
