/**
 * Lease renewal for the poll loop: a passing KV failure (SQLite answers
 * "database is locked" while another isolate opens the same file) is retried
 * briefly before it costs the leader a cycle.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Fence } from "../snapshot/contracts.ts";
import type { Lease } from "./lease.ts";

/** Attempts at renewing the lease before a KV failure is reported. */
const RENEW_ATTEMPTS = 3;
/** Pause between those attempts (SQLite answers "database is locked" while
 * another isolate opens the same file). */
const RENEW_RETRY_MS = 50;

/**
 * Renews the lease, retrying a KV failure briefly. Resolves to the fence, to
 * null when another owner holds the lease, or to `"unknown"` when KV kept
 * failing: the lease may well still be ours, so a leader keeps its state and
 * only skips the cycle (a write would be fenced anyway).
 */
export async function renewQuietly(
  lease: Lease,
  log: Logger,
  clock: Clock,
  signal: AbortSignal,
): Promise<Fence | null | "unknown"> {
  for (let attempt = 1;; attempt++) {
    try {
      return await lease.renew();
    } catch (error) {
      if (attempt >= RENEW_ATTEMPTS || signal.aborted) {
        log.error("Cannot renew the poller lease", {
          error,
          attempts: attempt,
        });
        return "unknown";
      }
      log.debug("Retrying the poller lease renewal", { error, attempt });
      try {
        await clock.sleep(RENEW_RETRY_MS, signal);
      } catch {
        return "unknown";
      }
    }
  }
}
