/**
 * The directory refresh flag: `main.ts` raises it from a leader-only
 * `Deno.cron` (cron fires in every isolate under `deno serve --parallel`, so
 * the handler checks the lease first) and the poll loop takes it on its next
 * cycle.
 *
 * @module
 */

/** A flag that asks the leader to reload the queue directory. */
export interface RefreshRequest {
  /** Asks the leader to reload the directory on its next cycle. */
  requestDirectoryRefresh(): void;
  /** Pass as `PollOptions.directoryRefresh`: true once per request. */
  directoryRefresh(): boolean;
}

/**
 * Creates a directory refresh flag.
 *
 * @example
 * ```ts
 * const refresh = createRefreshRequest();
 * Deno.cron("refresh queue directory", "*\/5 * * * *", () => {
 *   if (lease.current()) refresh.requestDirectoryRefresh();
 * });
 * runPoller({ ...options, directoryRefresh: refresh.directoryRefresh });
 * ```
 */
export function createRefreshRequest(): RefreshRequest {
  let asked = false;
  return {
    requestDirectoryRefresh() {
      asked = true;
    },
    directoryRefresh() {
      const was = asked;
      asked = false;
      return was;
    },
  };
}
