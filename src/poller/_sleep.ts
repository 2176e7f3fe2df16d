/**
 * Sleeping until a deadline on the injected clock (private), in pieces a
 * timer can take: `setTimeout` fires at once beyond 2^31 − 1 ms.
 *
 * @module
 */

import type { Clock } from "../clock.ts";

/** The longest single timer, ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sleeps until `deadline` (epoch ms); rejects once `signal` aborts. */
export async function sleepUntil(
  clock: Clock,
  deadline: number,
  signal: AbortSignal,
): Promise<void> {
  signal.throwIfAborted();
  for (
    let left = deadline - clock.now();
    left > 0;
    left = deadline - clock.now()
  ) {
    await clock.sleep(Math.min(left, MAX_TIMER_MS), signal);
  }
}
