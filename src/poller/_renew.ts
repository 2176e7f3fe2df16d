/**
 * Everything about keeping the lease (private): renewing it with a brief
 * retry of passing KV failures (logged once per failure burst), the leader's background renewal every third
 * of the TTL, and how long a standby sleeps before it tries again (until the
 * holder's lease runs out, so a survivor takes over one TTL after the
 * leader's last renewal at most).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Fence } from "../snapshot/contracts.ts";
import type { Lease } from "./lease.ts";

/**
 * Logs failed renewals once per burst: an error when the first renewal
 * fails (after its retries), debug lines while they go on, and one info
 * line when a renewal succeeds again.
 */
export interface RenewReport {
  /** A retry of a failed attempt is coming (debug). */
  retrying(error: unknown, attempt: number): void;
  /** A renewal failed after all its attempts. */
  failed(error: unknown, attempts: number): void;
  /** A renewal reached KV again (whatever the lease's holder). */
  renewed(): void;
}

/** Creates the renewal report of one poll loop. */
export function createRenewReport(log: Logger, clock: Clock): RenewReport {
  let burst: { since: number; failures: number } | null = null;
  return {
    retrying(error, attempt) {
      log.debug("Retrying the poller lease renewal", { error, attempt });
    },
    failed(error, attempts) {
      if (burst !== null) {
        burst.failures++;
        log.debug("Renewing the poller lease still fails", { error, attempts });
        return;
      }
      burst = { since: clock.now(), failures: 1 };
      log.error("Cannot renew the poller lease", { error, attempts });
    },
    renewed() {
      if (burst === null) return;
      log.info("Renewing the poller lease again", {
        failures: burst.failures,
        failedForMs: clock.now() - burst.since,
      });
      burst = null;
    },
  };
}

/** Attempts at renewing the lease before a KV failure is reported. */
const RENEW_ATTEMPTS = 3;
/** Pause between those attempts (SQLite answers "database is locked" while
 * another isolate opens the same file). */
const RENEW_RETRY_MS = 50;

/**
 * Renews (or acquires) the lease, retrying a KV failure briefly. Resolves to
 * the fence, to null when another owner holds the lease, or to `"unknown"`
 * when KV kept failing: the lease may well still be ours, so a leader keeps
 * leading (a write would be fenced anyway).
 */
export async function renewQuietly(
  lease: Lease,
  report: RenewReport,
  clock: Clock,
  signal: AbortSignal,
): Promise<Fence | null | "unknown"> {
  for (let attempt = 1;; attempt++) {
    try {
      const fence = await lease.renew();
      report.renewed();
      return fence;
    } catch (error) {
      if (attempt >= RENEW_ATTEMPTS || signal.aborted) {
        report.failed(error, attempt);
        return "unknown";
      }
      report.retrying(error, attempt);
      try {
        await clock.sleep(RENEW_RETRY_MS, signal);
      } catch {
        return "unknown";
      }
    }
  }
}

/** How often a leader renews: a third of the TTL, so two renewals may fail. */
export function renewEveryMs(lease: Lease): number {
  return Math.max(1, Math.floor(lease.ttlMs / 3));
}

/**
 * How long a standby waits before trying again: until the holder's lease
 * runs out (at most one TTL, so a released or changed entry is seen), or
 * one renewal period when the holder is unknown (a lost race, a KV failure).
 */
export function standbyWaitMs(lease: Lease, now: number): number {
  const held = lease.heldBy();
  if (held === null) return renewEveryMs(lease);
  return Math.min(lease.ttlMs, Math.max(1, held.expiresAt - now));
}

/** A leader's hold on the lease while it leads. */
export interface Keeper {
  /** Aborts once the lease is lost or the loop's own signal aborts. */
  readonly signal: AbortSignal;
  /**
   * Runs `work` with the current fence, never while a renewal is in flight
   * (a renewal changes the fence under a write and would fence it out).
   */
  withFence<T>(work: (fence: Fence) => Promise<T>): Promise<T>;
  /** Marks the lease lost (a fenced write was refused). */
  lose(): void;
  /** Stops renewing; resolves once the renewal loop has ended. */
  stop(): Promise<void>;
}

/** Lease lost: the reason of a keeper's aborted signal. */
export class LeaseLostError extends Error {
  /** Creates the error. */
  constructor() {
    super("Cannot keep polling: another isolate holds the lease");
    this.name = "LeaseLostError";
  }
}

/**
 * Renews the lease in the background every third of its TTL until it is
 * lost or `signal` aborts. A KV failure keeps leading: the next renewal, or
 * the fence of the next write, decides.
 */
export function keepLease(
  lease: Lease,
  report: RenewReport,
  clock: Clock,
  signal: AbortSignal,
): Keeper {
  const lost = new AbortController();
  const stopped = new AbortController();
  const every = renewEveryMs(lease);
  const combined = AbortSignal.any([signal, lost.signal]);
  const quit = AbortSignal.any([combined, stopped.signal]);
  let tail: Promise<unknown> = Promise.resolve();

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work);
    tail = run.catch(() => {});
    return run;
  }

  function lose(): void {
    if (!lost.signal.aborted) lost.abort(new LeaseLostError());
  }

  const loop = (async () => {
    while (!quit.aborted) {
      try {
        await clock.sleep(every, quit);
      } catch {
        return;
      }
      const result = await exclusive(() =>
        renewQuietly(lease, report, clock, quit)
      );
      if (result === null) lose();
    }
  })();

  return {
    signal: combined,
    withFence(work) {
      return exclusive(() => {
        combined.throwIfAborted();
        const fence = lease.current();
        if (fence === null) {
          lose();
          combined.throwIfAborted();
        }
        return work(fence!);
      });
    },
    lose,
    async stop() {
      stopped.abort();
      await loop;
      await tail;
    },
  };
}
