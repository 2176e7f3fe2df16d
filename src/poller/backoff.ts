/**
 * Retry timing: full-jitter exponential backoff for transient failures and
 * the server's own wait for 429s.
 *
 * Full jitter (a random delay in `[0, min(cap, base · 2^attempt)]`) spreads
 * retries of many clients; Genesys answers 429 with `Retry-After` in seconds
 * (genesys-api.md §6), which the client turns into `retryAfterMs`.
 *
 * @module
 */

import { errorInfo } from "./_error_info.ts";

/** Options of {@linkcode fullJitterBackoff} and {@linkcode retryDelay}. */
export interface BackoffOptions {
  /** Delay ceiling of attempt 0, ms. Default 1000. */
  baseMs?: number;
  /** Largest delay ceiling, ms. Default 30 000. */
  capMs?: number;
  /** Uniform random source in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** Wait after a 429 that carries no usable `retryAfterMs`. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * A random delay in `[0, min(capMs, baseMs · 2^attempt)]`, whole ms.
 *
 * @example
 * ```ts
 * const delay = fullJitterBackoff(3, { baseMs: 1000, capMs: 30_000 });
 * // 0 ≤ delay ≤ 8000
 * ```
 */
export function fullJitterBackoff(
  attempt: number,
  options: BackoffOptions = {},
): number {
  const { baseMs = 1000, capMs = 30_000, random = Math.random } = options;
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(
      `Cannot compute backoff: attempt must be a non-negative integer, got ${attempt}`,
    );
  }
  if (!(baseMs > 0) || !(capMs > 0)) {
    throw new RangeError(
      `Cannot compute backoff: baseMs and capMs must be positive, got ${baseMs} and ${capMs}`,
    );
  }
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(r * ceiling);
}

/**
 * How long to wait before retrying after `error`, or null when retrying
 * sooner than the normal interval would not help (a 4xx other than 429, or
 * an error that is not an API error): keep the last snapshot and try again
 * at the normal interval.
 *
 * - 429: exactly `retryAfterMs` (60 000 ms when unknown).
 * - status 0 (network, timeout) or ≥ 500: {@linkcode fullJitterBackoff}.
 *
 * @example
 * ```ts
 * retryDelay({ status: 429, retryAfterMs: 42_000 }, 0); // 42000
 * retryDelay({ status: 404, retryAfterMs: null }, 0); // null
 * ```
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  options: BackoffOptions = {},
): number | null {
  const { status, retryAfterMs } = errorInfo(error);
  if (status === 429) return retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
  if (status === 0 || (status !== null && status >= 500)) {
    return fullJitterBackoff(attempt, options);
  }
  return null;
}

/** True when {@linkcode retryDelay} would give a delay (429, 5xx, network). */
export function isRetryable(error: unknown): boolean {
  const { status } = errorInfo(error);
  return status === 429 || status === 0 || (status !== null && status >= 500);
}
