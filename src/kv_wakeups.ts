/**
 * Wake-ups for a follower of one KV key: at every change `kv.watch`
 * reports, and after `periodMs` without one. The period covers what the
 * watch cannot see: on local SQLite, `kv.watch` notifies only watchers in
 * the writing process (denoland/deno#21640), so a second process learns of
 * the leader's writes only by reading again; and a watch stream can stall
 * silently. Clock sleeps split long waits, so any period is safe.
 *
 * @module
 */

import type { Clock } from "./clock.ts";
import type { Logger } from "./log.ts";

/** Options of {@linkcode kvWakeups}. */
export interface KvWakeupOptions {
  kv: Deno.Kv;
  key: Deno.KvKey;
  clock: Clock;
  /** Longest wait between wake-ups, ms. */
  periodMs: number;
  /** Where a failing watch is reported. */
  log: Logger;
  /** What the key holds, for the log: e.g. "the snapshot head". */
  name: string;
}

/**
 * Yields after every change `kv.watch` reports on the key (one that came
 * while the consumer was busy included) and after `periodMs` without one,
 * reopening a watch that ends or fails. Returns once `signal` aborts or the
 * consumer stops.
 *
 * @example
 * ```ts ignore
 * for await (const _ of kvWakeups({ kv, key, clock, periodMs: 1000, log, name: "the head" }, signal)) {
 *   await reread();
 * }
 * ```
 */
export async function* kvWakeups(
  options: KvWakeupOptions,
  signal: AbortSignal,
): AsyncGenerator<void, void, undefined> {
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) inner.abort();
  const wakeup = createWakeup(options.clock);
  const following = follow(options, inner.signal, () => wakeup.fire());
  try {
    while (!inner.signal.aborted) {
      await wakeup.wait(options.periodMs, inner.signal);
      if (!inner.signal.aborted) yield;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    inner.abort();
    await following;
  }
}

interface Wakeup {
  fire(): void;
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

/** A latch: `wait` ends on `fire` (also one that came early), timeout or abort. */
function createWakeup(clock: Clock): Wakeup {
  let pending = false;
  let wake: (() => void) | null = null;
  return {
    fire() {
      if (wake) {
        const w = wake;
        wake = null;
        w();
      } else {
        pending = true;
      }
    },
    async wait(ms, signal) {
      if (pending) {
        pending = false;
        return;
      }
      if (signal.aborted) return;
      const timer = new AbortController();
      const stop = AbortSignal.any([signal, timer.signal]);
      await new Promise<void>((resolve) => {
        wake = resolve;
        try {
          clock.sleep(ms, stop).then(resolve, resolve);
        } catch {
          resolve();
        }
      });
      wake = null;
      timer.abort();
    },
  };
}

/** Follows `kv.watch` on the key until `signal` aborts, reopening it. */
async function follow(
  options: KvWakeupOptions,
  signal: AbortSignal,
  onChange: () => void,
): Promise<void> {
  while (!signal.aborted) {
    let reader: ReadableStreamDefaultReader<unknown> | null = null;
    const cancel = () => {
      reader?.cancel().catch(() => {});
    };
    signal.addEventListener("abort", cancel, { once: true });
    try {
      reader = options.kv.watch([options.key]).getReader();
      if (signal.aborted) cancel();
      while (true) {
        const { done } = await reader.read();
        if (done) break;
        onChange();
      }
    } catch (error) {
      if (!signal.aborted) {
        options.log.warn(`Cannot watch ${options.name}: reopening`, { error });
      }
    } finally {
      signal.removeEventListener("abort", cancel);
      cancel();
    }
    if (signal.aborted) break;
    // The stream ended or failed: the period covers the gap until it reopens.
    try {
      await options.clock.sleep(options.periodMs, signal);
    } catch {
      break;
    }
  }
}
