/**
 * The poll loop: one leader per deployment polls Genesys on a steady
 * cadence, builds a snapshot and commits it fenced by the lease; every other
 * isolate stands by and takes over within one TTL plus one interval after
 * the leader stops renewing.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { GenesysApi } from "../genesys/types.ts";
import { type Logger, silentLogger } from "../log.ts";
import type {
  AlertRule,
  BuildOptions,
  PollInput,
  SnapshotStore,
} from "../snapshot/contracts.ts";
import type { SnapshotData, Source } from "../snapshot/model.ts";
import { type BackoffOptions, retryDelay } from "./backoff.ts";
import type { IntervalPlan } from "./budget.ts";
import type { Lease } from "./lease.ts";
import { localDateOf } from "./today.ts";
import { renewQuietly } from "./_renew.ts";
import { reportFailure } from "./_report.ts";
import {
  type CycleState,
  forgetLeaderState,
  gather,
  newCycleState,
} from "./_cycle.ts";

/** Options of {@linkcode poll} (and `runPoller`). */
export interface PollOptions {
  api: GenesysApi;
  store: SnapshotStore;
  /** Turns one poll's answers into snapshot data (`buildSnapshot`). */
  build: (input: PollInput, options: BuildOptions) => SnapshotData;
  lease: Lease;
  clock: Clock;
  /** Stops the loop; pending sleeps and calls end at once. */
  signal: AbortSignal;
  source: Source;
  /** Observation poll period, ms (may be stretched by the rate budget). */
  pollIntervalMs: number;
  /** "Today" aggregates period, ms (may be stretched by the rate budget). */
  aggregateIntervalMs: number;
  /** IANA zone that defines "today". */
  timeZone: string;
  log?: Logger;
  rules?: AlertRule[];
  /** `GENESYS_QUEUES` patterns; empty = every queue. */
  queueFilter?: string[];
  /** Queue directory refresh period, ms. Default 300 000. */
  directoryIntervalMs?: number;
  /** Asked each leader cycle; true reloads the directory now (see `createRefreshRequest`). */
  directoryRefresh?: () => boolean;
  /** Backoff tuning and the random source for jitter. */
  backoff?: BackoffOptions;
  /** Release the lease when the loop ends. Default true; false acts like a crash. */
  releaseOnExit?: boolean;
}

/** What the loop reports. */
export type PollEvent =
  | { type: "standby" }
  | { type: "leader" }
  | { type: "deposed" }
  | { type: "committed"; version: number; durationMs: number }
  | PollErrorEvent
  | PollPlanEvent;

/** A failed cycle: nothing was written; the next try is `retryInMs` away. */
export interface PollErrorEvent {
  type: "error";
  error: unknown;
  /** How long the failed cycle ran, ms. */
  durationMs: number;
  retryInMs: number;
  /** The Retry-After or backoff delay; null when the failure is not retryable. */
  delayMs: number | null;
  /** Consecutive retryable failures before this one (the backoff attempt). */
  attempt: number;
  /** False for failures that wait the normal interval (4xx, bugs). */
  retryable: boolean;
}

/** The interval plan changed (after a directory load). */
export interface PollPlanEvent extends IntervalPlan {
  type: "plan";
  queueCount: number;
}

/** Default queue directory refresh period, ms. */
export const DEFAULT_DIRECTORY_INTERVAL_MS = 300_000;

/**
 * Polls while `signal` is not aborted, yielding what happens. Validates the
 * options at once; on abort it releases the lease (unless `releaseOnExit`
 * is false) and returns.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * for await (const event of poll({
 *   api, store, build: buildSnapshot, lease, clock: systemClock(),
 *   signal: controller.signal, source: "simulator",
 *   pollIntervalMs: 5000, aggregateIntervalMs: 30_000, timeZone: "UTC",
 * })) {
 *   if (event.type === "committed") console.log(event.version);
 * }
 * ```
 */
export function poll(options: PollOptions): AsyncIterableIterator<PollEvent> {
  requirePositiveInteger("pollIntervalMs", options.pollIntervalMs);
  requirePositiveInteger("aggregateIntervalMs", options.aggregateIntervalMs);
  requirePositiveInteger(
    "directoryIntervalMs",
    options.directoryIntervalMs ?? DEFAULT_DIRECTORY_INTERVAL_MS,
  );
  try {
    localDateOf(0, options.timeZone);
  } catch {
    throw new RangeError(
      `Cannot start poller: unknown time zone "${options.timeZone}"`,
    );
  }
  return pollLoop(options);
}

async function* pollLoop(o: PollOptions): AsyncIterableIterator<PollEvent> {
  const { clock, lease, signal } = o;
  const log = o.log ?? silentLogger();
  const config = {
    api: o.api,
    clock,
    log,
    signal,
    queueFilter: o.queueFilter ?? [],
    timeZone: o.timeZone,
    pollIntervalMs: o.pollIntervalMs,
    aggregateIntervalMs: o.aggregateIntervalMs,
    directoryIntervalMs: o.directoryIntervalMs ??
      DEFAULT_DIRECTORY_INTERVAL_MS,
    directoryRefresh: o.directoryRefresh,
  };
  const state = newCycleState(config);
  const reported = new Set<string>();
  let leading = false;
  let attempt = 0;

  try {
    while (!signal.aborted) {
      const start = clock.now();
      const fence = await renewQuietly(lease, log, clock, signal);
      if (fence === "unknown" && leading) {
        // KV failed, not the lease: keep what the leader knows, skip a cycle.
        await sleepUntil(clock, start + state.plan.pollIntervalMs, signal);
        continue;
      }
      if (fence === null || fence === "unknown") {
        if (leading) {
          leading = false;
          forgetLeaderState(state);
          yield { type: "deposed" };
        }
        yield { type: "standby" };
        await clock.sleep(o.pollIntervalMs, signal);
        continue;
      }
      if (!leading) {
        leading = true;
        attempt = 0;
        yield { type: "leader" };
      }

      let retryAt = 0;
      try {
        const { input, fetchedAt } = await gather(config, state, start);
        yield* announcePlan(state, log);
        const data = o.build(input, {
          source: o.source,
          fetchedAt,
          rules: o.rules ?? [],
          previous: state.previous,
        });
        const snapshot = await o.store.commit(data, fence);
        if (snapshot === null) {
          leading = false;
          forgetLeaderState(state);
          yield { type: "deposed" };
          await sleepUntil(clock, start + state.plan.pollIntervalMs, signal);
          continue;
        }
        state.previous = data;
        attempt = 0;
        reported.clear();
        yield {
          type: "committed",
          version: snapshot.version,
          durationMs: clock.now() - start,
        };
      } catch (error) {
        if (signal.aborted) break;
        yield* announcePlan(state, log);
        const now = clock.now();
        const delay = retryDelay(error, attempt, o.backoff);
        if (delay !== null) retryAt = now + delay;
        const retryInMs = Math.max(
          0,
          start + state.plan.pollIntervalMs - now,
          retryAt - now,
        );
        reportFailure(log, reported, error, delay !== null, retryInMs);
        yield {
          type: "error",
          error,
          durationMs: now - start,
          retryInMs,
          delayMs: delay,
          attempt,
          retryable: delay !== null,
        };
        if (delay !== null) attempt++;
      }
      // Next cycle on the grid (start + interval), or later if backoff says so.
      const next = Math.max(start + state.plan.pollIntervalMs, retryAt);
      if (!await waitAsLeader(o, next, log)) {
        leading = false;
        forgetLeaderState(state);
        yield { type: "deposed" };
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    if (o.releaseOnExit !== false && lease.current() !== null) {
      await lease.release().catch((error) =>
        log.error("Cannot release the poller lease", { error })
      );
    }
  }
}

/** Yields the plan event (and logs a stretch once) when the plan changed. */
function* announcePlan(
  state: CycleState,
  log: Logger,
): Generator<PollPlanEvent> {
  const plan = state.planChanged;
  if (plan === null) return;
  state.planChanged = null;
  if (plan.stretched) {
    log.warn(plan.reason!, {
      pollIntervalMs: plan.pollIntervalMs,
      aggregateIntervalMs: plan.aggregateIntervalMs,
      callsPerMinute: plan.callsPerMinute,
    });
  }
  yield { type: "plan", ...plan, queueCount: state.queues?.length ?? 0 };
}

/**
 * Sleeps until `deadline`, renewing the lease every third of its TTL so a
 * long wait (Retry-After, a stretched interval) keeps leadership; resolves
 * false when the lease was lost meanwhile.
 */
async function waitAsLeader(
  o: PollOptions,
  deadline: number,
  log: Logger,
): Promise<boolean> {
  const step = Math.max(1, Math.floor(o.lease.ttlMs / 3));
  while (true) {
    const left = deadline - o.clock.now();
    if (left <= 0) return true;
    if (left <= step) {
      await o.clock.sleep(left, o.signal);
      return true;
    }
    await o.clock.sleep(step, o.signal);
    // A KV failure ("unknown") keeps waiting: the cycle's renewal decides.
    if (await renewQuietly(o.lease, log, o.clock, o.signal) === null) {
      return false;
    }
  }
}

async function sleepUntil(
  clock: Clock,
  deadline: number,
  signal: AbortSignal,
): Promise<void> {
  const left = deadline - clock.now();
  if (left > 0) await clock.sleep(left, signal);
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `Cannot start poller: ${name} must be a positive integer, got ${value}`,
    );
  }
}
