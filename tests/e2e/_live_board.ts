/**
 * A real queuepulse isolate for the wallboard browser tests: the in-process
 * simulator on a fake clock, the real page and boards, served on 127.0.0.1.
 * It can be shut down and started again on the same port, KV, simulator and
 * clock: a server restart as a screen sees it.
 *
 * @module
 */

import type { Board } from "../../src/boards/mod.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { type Service, startService } from "../../src/service.ts";
import { createSimulator, type Simulator } from "../../src/simulator/mod.ts";
import { guard, PollerClock, T0 } from "../_support/mod.ts";

export { T0 };

const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";

/** Options of {@linkcode startLiveBoard}. */
export interface LiveBoardOptions {
  /** Boards of the `BOARDS` file. */
  boards?: Board[];
  /** Environment on top of `POLL_INTERVAL_MS=5000` and `GENESYS_NOTIFICATIONS=false`. */
  env?: Record<string, string>;
}

/** A running isolate and the fake world behind it. */
export interface LiveBoard {
  /** `http://127.0.0.1:<port>` */
  base: string;
  sim: Simulator;
  clock: PollerClock;
  /** Runs the poller's next cycle (fake time moves to its wake-up). */
  nextPoll(): Promise<void>;
  /** Moves fake time on by `ms`, letting every sleeper due run. */
  advance(ms: number): Promise<void>;
  /** Shuts the isolate down (1001 to screens) and stops serving. */
  stop(): Promise<void>;
  /** Serves a fresh isolate on the same port, KV, simulator and clock. */
  restart(): Promise<void>;
  /** Stops everything, KV included. */
  close(): Promise<void>;
}

/** Starts the isolate; the first poll has committed when it resolves. */
export async function startLiveBoard(
  options: LiveBoardOptions = {},
): Promise<LiveBoard> {
  const clock = new PollerClock(T0);
  const sim = createSimulator({ seed: 1, clock });
  const kv = await Deno.openKv(":memory:");
  const page = await Deno.readTextFile(
    new URL("../../web/index.html", import.meta.url),
  );
  const env: Record<string, string> = {
    POLL_INTERVAL_MS: "5000",
    // The board is driven one poll at a time (push: tests/e2e/push_*).
    GENESYS_NOTIFICATIONS: "false",
    ...options.env,
  };
  const config = loadConfig({ get: (name) => env[name] });
  const observations = () => sim.stats().requests[OBSERVATIONS] ?? 0;
  let service: Service | null = null;
  let server: Deno.HttpServer<Deno.NetAddr> | null = null;
  let port = 0;

  async function serve(): Promise<void> {
    service = await startService(config, {
      clock,
      kv,
      simulator: sim,
      log: silentLogger(),
      page,
      boards: options.boards,
    });
    server = Deno.serve(
      { port, hostname: "127.0.0.1", onListen() {} },
      service.fetch,
    );
    port = server.addr.port;
    await nextPoll();
  }

  async function nextPoll(): Promise<void> {
    const target = observations() + 1;
    for (let wakes = 0; observations() < target; wakes++) {
      if (wakes === 100) throw new Error("Cannot poll: the poller is stuck");
      const at = await clock.pollerAsleep();
      if (observations() >= target) break;
      await clock.tickAsync(at - clock.now());
    }
    await clock.pollerAsleep();
  }

  async function stop(): Promise<void> {
    if (service) await guard(service.shutdown(), "shut the service down");
    if (server) await server.shutdown();
    service = null;
    server = null;
  }

  await serve();
  return {
    base: `http://127.0.0.1:${port}`,
    sim,
    clock,
    nextPoll,
    async advance(ms) {
      const until = clock.now() + ms;
      while (clock.now() < until) {
        const at = await clock.pollerAsleep();
        await clock.tickAsync(Math.min(at, until) - clock.now());
      }
    },
    stop,
    restart: serve,
    async close() {
      await stop();
      kv.close();
    },
  };
}
