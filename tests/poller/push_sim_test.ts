/**
 * The push-fed leader with its real neighbours: the Genesys and
 * notification clients on the in-process simulator (sockets included), the
 * KV store and lease, on fake time.
 *
 * @module
 */

import assert from "node:assert/strict";
import { startPushRig } from "./_push.ts";

Deno.test("push on the simulator: one token for polls and channels; a revoked token is replaced for both while push stays live", async () => {
  const rig = await startPushRig({ sim: { channelLifetimeMs: 40_000 } });
  try {
    await rig.advanceUntil(() => rig.status()?.ingest === "push");
    assert.equal(rig.sim.stats().tokensIssued, 1);
    const revokedAt = rig.clock.now();
    rig.sim.setFaults({ revokeTokens: true });
    // Resubscriptions every 20 s and the reconcile of the minute all get
    // 401 once, fetch a new token and go through.
    await rig.advance(70_000);
    const stats = rig.sim.stats();
    assert.equal(stats.tokensIssued, 2);
    const after = stats.log.filter((e) =>
      e.at >= revokedAt && !e.path.startsWith("/__sim")
    );
    const renewals = after.filter((e) =>
      e.method === "PUT" && e.path.endsWith("/subscriptions")
    );
    assert.deepEqual(
      [...new Set(renewals.map((e) => e.status))].sort(),
      [200, 401],
    );
    assert.ok(renewals.filter((e) => e.status === 200).length >= 3);
    assert.ok(
      rig.seen.every(({ at, event }) =>
        at < revokedAt || event.type !== "status" ||
        event.status.ingest === "push"
      ),
      "push stayed live",
    );
  } finally {
    await rig.stop();
  }
});

Deno.test("push on the simulator: 1,000 queues and their agents are sharded over channels of 1,000 topics", async () => {
  const rig = await startPushRig({ sim: { queues: 1000, agents: 600 } });
  try {
    await rig.advanceUntil(() => rig.status()?.ingest === "push", 60_000, 1000);
    const push = rig.status()!.push!;
    assert.equal(push.channels, 2);
    assert.equal(push.open, 2);
    assert.equal(push.topics, 1600);
    assert.equal(rig.sim.stats().notifications.subscriptions, 1600);
    const latest = await rig.latest();
    assert.equal(latest.ingest, "push");
    assert.equal(Object.keys(latest.queues).length, 1000);
  } finally {
    await rig.stop();
  }
});
