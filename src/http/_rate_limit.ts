/**
 * A token bucket per key (remote address) for the WebSocket connection rate.
 *
 * @module
 */

import type { Clock } from "../clock.ts";

/** Connection-rate settings: sustained rate and burst size. */
export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: connections allowed at once after a quiet spell. */
  burst: number;
}

/** Takes one token per attempt; false = over the limit. */
export interface RateLimiter {
  take(key: string): boolean;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Keys tracked at most; beyond it, full buckets are forgotten first. */
const MAX_KEYS = 10_000;

/** Creates a token-bucket limiter; throws `RangeError` on a bad setting. */
export function createRateLimiter(
  limit: RateLimit,
  clock: Clock,
  maxKeys = MAX_KEYS,
): RateLimiter {
  if (!(limit.perSecond > 0) || !Number.isFinite(limit.perSecond)) {
    throw new RangeError(
      `Cannot create rate limiter: perSecond must be a positive number, got ${limit.perSecond}`,
    );
  }
  if (!(limit.burst >= 1) || !Number.isFinite(limit.burst)) {
    throw new RangeError(
      `Cannot create rate limiter: burst must be at least 1, got ${limit.burst}`,
    );
  }
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, now: number): void {
    const added = (Math.max(0, now - bucket.at) / 1000) * limit.perSecond;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + added);
    bucket.at = now;
  }

  function sweep(now: number): void {
    for (const [key, bucket] of buckets) {
      refill(bucket, now);
      if (bucket.tokens >= limit.burst) buckets.delete(key);
    }
    while (buckets.size >= maxKeys) {
      buckets.delete(buckets.keys().next().value!);
    }
  }

  return {
    take(key) {
      const now = clock.now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) sweep(now);
        bucket = { tokens: limit.burst, at: now };
        buckets.set(key, bucket);
      }
      refill(bucket, now);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
