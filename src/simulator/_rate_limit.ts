/**
 * Per-token fixed 60-s windows and the normalized 429 Genesys answers when
 * a window is used up. Like Genesys since 2021, nothing about the window is
 * sent on ordinary answers (no `inin-ratelimit-*` headers): a client learns
 * the limit only from a 429, its `Retry-After` and the body's `limit`.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { ErrorBody } from "../genesys/mod.ts";
import { errorBody } from "./_errors.ts";

/** The outcome of counting one request. */
export interface RateDecision {
  /** True when the window's allowance is used up: answer 429. */
  limited: boolean;
  /** Whole seconds until the window resets (at least 1). */
  retryAfterSeconds: number;
}

/** Counts requests per key in fixed windows. */
export interface RateLimiter {
  hit(key: string, allowed: number): RateDecision;
}

/** Length of a rate-limit window. */
export const WINDOW_MS = 60_000;
/** `limit.key` of the 429 body: the per-token limit of client credentials. */
export const LIMIT_KEY = "client.credentials.token.rate.per.minute";
/** `limit.namespace` of the 429 body. */
export const LIMIT_NAMESPACE = "platform.api";
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
        limited: w.count > allowed,
        retryAfterSeconds: Math.max(
          1,
          Math.ceil((w.start + WINDOW_MS - now) / 1000),
        ),
      };
    },
  };
}

/**
 * The normalized 429 body: the exact message Genesys sends, then the
 * optional `limit` object naming the limit and its value.
 */
export function rateLimitedBody(
  retryAfterSeconds: number,
  allowed: number,
  contextId: string,
): ErrorBody {
  return {
    ...errorBody(
      429,
      "too.many.requests.retry.after",
      `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
      contextId,
    ),
    limit: { key: LIMIT_KEY, namespace: LIMIT_NAMESPACE, value: allowed },
  };
}
