/**
 * Per-token fixed 60-s windows, as Genesys reports them in the
 * `inin-ratelimit-*` headers (genesys-api.md §6).
 *
 * @module
 */

import type { Clock } from "../clock.ts";

/** The outcome of counting one request. */
export interface RateDecision {
  /** Requests in the current window, this one included. */
  count: number;
  allowed: number;
  /** Whole seconds until the window resets (at least 1). */
  resetSeconds: number;
  /** True when `count` exceeds `allowed`: answer 429. */
  limited: boolean;
}

/** Counts requests per key in fixed windows. */
export interface RateLimiter {
  hit(key: string, allowed: number): RateDecision;
}

/** Length of a rate-limit window. */
export const WINDOW_MS = 60_000;
const PRUNE_AT = 10_000;

/** Creates a limiter whose windows start at a key's first request. */
export function createRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, allowed) {
      const now = clock.now();
      let w = windows.get(key);
      if (!w || now >= w.start + WINDOW_MS) {
        if (windows.size >= PRUNE_AT) {
          for (const [k, old] of windows) {
            if (now >= old.start + WINDOW_MS) windows.delete(k);
          }
        }
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return {
        count: w.count,
        allowed,
        resetSeconds: Math.max(
          1,
          Math.ceil((w.start + WINDOW_MS - now) / 1000),
        ),
        limited: w.count > allowed,
      };
    },
  };
}
