/**
 * The push ingest's channels on fakes: rejected topics, renewal at half
 * the lifetime, failing opens, silent sockets and the agent topics.
 *
 * @module
 */

import assert from "node:assert/strict";
import { GenesysApiError } from "../../src/genesys/mod.ts";
import { live, RECONCILE, startPush, states, T0 } from "./_fake_push.ts";

const VIEW = "analytics:queueObservation:view";
const QUEUE_TOPIC = /^v2\.analytics\.queues\./;

Deno.test("push: rejected topics name the missing permission once, polling carries the data, and they are asked again every minute", async () => {
  const h = await startPush((push) => {
    push.reject = (topic) =>
      QUEUE_TOPIC.test(topic)
        ? {
          id: topic,
          state: "Rejected",
          rejectionReason: "Missing permissions",
          missingPermissions: [VIEW],
        }
        : null;
  });
  try {
    await h.clock.advance(30_000);
    const status = h.status();
    assert.equal(status.ingest, "poll");
    assert.equal(status.push?.state, "down");
    assert.equal(status.push?.rejectedCount, 3);
    assert.deepEqual(status.push?.missingPermissions, [VIEW]);
    assert.deepEqual(status.push?.rejected[0], {
      topic: "v2.analytics.queues.q-1.observations",
      reason: "Missing permissions",
    });
    assert.equal(
      status.reason,
      `Push is down (Genesys rejected 3 notification topic(s) (missing permission ${VIEW})): polling every 5000 ms carries the data`,
    );
    const errors = h.lines.filter((l) => l.level === "error");
    assert.deepEqual(errors.map((l) => l.msg), [
      `Cannot subscribe notification topics: Genesys rejected 3 notification topic(s) (missing permission ${VIEW})`,
    ]);
    assert.deepEqual(
      (errors[0].fields as { missingPermissions: string[] }).missingPermissions,
      [VIEW],
    );
    assert.deepEqual(h.at("queueObservations"), [
      0,
      5000,
      10_000,
      15_000,
      20_000,
      25_000,
      30_000,
    ]);
    // The role gets the permission: the next recheck, a minute after the
    // rejection, subscribes everything; push takes over a poll later.
    h.push.reject = () => null;
    await h.clock.advance(40_000);
    assert.deepEqual(h.push.callsOf("renew").map((c) => c.at - T0), [60_000]);
    assert.equal(h.status().ingest, "push");
    assert.deepEqual(h.status().push?.missingPermissions, []);
    assert.equal(
      h.lines.filter((l) => l.level === "error").length,
      1,
      "one error line",
    );
    assert.ok(
      h.lines.some((l) =>
        l.msg === "Genesys permits every notification topic again"
      ),
    );
  } finally {
    await h.stop();
  }
});

Deno.test("push: channels are resubscribed at half their lifetime", async () => {
  const h = await startPush((push) => push.lifetimeMs = 20 * 60_000);
  try {
    await h.clock.advance(35 * 60_000);
    assert.deepEqual(
      h.push.callsOf("renew").map((c) => (c.at - T0) / 60_000),
      [10, 20, 30],
    );
    assert.equal(h.status().ingest, "push");
    assert.deepEqual(states(h), ["poll connecting", "push live"]);
  } finally {
    await h.stop();
  }
});

Deno.test("push: a channel that cannot be opened is tried again after a poll interval, then twice as long", async () => {
  const down = () =>
    new GenesysApiError("Cannot open channel: 503", {
      status: 503,
      code: "service.unavailable",
    });
  const h = await startPush((push) => push.fail("open", down(), down()));
  try {
    await h.clock.advance(30_000);
    assert.deepEqual(
      h.push.callsOf("open").map((c) => c.at - T0),
      [0, 5000, 15_000],
    );
    assert.deepEqual(states(h), [
      "poll connecting",
      "poll down",
      "push live",
    ]);
    const warnings = h.lines.filter((l) =>
      l.msg === "Cannot open notification channels: retrying"
    );
    assert.equal(warnings.length, 1);
    // Live after the poll a poll interval after the open at 15 s.
    assert.equal(
      h.of("status").find((e) => e.status.ingest === "push")!.status.updatedAt,
      "2026-11-27T10:00:20.000Z",
    );
  } finally {
    await h.stop();
  }
});

Deno.test("push: a channel call refused with 429 waits out its Retry-After", async () => {
  const limited = new GenesysApiError("Cannot open channel: 429", {
    status: 429,
    code: "too.many.requests.retry.after",
    retryAfterMs: 42_000,
  });
  const h = await startPush((push) => push.fail("open", limited));
  try {
    await h.clock.advance(60_000);
    assert.deepEqual(
      h.push.callsOf("open").map((c) => c.at - T0),
      [0, 42_000],
    );
    assert.equal(h.status().ingest, "push");
  } finally {
    await h.stop();
  }
});

Deno.test("push: a socket silent for a poll interval gives way to polling and is replaced", async () => {
  const h = await startPush();
  try {
    await live(h);
    h.push.answerPings = false;
    await h.clock.advance(10_000);
    // The last frame was the pong of 7.5 s: pinged at 12.5 s without an
    // answer, silent at 15 s: polled and replaced at once. The new socket
    // is silent too: replaced after a poll interval, then after two.
    assert.equal(h.status().ingest, "poll");
    assert.equal(h.status().push?.state, "down");
    assert.equal(
      h.status().push?.reason,
      "the notification socket sent nothing for 5000 ms after it opened",
    );
    assert.deepEqual(h.push.callsOf("open").map((c) => c.at - T0), [
      0,
      15_000,
      20_000,
    ]);
    assert.deepEqual(h.at("queueObservations").slice(-2), [15_000, 20_000]);
    // Pings answered again: the socket of 20 s answers the ping of 22.5 s,
    // and push takes over at the poll of 30 s.
    h.push.answerPings = true;
    await h.clock.advance(10_000);
    assert.equal(h.push.callsOf("open").length, 3);
    assert.equal(h.status().ingest, "push");
    assert.equal(
      h.of("status").find((e) =>
        e.status.ingest === "push" &&
        Date.parse(e.status.updatedAt) > T0 + 20_000
      )?.status.updatedAt,
      "2026-11-27T10:00:30.000Z",
    );
  } finally {
    await h.stop();
  }
});

Deno.test("push: agent topics follow the agents of the reconciling polls", async () => {
  const h = await startPush();
  try {
    await live(h);
    h.api.agentIds = ["u-2", "u-3"];
    await h.clock.advance(RECONCILE);
    const calls = h.push.callsOf("setTopics");
    assert.deepEqual(calls.map((c) => c.at - T0), [65_000]);
    assert.deepEqual(calls[0].topics?.slice(3), [
      "v2.users.u-2?presence&routingStatus",
      "v2.users.u-3?presence&routingStatus",
    ]);
    assert.deepEqual(h.api.callsOf("getUsers").map((c) => c.ids), [
      ["u-1", "u-2"],
      ["u-3"],
    ]);
    assert.equal(h.status().ingest, "push");
  } finally {
    await h.stop();
  }
});
