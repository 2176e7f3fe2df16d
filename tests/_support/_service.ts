/**
 * One queuepulse isolate started in-process for end-to-end tests:
 * `startService` on a fake clock and a `:memory:` KV, served by a real
 * `Deno.serve` on a free port, driven one poll at a time.
 *
 * @module
 */

import { loadConfig } from "../../src/config.ts";
import { type Logger, silentLogger } from "../../src/log.ts";
import { type Service, startService } from "../../src/service.ts";
import {
  createSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../src/simulator/mod.ts";
import { FakeClock } from "./_fake_clock.ts";
import { guard, GUARD_MS } from "./_wait.ts";
import type { Msg } from "./_view.ts";

/** Start of fake time in the in-process tests. */
export const T0 = "2026-11-27T10:00:00.000Z";

const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";

/** Options of {@linkcode startTestService}. */
export interface TestServiceOptions {
  /** Simulator seed; default 1. */
  seed?: number;
  /** Other simulator options (heartbeats, channel lifetime, org size). */
  sim?: Omit<SimulatorOptions, "seed" | "clock">;
  /**
   * Environment on top of `KV_PATH=:memory:`, `POLL_INTERVAL_MS=1000` and
   * `GENESYS_NOTIFICATIONS=false` (these tests drive one poll at a time;
   * the push tests turn it on).
   */
  env?: Record<string, string>;
  /** Called with the simulator before the service starts. */
  prepare?: (sim: Simulator) => void;
  /** KV to use instead of `KV_PATH` (the caller closes it). */
  kv?: Deno.Kv;
  /** Logger; default silent. */
  log?: Logger;
}

/** The `isolate` label of the in-process isolate's metrics. */
export const TEST_ISOLATE = "e2e00001";

/** One in-process isolate served on a free port. */
export interface TestService {
  service: Service;
  sim: Simulator;
  clock: PollerClock;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** `ws://127.0.0.1:<port>/ws` */
  wsUrl: string;
  /** GET `path` and parse the JSON body (any status). */
  getJson(
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Msg }>;
  /**
   * Moves fake time to the poller's next wake-up, lets that cycle finish
   * and resolves to the version it committed. Time never moves while a
   * cycle runs, so each call commits exactly one version.
   */
  startNextPoll(): Promise<number>;
  /** Shuts the service down (1001 to clients), then the server. */
  close(): Promise<void>;
}

/**
 * A `FakeClock` that knows when the poller sleeps: a sleep called from the
 * poller room (found by its call stack) is remembered with its deadline
 * until it ends. Tests move time only while the poller sleeps, so a poll
 * cycle never overlaps a tick. A poller waiting on the simulator's answer
 * delay (the `latencyMs` fault) counts as asleep once every call of its
 * cycle waits.
 */
export class PollerClock extends FakeClock {
  /** Deadlines of the poller's pending sleeps (several run at once in a cycle). */
  #pollerSleeps = new Map<Promise<void>, number>();
  /** Deadlines of the simulator's pending answer delays. */
  #answerDelays = new Map<Promise<void>, number>();

  /** Earliest deadline of the poller's pending sleeps, or null while it works. */
  get pollerWakeAt(): number | null {
    return earliest(this.#pollerSleeps);
  }

  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const sleeping = super.sleep(ms, signal);
    const waits = this.#waitsOf(new Error().stack ?? "");
    if (waits === null) return sleeping;
    waits.set(sleeping, this.now() + Math.max(0, ms));
    const clear = () => waits.delete(sleeping);
    sleeping.then(clear, clear);
    return sleeping;
  }

  /**
   * Moves fake time by `ms` from wake-up to wake-up, and after each lets
   * the poller work until it sleeps again, so a push-fed leader sees every
   * event and timer at its own time.
   */
  async advance(ms: number): Promise<void> {
    const end = this.now() + ms;
    await this.pollerAsleep();
    // Each wake-up's microtasks (the simulator's messages) run in the turn
    // pollerAsleep() waits first; then the poller works until it sleeps.
    while (this.stepTo(end)) await this.pollerAsleep();
  }

  /**
   * Lets real I/O run until the poller sleeps, or waits only on answer
   * delays that stayed the same for a few turns (guarded in real time).
   * Resolves to the earliest deadline it waits for.
   */
  async pollerAsleep(): Promise<number> {
    // A sleeper woken just now leaves the map in a microtask: one macrotask
    // turn first, so a deadline that already passed is not taken for a rest.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const deadline = Date.now() + GUARD_MS;
    for (let quiet = 0, delays = 0;;) {
      const wake = this.pollerWakeAt;
      if (wake !== null) return wake;
      quiet = this.#answerDelays.size === delays ? quiet + 1 : 0;
      delays = this.#answerDelays.size;
      if (delays > 0 && quiet >= QUIET_TURNS) {
        return earliest(this.#answerDelays)!;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Cannot see the poller sleep: nothing after ${GUARD_MS} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** Which waits a sleep called with `stack` belongs to, if any. */
  #waitsOf(stack: string): Map<Promise<void>, number> | null {
    const caller = stack.split("\n")[2] ?? "";
    if (caller.includes("/src/simulator/")) return this.#answerDelays;
    // The lease keeper renews in the background (src/poller/_renew.ts): its
    // sleeps between renewals are not the poller's rest between cycles. The
    // pause before retrying a failed renewal is waited for by the poller's
    // next fenced write, so it counts as the poller's. The status follower's
    // re-reads (src/poller/status.ts) are every isolate's, not the poller's.
    const fromPoller = stack.includes("/src/poller/") &&
      !stack.includes("/src/poller/status.ts") &&
      (!stack.includes("/src/poller/_renew.ts") ||
        caller.includes("renewQuietly"));
    return fromPoller ? this.#pollerSleeps : null;
  }
}

/** Turns without a new answer delay before the poller counts as waiting. */
const QUIET_TURNS = 10;

function earliest(waits: Map<Promise<void>, number>): number | null {
  let at: number | null = null;
  for (const deadline of waits.values()) {
    if (at === null || deadline < at) at = deadline;
  }
  return at;
}

/**
 * Starts `startService` in-process on a `FakeClock` with a `:memory:` KV
 * and serves it with `Deno.serve` on 127.0.0.1 and a free port.
 */
export async function startTestService(
  options: TestServiceOptions = {},
): Promise<TestService> {
  const clock = new PollerClock(T0);
  const sim = createSimulator({
    ...options.sim,
    seed: options.seed ?? 1,
    clock,
  });
  options.prepare?.(sim);
  const env: Record<string, string> = {
    KV_PATH: ":memory:",
    POLL_INTERVAL_MS: "1000",
    GENESYS_NOTIFICATIONS: "false",
    ...options.env,
  };
  const config = loadConfig({ get: (name) => env[name] });
  const service = await startService(config, {
    clock,
    simulator: sim,
    kv: options.kv,
    log: options.log ?? silentLogger(),
    page: "<!doctype html><title>queuepulse</title>",
    isolate: TEST_ISOLATE,
  });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    service.fetch,
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const observations = () => sim.stats().requests[OBSERVATIONS] ?? 0;
  let closing: Promise<void> | null = null;
  return {
    service,
    sim,
    clock,
    base,
    wsUrl: `ws://127.0.0.1:${server.addr.port}/ws`,
    async getJson(path, headers = {}) {
      const res = await guard(fetch(base + path, { headers }), `GET ${path}`);
      return { status: res.status, body: await res.json() };
    },
    async startNextPoll() {
      // Each cycle makes one observation call (12 queues) and commits one
      // version; the KV starts empty, so cycle n commits version n.
      const target = observations() + 1;
      for (let wakes = 0; observations() < target; wakes++) {
        if (wakes === 100) {
          throw new Error("Cannot start the next poll: the poller is stuck");
        }
        const at = await clock.pollerAsleep();
        if (observations() >= target) break;
        await clock.tickAsync(at - clock.now());
      }
      // Let the cycle finish: the poller sleeps again once it committed.
      await clock.pollerAsleep();
      return target;
    },
    close() {
      closing ??= (async () => {
        await guard(service.shutdown(), "shut the service down");
        await server.shutdown();
      })();
      return closing;
    },
  };
}
