/**
 * A fake clock for tests: time moves only when the test says so, and every
 * sleeper whose deadline has passed wakes in deadline order.
 *
 * @module
 */

import type { Clock } from "../../src/clock.ts";
import { settle } from "./_wait.ts";

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

/** A `Clock` whose time advances only through `tick` / `tickAsync`. */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #sleepers: Sleeper[] = [];

  constructor(start: number | string = "2026-11-27T10:00:00.000Z") {
    this.#now = typeof start === "number" ? start : Date.parse(start);
  }

  /** Current fake time, epoch ms. */
  now(): number {
    return this.#now;
  }

  /** Number of pending sleepers. */
  get pending(): number {
    return this.#sleepers.length;
  }

  /** Deadline of the earliest pending sleeper, or null. */
  get nextAt(): number | null {
    return this.#sleepers.length ? this.#sleepers[0].at : null;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = {
        at: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#sleepers.push(sleeper);
      this.#sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    });
  }

  /**
   * Advances time by `ms`, waking due sleepers one at a time and letting
   * microtasks and pending I/O run between them (so awaited work that follows
   * a wake-up can schedule its next sleep before time moves on).
   */
  async tickAsync(ms: number): Promise<void> {
    const end = this.#now + ms;
    await settle();
    while (this.#sleepers.length && this.#sleepers[0].at <= end) {
      const next = this.#sleepers.shift()!;
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
      await settle();
    }
    this.#now = end;
    await settle();
  }

  /**
   * Moves time toward `end`: to the earliest sleeper due by then, waking
   * every sleeper due at that instant (true), or to `end` when none is due
   * (false). Nothing runs meanwhile: the caller lets the woken work run.
   */
  stepTo(end: number): boolean {
    const first = this.#sleepers[0];
    if (first === undefined || first.at > end) {
      this.#now = Math.max(this.#now, end);
      return false;
    }
    this.#now = Math.max(this.#now, first.at);
    while (this.#sleepers.length && this.#sleepers[0].at <= this.#now) {
      this.#sleepers.shift()!.resolve();
    }
    return true;
  }

  /** Runs `tickAsync` in steps of `stepMs` until `predicate()` holds or `maxMs` passed. */
  async runUntil(
    predicate: () => boolean,
    { stepMs = 100, maxMs = 60_000 } = {},
  ): Promise<void> {
    let spent = 0;
    while (!predicate()) {
      if (spent >= maxMs) {
        throw new Error(
          `Cannot reach condition: still false after ${maxMs} ms of fake time`,
        );
      }
      await this.tickAsync(stepMs);
      spent += stepMs;
    }
  }
}
