/**
 * The injected clock: every piece of code that reads time or waits takes a
 * `Clock`, so tests run on fake time.
 *
 * @module
 */

import { setTimeout as sleepTimer } from "node:timers/promises";

/** Time source and sleeper. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * Resolves after `ms` (any duration, days included), or rejects with the
   * signal's reason once it aborts.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Longest delay one timer takes: a longer `setTimeout` overflows its 32-bit
 * delay and fires after 1 ms.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** One timer wait of at most {@linkcode MAX_TIMER_MS}. */
export type TimerWait = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real clock: `Date.now()` and an abortable timer safe for any duration. */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms, signal) => sleepInSteps(ms, signal, timerWait),
  };
}

/**
 * Waits `ms` as consecutive `wait`s of at most {@linkcode MAX_TIMER_MS}
 * each, so that no single timer overflows.
 *
 * @example
 * ```ts
 * // 25 days: two waits, 2^31 − 1 ms and the rest.
 * await sleepInSteps(25 * 86_400_000, signal, (ms) => wait(ms));
 * ```
 */
export async function sleepInSteps(
  ms: number,
  signal: AbortSignal | undefined,
  wait: TimerWait,
): Promise<void> {
  let left = ms > 0 ? ms : 0;
  do {
    const step = Math.min(left, MAX_TIMER_MS);
    await wait(step, signal);
    left -= step;
  } while (left > 0);
}

/** One real timer (`node:timers/promises`); an abort rejects with its reason. */
async function timerWait(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleepTimer(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}
