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
  /** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now()` and an abortable timer. */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    sleep: async (ms, signal) => {
      await sleepTimer(ms, undefined, signal ? { signal } : undefined);
    },
  };
}
