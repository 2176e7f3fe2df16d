/**
 * The `trend` subscribe option over a real server: scope (a one-queue
 * token sees only that queue's intervals and totals over it), deltas with
 * only the changed intervals, midnight, and re-subscribes that add or
 * remove the trend; on the WebSocket and on SSE (`?trend=true`).
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Principal } from "../../src/auth/mod.ts";
import { parseClientMessage } from "../../src/realtime/mod.ts";
import { flatTrend, type Snapshot, viewOf } from "../../src/snapshot/mod.ts";
import { fakeAuth } from "./_fakes.ts";
import { startServer } from "./_server.ts";
import { baseShape, type Shape, snapshotOf } from "./_snapshots.ts";
import { SseClient, WsClient } from "../_support/mod.ts";

const ALL: Principal = { queues: "*", agents: false, expiresAt: null };
const ONE: Principal = { queues: ["q-1"], agents: false, expiresAt: null };
const DAY = "2026-11-27";

/** Two queues with trend: q-1 in two intervals, q-2 in one. */
function shape(step: number, current = 3): Shape {
  return {
    ...baseShape(step),
    trend: {
      "q-1": { "09:00": 5, "09:30": current },
      "q-2": { "09:30": 7 },
    },
  };
}

/** The trend part of `snapshot` as `visible` sees it, as the frames carry it. */
function trendOf(snapshot: Snapshot, visible: ReadonlySet<string> | null) {
  const view = viewOf(snapshot, visible, false, true);
  return { trend: flatTrend(view.trend!), trendTotals: view.trendTotals! };
}

async function subscribed(url: string, message: unknown) {
  const client = await WsClient.connect(url);
  assert.equal((await client.next()).type, "hello");
  client.send(message);
  return client;
}

Deno.test("ws: a one-queue token with trend sees only that queue's intervals, then only what changed", async () => {
  const server = await startServer({ auth: fakeAuth({ one: ONE }) });
  const s1 = snapshotOf(1, shape(1));
  await server.publish(s1);
  const client = await subscribed(server.wsUrl, {
    type: "subscribe",
    token: "one",
    trend: true,
  });
  try {
    const snapshot = await client.next();
    const one = new Set(["q-1"]);
    assert.deepEqual(snapshot.trend, trendOf(s1, one).trend);
    assert.deepEqual(Object.keys(snapshot.trend as object), [
      `q-1|${DAY}T09:00:00.000Z`,
      `q-1|${DAY}T09:30:00.000Z`,
    ]);
    // Totals over q-1 alone: q-2's 7 offered at 09:30 are not in them.
    assert.deepEqual(
      Object.values(snapshot.trendTotals as object).map((t) => t.offered),
      [5, 3],
    );
    const keys = Object.keys(snapshot);
    assert.deepEqual(keys.slice(-3), ["trend", "trendTotals", "totals"]);

    // An aggregate refresh: q-1's current interval and q-2's change.
    const s2 = snapshotOf(2, {
      ...shape(1, 4),
      trend: { ...shape(1, 4).trend, "q-2": { "09:30": 9 } },
    });
    await server.publish(s2);
    const delta = await client.next();
    assert.deepEqual(delta.trend, {
      [`q-1|${DAY}T09:30:00.000Z`]: s2.trend["q-1"][`${DAY}T09:30:00.000Z`],
    });
    assert.deepEqual(delta.trendTotals, {
      [`${DAY}T09:30:00.000Z`]:
        trendOf(s2, one).trendTotals[`${DAY}T09:30:00.000Z`],
    });

    // Midnight: yesterday's intervals leave as nulls.
    const s3 = snapshotOf(3, { ...baseShape(1), trend: {} });
    await server.publish(s3);
    const night = await client.next();
    assert.deepEqual(night.trend, {
      [`q-1|${DAY}T09:00:00.000Z`]: null,
      [`q-1|${DAY}T09:30:00.000Z`]: null,
    });
    assert.deepEqual(night.trendTotals, {
      [`${DAY}T09:00:00.000Z`]: null,
      [`${DAY}T09:30:00.000Z`]: null,
    });
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("ws: a delta of a version that changed no interval carries empty trend maps", async () => {
  const server = await startServer({ auth: fakeAuth({ all: ALL }) });
  await server.publish(snapshotOf(1, shape(1)));
  const client = await subscribed(server.wsUrl, {
    type: "subscribe",
    token: "all",
    trend: true,
  });
  try {
    assert.equal((await client.next()).type, "snapshot");
    await server.publish(snapshotOf(2, shape(2)));
    const delta = await client.next();
    assert.deepEqual([delta.trend, delta.trendTotals], [{}, {}]);
    assert.ok(Object.keys(delta.queues as object).length > 0);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("ws: re-subscribing to add the trend brings exactly the trend; removing it gets a snapshot", async () => {
  const server = await startServer({ auth: fakeAuth({ all: ALL }) });
  const s1 = snapshotOf(1, shape(1));
  await server.publish(s1);
  const client = await subscribed(server.wsUrl, {
    type: "subscribe",
    token: "all",
  });
  const since = { epoch: "e-1", version: 1 };
  try {
    const first = await client.next();
    assert.equal(Object.hasOwn(first, "trend"), false);
    client.send({ type: "subscribe", token: "all", trend: true, since });
    assert.deepEqual(await client.next(), {
      type: "delta",
      resumed: true,
      epoch: "e-1",
      version: 1,
      prev: 1,
      fetchedAt: s1.fetchedAt,
      committedAt: s1.committedAt,
      stale: false,
      queues: {},
      ...trendOf(s1, null),
      totals: viewOf(s1, null, false).totals,
    });
    // A delta cannot take the trend away: a full snapshot without it.
    client.send({ type: "subscribe", token: "all", trend: false, since });
    const again = await client.next();
    assert.equal(again.type, "snapshot");
    assert.equal(Object.hasOwn(again, "trend"), false);
    assert.equal(Object.hasOwn(again, "trendTotals"), false);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("sse: ?trend=true with a one-queue principal sends only that queue's intervals", async () => {
  const server = await startServer({ ssePrincipal: ONE });
  const s1 = snapshotOf(1, shape(1));
  await server.publish(s1);
  const sse = await SseClient.open(`${server.sseUrl}?trend=true`);
  try {
    const block = await sse.next();
    assert.equal(block.event, "snapshot");
    const message = JSON.parse(block.data!);
    assert.deepEqual(
      [message.trend, message.trendTotals],
      Object.values(trendOf(s1, new Set(["q-1"]))),
    );
    await server.publish(snapshotOf(2, shape(1, 8)));
    const delta = JSON.parse((await sse.next()).data!);
    assert.deepEqual(Object.keys(delta.trend), [`q-1|${DAY}T09:30:00.000Z`]);
    assert.deepEqual(delta.trendTotals[`${DAY}T09:30:00.000Z`].offered, 8);
  } finally {
    await sse.cancel();
    await server.close();
  }
});

Deno.test("subscribe: a trend that is not a boolean is a bad_request", () => {
  assert.deepEqual(parseClientMessage('{"type":"subscribe","trend":"yes"}'), {
    type: "error",
    code: "bad_request",
    message: 'Cannot parse subscribe: "trend" must be a boolean',
  });
  assert.deepEqual(parseClientMessage('{"type":"subscribe","trend":true}'), {
    type: "subscribe",
    trend: true,
  });
});
