/**
 * Whether the process's open-file limit can carry `MAX_CONNECTIONS` in every
 * isolate. Each screen holds one socket, and all isolates of
 * `deno serve --parallel` share one process and so one limit. At that limit
 * `accept` fails with EMFILE, which Deno 2.9.6 does not survive: a
 * `Deno.serve` under `ulimit -n 60` died with an uncaught "Too many open
 * files", and the 50,000-screen run lost its listener at 19,998 descriptors
 * (BENCHMARKS.md, "50,000 one-queue screens"; the same failure as
 * https://github.com/denoland/deno/issues/10148). So the cap, which refuses
 * a connection after accepting it, must keep the process below the limit.
 *
 * @module
 */

/**
 * Descriptors kept for what is not a held screen: KV, the listener, Genesys
 * calls, logs, and connections being accepted only to be refused (a refusal
 * needs a descriptor until its answer is sent): a tenth of the limit, at
 * least 1,024.
 */
export function fdReserve(limit: number): number {
  return Math.max(1024, Math.ceil(limit / 10));
}

/**
 * The soft open-files limit from the output of `ulimit -n` (POSIX sh), or
 * null when it is "unlimited" or not a positive integer.
 */
export function parseOpenFilesLimit(text: string): number | null {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return null;
  const limit = Number(value);
  return Number.isSafeInteger(limit) && limit > 0 ? limit : null;
}

/** What {@linkcode fdShortfall} compares. */
export interface FdBudget {
  /** The soft open-files limit of the process. */
  limit: number;
  /** `MAX_CONNECTIONS`, per isolate. */
  maxConnections: number;
  /** Isolates sharing the process. */
  isolates: number;
}

/**
 * The most connections per isolate the limit carries, when `MAX_CONNECTIONS`
 * is above it; null when it fits.
 */
export function fdShortfall(budget: FdBudget): number | null {
  const fits = Math.max(
    0,
    Math.floor((budget.limit - fdReserve(budget.limit)) / budget.isolates),
  );
  return budget.maxConnections > fits ? fits : null;
}
