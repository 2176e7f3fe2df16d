/**
 * Judging notification channels: open and heard from, quiet (ping),
 * silent, closed, expired, rejected, and not heard from yet.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { ChannelHealth } from "../../src/genesys/mod.ts";
import { judgeChannels } from "../../src/poller/_push_health.ts";

const NOW = 1_000_000;
const T = { quietMs: 2500, silentMs: 5000 };

function channel(fields: Partial<ChannelHealth> = {}): ChannelHealth {
  return {
    id: "streaming-0",
    connectUri: "wss://streaming.test/channels/streaming-0",
    topics: ["v2.analytics.queues.q1.observations"],
    rejected: [],
    open: true,
    expiresAt: NOW + 3_600_000,
    openedAt: NOW - 60_000,
    lastHeartbeatAt: null,
    lastMessageAt: NOW - 1000,
    closedAt: null,
    closeCode: null,
    closeReason: null,
    ...fields,
  };
}

Deno.test("judgeChannels: heard from within quietMs is alive; the verdict changes when it turns quiet", () => {
  const v = judgeChannels([channel()], NOW, null, T);
  assert.deepEqual(v, {
    alive: true,
    reason: null,
    pending: false,
    closed: false,
    silent: false,
    ping: false,
    rejected: [],
    changesAt: NOW - 1000 + 2500,
  });
});

Deno.test("judgeChannels: a quiet socket is pinged once per quietMs, and silent at silentMs", () => {
  const quiet = channel({ lastMessageAt: NOW - 3000 });
  assert.equal(judgeChannels([quiet], NOW, null, T).ping, true);
  // Pinged 1 s ago: no new ping; the next is due a quietMs after it, or
  // the socket goes silent first.
  const pinged = judgeChannels([quiet], NOW, NOW - 1000, T);
  assert.equal(pinged.alive, true);
  assert.equal(pinged.ping, false);
  assert.equal(pinged.changesAt, NOW + 1500);
  const silent = judgeChannels([quiet], NOW + 2000, NOW - 1000, T);
  assert.equal(silent.alive, false);
  assert.equal(silent.silent, true);
  assert.equal(silent.pending, false);
  assert.equal(
    silent.reason,
    "the notification socket sent nothing for 5000 ms",
  );
});

Deno.test("judgeChannels: a socket not heard from since it opened is pending and pinged, then silent", () => {
  const fresh = channel({ openedAt: NOW, lastMessageAt: NOW - 70_000 });
  const v = judgeChannels([fresh], NOW, null, T);
  assert.equal(v.alive, false);
  assert.equal(v.pending, true);
  assert.equal(v.ping, true);
  assert.equal(v.reason, "waiting for the first frame of the socket");
  const later = judgeChannels([fresh], NOW + 5000, NOW, T);
  assert.equal(later.silent, true);
  assert.equal(
    later.reason,
    "the notification socket sent nothing for 5000 ms after it opened",
  );
});

Deno.test("judgeChannels: closed and expired channels are to be reopened, with their close code", () => {
  const closed = channel({
    open: false,
    closedAt: NOW - 10,
    closeCode: 4001,
    closeReason: "Dropped by the simulator",
  });
  const v = judgeChannels([channel(), closed], NOW, null, T);
  assert.equal(v.alive, false);
  assert.equal(v.closed, true);
  assert.equal(v.pending, false);
  assert.equal(
    v.reason,
    'the notification socket closed with 4001 "Dropped by the simulator"',
  );
  const expired = judgeChannels([channel({ expiresAt: NOW })], NOW, null, T);
  assert.equal(expired.closed, true);
  assert.equal(expired.reason, 'notification channel "streaming-0" expired');
  assert.equal(
    judgeChannels([], NOW, null, T).reason,
    "no notification channel is open",
  );
});

Deno.test("judgeChannels: rejected topics fail the channel, naming the missing permissions first", () => {
  const rejected = channel({
    rejected: [
      {
        id: "v2.analytics.queues.q1.observations",
        state: "Rejected",
        rejectionReason: "Missing permissions",
        missingPermissions: ["analytics:queueObservation:view"],
      },
      { id: "v2.users.u9?presence", state: "Rejected" },
    ],
  });
  const v = judgeChannels([rejected], NOW, null, T);
  assert.equal(v.alive, false);
  assert.equal(v.pending, false);
  assert.equal(v.rejected.length, 2);
  assert.equal(
    v.reason,
    "Genesys rejected 2 notification topic(s) (missing permission analytics:queueObservation:view)",
  );
  const unnamed = channel({
    rejected: [{
      id: "v2.users.u9?presence",
      state: "Rejected",
      rejectionReason: "Entity not found",
    }],
  });
  assert.equal(
    judgeChannels([unnamed], NOW, null, T).reason,
    'Genesys rejected 1 notification topic(s) ("Entity not found")',
  );
});
