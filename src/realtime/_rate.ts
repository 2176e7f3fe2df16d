/**
 * A token bucket for client messages, on the injected clock.
 *
 * @module
 */

import type { Clock } from "../clock.ts";

/** Allowed message rate of one connection. */
export interface MessageRate {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: messages allowed in a burst. */
  burst: number;
}

/** A token bucket; `take()` is true when a message may be processed. */
export interface TokenBucket {
  take(): boolean;
}

/** Creates a full bucket of `rate.burst` tokens refilled at `rate.perSecond`. */
export function createTokenBucket(
  rate: MessageRate,
  clock: Clock,
): TokenBucket {
  let tokens = rate.burst;
  let last = clock.now();
  return {
    take() {
      const now = clock.now();
      if (now > last) {
        tokens = Math.min(
          rate.burst,
          tokens + ((now - last) * rate.perSecond) / 1000,
        );
        last = now;
      }
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
