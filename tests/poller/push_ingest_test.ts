/**
 * The push ingest on fakes: when push takes over and gives way, coalesced
 * commits, the reconcile cadence, renewal, rejected topics and the agent
 * topics, on fake time with exact times.
 *
 * @module
 */

import assert from "node:assert/strict";
import { COMMIT, live, startPush, states, T0 } from "./_fake_push.ts";

Deno.test("push takes over after a poll a poll interval after the channel proved healthy", async () => {
  const h = await startPush();
  try {
    assert.deepEqual(h.push.callsOf("open").map((c) => c.topics), [[
      "v2.analytics.queues.q-1.observations",
      "v2.analytics.queues.q-2.observations",
      "v2.analytics.queues.q-3.observations",
      "v2.users.u-1?presence&routingStatus",
      "v2.users.u-2?presence&routingStatus",
    ]]);
    assert.equal(h.status().ingest, "poll");
    assert.equal(h.status().push?.state, "connecting");
    assert.equal(h.status().reason, null);
    await live(h);
    assert.deepEqual(states(h), ["poll connecting", "push live"]);
    // Polls at 0 and 5 s (the switch), then reconciles every minute.
    await h.clock.advance(75_000 - h.clock.now() + T0);
    assert.deepEqual(h.at("queueObservations"), [0, 5000, 65_000]);
    assert.deepEqual(
      h.of("status").findLast((e) => e.status.ingest === "poll")
        ?.status.push?.state,
      "connecting",
    );
    assert.deepEqual(h.at("routingActivity"), h.at("queueObservations"));
    // "Today" stays on its 30 s schedule.
    assert.deepEqual(h.at("todayAggregates"), [0, 30_000, 60_000]);
    assert.deepEqual(h.status().push, {
      state: "live",
      channels: 1,
      open: 1,
      topics: 5,
      rejectedCount: 0,
      rejected: [],
      missingPermissions: [],
      reason: null,
    });
    assert.equal(h.store.snapshots.at(-1)?.ingest, "push");
    // The planned calls count the reconciling polls (3 queues: 1 + 1 calls
    // a minute), aggregates every 30 s and the directory every 5 minutes;
    // polling would make 12 + 12 + 2 + 0.2.
    assert.equal(h.status().plan.callsPerMinute, 4.2);
    assert.equal(
      h.of("status").find((e) => e.status.ingest === "poll")?.status.plan
        .callsPerMinute,
      26.2,
    );
  } finally {
    await h.stop();
  }
});

Deno.test("push gives way to polling at once when the socket closes, and comes back", async () => {
  const h = await startPush();
  try {
    await live(h);
    await h.clock.advance(20_000);
    h.push.drop(4001, "Dropped by the test");
    await h.clock.advance(1);
    const dropAt = 30_000;
    assert.equal(h.status().ingest, "poll");
    assert.equal(h.status().push?.state, "down");
    assert.equal(
      h.status().reason,
      'Push is down (the notification socket closed with 4001 "Dropped by the test"): polling every 5000 ms carries the data',
    );
    assert.deepEqual(h.at("queueObservations").slice(-1), [dropAt]);
    assert.deepEqual(h.push.callsOf("reconnect").map((c) => c.at - T0), [
      dropAt,
    ]);
    assert.equal(h.store.snapshots.at(-1)?.ingest, "poll");
    // Reopened at once, pinged and answered at once: live again after the
    // poll that began a poll interval later.
    await h.clock.advance(10_000);
    assert.equal(h.status().ingest, "push");
    assert.deepEqual(h.at("queueObservations").slice(-2), [
      dropAt,
      dropAt + 5000,
    ]);
    assert.deepEqual(states(h), [
      "poll connecting",
      "push live",
      "poll down",
      "push live",
    ]);
    const warnings = h.lines.filter((l) => l.msg.startsWith("Push is down"));
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].level, "warn");
  } finally {
    await h.stop();
  }
});

Deno.test("push coalesces: events within PUSH_COMMIT_MS are one commit", async () => {
  const h = await startPush();
  try {
    await live(h);
    await h.clock.advance(2000);
    const before = h.commitTimes().length;
    const start = h.clock.now() - T0;
    for (let i = 0; i < 5; i++) {
      h.push.observation("q-1", "voice", [
        { metric: "oWaiting", stats: { count: i + 1 } },
      ]);
      h.push.observation(`q-${(i % 3) + 1}`, "chat", [
        { metric: "oAlerting", stats: { count: i } },
      ]);
      await h.clock.advance(COMMIT / 5);
    }
    await h.clock.advance(COMMIT);
    assert.deepEqual(h.commitTimes().slice(before), [start + COMMIT]);
    const input = h.inputs.at(-1)!.input;
    const voice = input.observations.results.find((r) =>
      r.group.queueId === "q-1" && r.group.mediaType === "voice"
    );
    assert.deepEqual(voice?.data, [{
      metric: "oWaiting",
      stats: { count: 5 },
    }]);
    // The next change waits for its own window.
    h.push.observation("q-2", "voice", [{
      metric: "oWaiting",
      stats: { count: 9 },
    }]);
    await h.clock.advance(COMMIT);
    assert.deepEqual(h.commitTimes().slice(before), [
      start + COMMIT,
      start + 2 * COMMIT + COMMIT,
    ]);
  } finally {
    await h.stop();
  }
});

Deno.test("push commits once a poll interval while nothing changes", async () => {
  const h = await startPush();
  try {
    await live(h);
    const from = h.commitTimes().length;
    await h.clock.advance(20_000);
    assert.deepEqual(h.commitTimes().slice(from), [
      15_000,
      20_000,
      25_000,
      30_000,
    ]);
    assert.equal(
      h.store.snapshots.at(-1)?.fetchedAt,
      "2026-11-27T10:00:30.000Z",
    );
  } finally {
    await h.stop();
  }
});
