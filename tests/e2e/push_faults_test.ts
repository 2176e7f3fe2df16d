/**
 * Push end to end under each notification fault of the simulator: the
 * service falls back to polling within one poll interval of the fault
 * taking effect, comes back to push by itself, every screen frame follows
 * on from the one before (`prev` unbroken), and the screen ends equal to a
 * fresh poll of the simulator.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { SimFaults, Simulator } from "../../src/simulator/mod.ts";
import {
  assertScreenEqualsFreshPoll,
  ingestOf,
  observationCalls,
  openScreen,
  POLL_MS,
  startPushService,
  untilIngest,
} from "./_push.ts";
import { type TestService } from "../_support/mod.ts";

const VIEW = "analytics:queueObservation:view";
/** A short channel lifetime: resubscribed (renewed) every 20 s. */
const LIFETIME_MS = 40_000;

interface Fault {
  faults: SimFaults;
  /** Fake ms the fault lasts. */
  forMs: number;
  /** When the fault takes effect for the service, given when it was set. */
  effectAt?: (sim: Simulator, setAt: number) => number;
}

/** The last subscription call answered at or before `at`, then `+ ms`. */
function lastSubscribe(sim: Simulator, at: number): number {
  return sim.stats().log.findLast((e) =>
    e.at <= at && e.method === "PUT" && e.path.endsWith("/subscriptions") &&
    e.status === 200
  )!.at;
}

async function fallsBackAndRecovers(
  svc: TestService,
  fault: Fault,
): Promise<void> {
  const screen = await openScreen(svc);
  try {
    await untilIngest(svc, "push");
    await svc.clock.advance(3000);
    const setAt = svc.clock.now();
    svc.sim.setFaults(fault.faults);
    await untilIngest(svc, "poll", 120_000);
    const effectAt = fault.effectAt?.(svc.sim, setAt) ?? setAt;
    const fallback = observationCalls(svc.sim, effectAt)[0];
    assert.ok(
      fallback - effectAt <= POLL_MS,
      `polled ${fallback - effectAt} ms after the fault took effect`,
    );
    const left = setAt + fault.forMs - svc.clock.now();
    if (left > 0) await svc.clock.advance(left);
    svc.sim.clearFaults();
    const clearedAt = svc.clock.now();
    await untilIngest(svc, "push", 180_000);
    assert.ok(svc.clock.now() - clearedAt <= 120_000);
    await assertScreenEqualsFreshPoll(svc, screen);
    // Every version the screen got followed on from the one before.
    assert.equal(screen.broken, null);
    const versions = screen.updates().map(({ msg }) => msg.version);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    assert.equal(new Set(versions).size, versions.length);
    const { body } = await svc.getJson("/api/v1/snapshot?agents=true");
    assert.equal(body.version, screen.view!.version);
  } finally {
    await screen.close();
  }
}

Deno.test("push faults: dropped sockets", async () => {
  const svc = await startPushService({ seed: 6 });
  try {
    await fallsBackAndRecovers(svc, {
      faults: { dropSockets: true },
      forMs: 1000,
    });
  } finally {
    await svc.close();
  }
});

Deno.test("push faults: silent sockets", async () => {
  const svc = await startPushService({ seed: 7 });
  try {
    await fallsBackAndRecovers(svc, {
      faults: { silentSockets: true },
      forMs: 30_000,
    });
  } finally {
    await svc.close();
  }
});

Deno.test("push faults: notifications down", async () => {
  const svc = await startPushService({ seed: 8 });
  try {
    await fallsBackAndRecovers(svc, {
      faults: { notificationsDown: true },
      forMs: 45_000,
    });
  } finally {
    await svc.close();
  }
});

Deno.test("push faults: a channel that expires because Genesys refused its renewal", async () => {
  const svc = await startPushService({
    seed: 9,
    sim: { channelLifetimeMs: LIFETIME_MS },
  });
  try {
    await fallsBackAndRecovers(svc, {
      // Every call fails for a minute: the renewals too, so the channel
      // reaches its end (socket_closing, then the close) and polling takes
      // over the moment it does (its calls failing until Genesys answers).
      faults: { outage: true },
      forMs: 60_000,
      effectAt: (sim, setAt) => lastSubscribe(sim, setAt) + LIFETIME_MS,
    });
  } finally {
    await svc.close();
  }
});

Deno.test("push faults: topics rejected for a missing permission", async () => {
  const svc = await startPushService({
    seed: 10,
    sim: { channelLifetimeMs: LIFETIME_MS },
  });
  try {
    await fallsBackAndRecovers(svc, {
      // The role loses the permission: the next resubscription (at most
      // 20 s later) rejects every queue topic. Polling takes over at once,
      // though Genesys refuses its observations too until the role has
      // the permission again.
      faults: { missingPermissions: [VIEW] },
      forMs: 30_000,
      effectAt: (sim, setAt) => {
        const renewed = sim.stats().log.find((e) =>
          e.at > setAt && e.method === "PUT"
        );
        return Math.min(renewed!.at, observationCalls(sim, setAt)[0]);
      },
    });
    assert.equal(await ingestOf(svc), "push");
  } finally {
    await svc.close();
  }
});
