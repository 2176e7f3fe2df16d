/**
 * A push-fed leader for tests: the Genesys and notification clients on the
 * in-process simulator (one token cache), the KV store and lease, all on
 * one `PollerClock`, and `advance`, which moves fake time from wake-up to
 * wake-up and lets the leader finish its work after each (5 s polls, 60 s
 * reconcile, 250 ms commits).
 *
 * @module
 */

import {
  createGenesysClient,
  createNotificationClient,
  createTokenCache,
} from "../../src/genesys/mod.ts";
import {
  createLease,
  type PollerStatus,
  type PollEvent,
  runPoller,
  type RunPollerOptions,
} from "../../src/poller/mod.ts";
import {
  createSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../src/simulator/mod.ts";
import {
  buildSnapshot,
  createSnapshotStore,
  type Snapshot,
} from "../../src/snapshot/mod.ts";
import { PollerClock, recordingLogger } from "../_support/mod.ts";

const POLL_MS = 5000;
const RECONCILE_MS = 60_000;
const COMMIT_MS = 250;

/** One event with the fake time it happened at. */
export interface Seen {
  at: number;
  event: PollEvent;
}

/** A running push-fed leader. */
export interface PushRig {
  sim: Simulator;
  clock: PollerClock;
  seen: Seen[];
  /** The latest status record the leader wrote. */
  status(): PollerStatus | null;
  /** Moves fake time by `ms`, letting the leader work after each wake-up. */
  advance(ms: number): Promise<void>;
  /** Advances in steps of `stepMs` until `predicate()` holds (at most `maxMs`). */
  advanceUntil(
    predicate: () => boolean,
    maxMs?: number,
    stepMs?: number,
  ): Promise<number>;
  /** The newest snapshot. */
  latest(): Promise<Snapshot>;
  stop(): Promise<void>;
}

/** Options of {@linkcode startPushRig}. */
export interface PushRigOptions {
  sim?: SimulatorOptions;
  poller?: Partial<RunPollerOptions>;
  /** Topics per channel of the notification client. */
  topicsPerChannel?: number;
}

/** Starts a push-fed leader on the in-process simulator. */
export async function startPushRig(
  options: PushRigOptions = {},
): Promise<PushRig> {
  const clock = new PollerClock("2026-11-27T10:00:00.000Z");
  const sim = createSimulator({ seed: 5, clock, ...options.sim });
  const kv = await Deno.openKv(":memory:");
  const hosts = {
    apiUrl: "http://sim.test",
    loginUrl: "http://sim.test",
    credentials: sim.credentials,
    fetch: sim.fetch,
    clock,
  };
  const tokenCache = createTokenCache(hosts);
  const api = createGenesysClient({ ...hosts, tokenCache });
  const notifications = createNotificationClient({
    ...hosts,
    tokenCache,
    connect: (url) => sim.connect(url),
    topicsPerChannel: options.topicsPerChannel,
  });
  const store = createSnapshotStore({ kv, clock });
  const lease = createLease({ kv, owner: "push-leader", clock });
  const log = recordingLogger();
  const seen: Seen[] = [];
  const controller = new AbortController();
  const done = runPoller({
    api,
    store,
    build: buildSnapshot,
    lease,
    kv,
    clock,
    log: log.log,
    signal: controller.signal,
    source: "simulator",
    pollIntervalMs: POLL_MS,
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
    timeZone: "UTC",
    push: {
      notifications,
      reconcileIntervalMs: RECONCILE_MS,
      commitMs: COMMIT_MS,
    },
    ...options.poller,
    onEvent: (event) => seen.push({ at: clock.now(), event }),
  });

  const advance = (ms: number) => clock.advance(ms);

  const rig: PushRig = {
    sim,
    clock,
    seen,
    status() {
      for (let i = seen.length - 1; i >= 0; i--) {
        const { event } = seen[i];
        if (event.type === "status") return event.status;
      }
      return null;
    },
    advance,
    async advanceUntil(predicate, maxMs = 300_000, stepMs = 250) {
      const start = clock.now();
      while (!predicate()) {
        if (clock.now() - start >= maxMs) {
          throw new Error(
            `Cannot reach condition: still false after ${maxMs} ms of fake time`,
          );
        }
        await advance(stepMs);
      }
      return clock.now() - start;
    },
    async latest() {
      const snapshot = await store.latest();
      if (snapshot === null) throw new Error("Cannot read snapshot: none yet");
      return snapshot;
    },
    async stop() {
      controller.abort();
      await done;
      sim.close();
      kv.close();
    },
  };
  await clock.pollerAsleep();
  return rig;
}
