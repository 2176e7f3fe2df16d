/**
 * Pollers with their real neighbours for tests: the Genesys client on the
 * in-process simulator's `fetch`, the KV snapshot store and the KV lease,
 * all on one `FakeClock`, and a driver that moves time only when every
 * poller is asleep, so each run is the same.
 *
 * @module
 */

import { createGenesysClient } from "../../src/genesys/mod.ts";
import {
  createLease,
  DEFAULT_LEASE_TTL_MS,
  type Lease,
  type PollEvent,
  runPoller,
  type RunPollerOptions,
} from "../../src/poller/mod.ts";
import type { Simulator } from "../../src/simulator/mod.ts";
import {
  buildSnapshot,
  createSnapshotStore,
  type SnapshotStore,
} from "../../src/snapshot/mod.ts";
import { setImmediate } from "node:timers";
import { type FakeClock } from "../_support/mod.ts";

/** Poll interval of every contender, ms. */
export const INTERVAL = 5000;
/** Lease TTL of every contender, ms. */
export const TTL = DEFAULT_LEASE_TTL_MS;
/** The simulator's observation route, as `/__sim/stats` counts it. */
export const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";

/** One event with the fake time it happened at. */
export interface Seen {
  at: number;
  event: PollEvent;
}

/** A poller (one "isolate") with its own client, store and lease. */
export interface Contender {
  owner: string;
  lease: Lease;
  store: SnapshotStore;
  seen: Seen[];
  /** Versions this poller committed, in order. */
  committed(): number[];
  /** Timers it waits on when idle: the cycle's and, leading, the renewal's. */
  sleepers(): number;
  /** Stops the loop and waits for it to end. */
  stop(): Promise<void>;
  running(): boolean;
}

export function contender(
  kv: Deno.Kv,
  sim: Simulator,
  clock: FakeClock,
  owner: string,
  releaseOnExit = true,
  extra: Partial<RunPollerOptions> & { ttlMs?: number } = {},
): Contender {
  const api = createGenesysClient({
    apiUrl: "http://sim.test",
    loginUrl: "http://sim.test",
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: sim.fetch,
    clock,
  });
  const store = createSnapshotStore({ kv, clock });
  const { ttlMs = TTL, ...options } = extra;
  const lease = createLease({ kv, owner, clock, ttlMs });
  const controller = new AbortController();
  const seen: Seen[] = [];
  let running = true;
  const done = runPoller({
    api,
    store,
    build: buildSnapshot,
    lease,
    clock,
    kv,
    signal: controller.signal,
    source: "simulator",
    pollIntervalMs: INTERVAL,
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
    timeZone: "UTC",
    releaseOnExit,
    ...options,
    onEvent: (event) => seen.push({ at: clock.now(), event }),
  }).finally(() => running = false);
  return {
    owner,
    lease,
    store,
    seen,
    committed: () =>
      seen.flatMap(({ event }) =>
        event.type === "committed" ? [event.version] : []
      ),
    sleepers: () =>
      seen.findLast(({ event }) =>
          ["leader", "standby", "deposed"].includes(event.type)
        )?.event.type === "leader"
        ? 2
        : 1,
    async stop() {
      controller.abort();
      await done;
    },
    running: () => running,
  };
}

/** Lets real I/O run until `count()` sleepers wait on the clock. */
async function idle(clock: FakeClock, count: () => number): Promise<void> {
  for (let round = 0; round < 200_000; round++) {
    if (clock.pending >= count()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`Cannot reach idle: ${clock.pending} of ${count()} asleep`);
}

/**
 * Moves fake time from deadline to deadline, each time only once every
 * running poller sleeps, until `predicate()` holds.
 */
export async function driveUntil(
  clock: FakeClock,
  pollers: Contender[],
  predicate: () => boolean,
  maxMs = 300_000,
): Promise<void> {
  const limit = clock.now() + maxMs;
  while (true) {
    await idle(
      clock,
      () =>
        pollers.filter((p) => p.running())
          .reduce((n, p) => n + p.sleepers(), 0),
    );
    if (predicate()) return;
    const at = clock.nextAt;
    if (at === null || at > limit) {
      throw new Error(
        `Cannot reach condition: still false after ${maxMs} ms of fake time`,
      );
    }
    await clock.tickAsync(at - clock.now());
  }
}

export async function driveFor(
  clock: FakeClock,
  pollers: Contender[],
  ms: number,
): Promise<void> {
  const end = clock.now() + ms;
  await driveUntil(clock, pollers, () => (clock.nextAt ?? Infinity) > end);
  await clock.tickAsync(end - clock.now());
}
