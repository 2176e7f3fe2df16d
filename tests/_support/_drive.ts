/**
 * Drives an in-process service through fake time for fault tests: time
 * jumps from one timer deadline to the next, only while the poller sleeps,
 * and only after the isolate caught up with KV (every watcher saw the
 * newest status record and head, the hub holds the newest version) and
 * every screen received what was sent to it. Events therefore happen at
 * exact fake times, the same on every run.
 *
 * @module
 */

import type { TestService } from "./_service.ts";
import type { FaultyKv } from "./_faulty_kv.ts";
import type { WsClient } from "./_ws_client.ts";

const HEAD: Deno.KvKey = ["qp", "head"];

/** Moves fake time for one service. */
export interface Driver {
  /** Screens synced after every step. */
  readonly screens: WsClient[];
  /** Waits until the isolate and every screen caught up (no time passes). */
  caughtUp(): Promise<void>;
  /** Runs fake time for `ms`, step by step. */
  runFor(ms: number): Promise<void>;
  /** Runs fake time until `done()` holds after a step (at most `maxMs`). */
  runUntil(done: () => boolean, maxMs?: number): Promise<void>;
}

/** A driver of `svc`, whose KV is `faulty`. */
export function driver(svc: TestService, faulty: FaultyKv): Driver {
  const { clock } = svc;
  const screens: WsClient[] = [];

  /** The newest version the hub was seen to hold. */
  let seen = 0;

  async function hubAtHead(): Promise<void> {
    const head = (await faulty.kv.get<{ version: number }>(HEAD)).value;
    if (head === null || head.version === seen) return;
    const deadline = Date.now() + 10_000;
    while (true) {
      const { body } = await svc.getJson("/api/v1/snapshot");
      if (body.version === head.version) {
        seen = head.version;
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Cannot see version ${head.version} in the hub: nothing after 10000 ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  async function caughtUp(): Promise<void> {
    await clock.pollerAsleep();
    await faulty.watchersCaughtUp();
    await hubAtHead();
    await Promise.all(screens.map((s) => s.sync()));
  }

  /** One step: to the next deadline of any timer, if it is at or before `end`. */
  async function step(end: number): Promise<boolean> {
    const at = clock.nextAt;
    if (at === null || at > end) return false;
    clock.stepTo(at);
    await caughtUp();
    return true;
  }

  return {
    screens,
    caughtUp,
    async runFor(ms) {
      const end = clock.now() + ms;
      await caughtUp();
      while (await step(end));
      await clock.tickAsync(end - clock.now());
      await caughtUp();
    },
    async runUntil(done, maxMs = 120_000) {
      const end = clock.now() + maxMs;
      await caughtUp();
      while (!done()) {
        if (!(await step(end))) {
          throw new Error(
            `Cannot reach condition: still false after ${maxMs} ms of fake time`,
          );
        }
      }
    },
  };
}
