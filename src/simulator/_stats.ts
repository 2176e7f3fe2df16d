/**
 * Request counters and the bounded request log of `GET /__sim/stats`.
 *
 * @module
 */

import type { SimRequestLogEntry } from "./_types.ts";

/** Most entries the request log keeps (the oldest go first). */
export const REQUEST_LOG_SIZE = 1000;

/** Counts requests and remembers the latest ones with their times. */
export interface RequestStats {
  /** Counts one answered request that arrived at `at` (epoch ms). */
  record(at: number, method: string, path: string, status: number): void;
  /** Requests by `"<METHOD> <path>"`. */
  requests(): Record<string, number>;
  /** The latest requests, oldest first. */
  log(): SimRequestLogEntry[];
}

/** Creates empty request statistics. */
export function createRequestStats(): RequestStats {
  const counts: Record<string, number> = {};
  const entries: SimRequestLogEntry[] = [];
  return {
    record(at, method, path, status) {
      const key = `${method} ${path}`;
      counts[key] = (counts[key] ?? 0) + 1;
      entries.push({ at, method, path, status });
      if (entries.length > REQUEST_LOG_SIZE) entries.shift();
    },
    requests: () => ({ ...counts }),
    log: () => entries.map((e) => ({ ...e })),
  };
}
