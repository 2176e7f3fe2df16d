/**
 * What a failed call means for the schedule, and the waits that follow.
 *
 * - `rate-limited` (429): wait exactly `Retry-After` (Genesys sends it in
 *   seconds on every 429; the client turns it into `retryAfterMs`), then
 *   poll slower for a while.
 * - `transient` (5xx, status 0 for network errors and timeouts, and a 2xx
 *   whose body is not what the API returns, `malformed.response`, as when
 *   a connection is cut mid-body): retried
 *   once in the same cycle after a short pause; when observations stay down
 *   the poller probes with one small call every ½–1 poll interval, so it
 *   sees recovery within about one interval instead of after a growing
 *   back-off.
 * - `forbidden` (403 `missing.permissions` / `missing.any.permissions`): not
 *   a passing fault; the part is asked again only every minute.
 * - `other` (any other 4xx, or a bug): tried again at the normal interval.
 *
 * Notification channel calls that fail are tried again after a poll
 * interval, then twice as long each time, up to a minute.
 *
 * @module
 */

import { errorInfo } from "./_error_info.ts";

/** How a failed call is handled. */
export type FailureKind = "rate-limited" | "transient" | "forbidden" | "other";

/** Wait after a 429 that carries no usable `retryAfterMs`. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/** How often a forbidden part is asked again, ms. */
export const FORBIDDEN_RECHECK_MS = 60_000;
/** Longest pause before the one in-cycle retry of a transient failure, ms. */
export const RETRY_PAUSE_MS = 500;

const FORBIDDEN_CODES = new Set([
  "missing.permissions",
  "missing.any.permissions",
]);

/**
 * Classifies a thrown value by its `status` and `code`.
 *
 * @example
 * ```ts
 * failureKind({ status: 429, code: "too.many.requests.retry.after" }); // "rate-limited"
 * failureKind({ status: 403, code: "missing.permissions" }); // "forbidden"
 * ```
 */
export function failureKind(error: unknown): FailureKind {
  const { status, code } = errorInfo(error);
  if (status === 429) return "rate-limited";
  if (status === 0 || (status !== null && status >= 500)) return "transient";
  if (code === "malformed.response") return "transient";
  if (status === 403 && code !== null && FORBIDDEN_CODES.has(code)) {
    return "forbidden";
  }
  return "other";
}

/**
 * The wait a 429 asks for: exactly `retryAfterMs`, or 60 s when unknown.
 *
 * @example
 * ```ts
 * rateLimitWaitMs({ status: 429, retryAfterMs: 42_000 }); // 42000
 * ```
 */
export function rateLimitWaitMs(error: unknown): number {
  return errorInfo(error).retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
}

/**
 * The wait before the next probe while Genesys is down: uniform in
 * [½, 1] × `intervalMs`, whole ms, so many pollers spread out and each sees
 * recovery within one interval.
 */
export function probeDelayMs(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.5 + 0.5 * unit(random)));
}

/** The pause before the in-cycle retry: uniform in [0, 500] ms. */
export function retryPauseMs(random: () => number): number {
  return Math.round(RETRY_PAUSE_MS * unit(random));
}

function unit(random: () => number): number {
  return Math.min(Math.max(random(), 0), 1);
}

/** Longest doubling delay, ms. */
const MAX_DOUBLING_MS = 60_000;

/**
 * The wait after the `failures`-th failure in a row: `firstMs`, doubling,
 * at most a minute.
 *
 * @example
 * ```ts
 * [1, 2, 3, 9].map((n) => doublingDelayMs(5000, n)); // [5000, 10000, 20000, 60000]
 * ```
 */
export function doublingDelayMs(firstMs: number, failures: number): number {
  return Math.min(MAX_DOUBLING_MS, firstMs * 2 ** Math.max(0, failures - 1));
}
