/**
 * Polling as an ingest (private): the schedule of poll cycles. Cycles start
 * on the plan's grid (start + interval); a 429 waits exactly its
 * Retry-After and lowers the poller's rate; while observations fail with
 * 5xx or network errors, one small observation call probes every ½–1
 * interval, and while they are refused (403), every minute; a full cycle
 * follows the first probe that answers. Another refused part is skipped
 * and asked again every minute.
 *
 * While push feeds the live parts, the ingest reconciles: observations and
 * routing activity are polled only every `reconcileEvery(ms)`, and the
 * cycles in between fetch just the "today" batches and the directory when
 * they are due.
 *
 * @module
 */

import { STALE_SHARE } from "./budget.ts";
import { probeDelayMs, rateLimitWaitMs } from "./backoff.ts";
import {
  callPart,
  type CycleConfig,
  type CycleResult,
  gather,
  type Gathered,
  gatheredOf,
} from "./_cycle.ts";
import { forgetLeaderState, newCycleState } from "./_cycle_state.ts";
import type { LiveBook } from "./_live.ts";
import { healthOf } from "./_health.ts";
import { createPollLog } from "./_poll_log.ts";
import type { Ingest, IngestHealth, IngestStep } from "./_ingest.ts";
import { createRatePlan, type Plan } from "./_rate.ts";
import type { PartFailure, Reporter } from "./_report.ts";
import { sleepUntil } from "./_sleep.ts";

/** What polling needs besides what a cycle needs. */
export interface PollIngestConfig extends CycleConfig {
  pollIntervalMs: number;
  aggregateIntervalMs: number;
  rateLimitPerMinute: number;
  staleAfterMs: number;
}

/** Polling, with the controls push needs. */
export interface PollIngest extends Ingest {
  /** The live state the polls feed (and push may feed too). */
  readonly live: LiveBook;
  /**
   * Polls the live parts every `ms` from now on (push feeds them), or every
   * cycle again (null: at once, unless a Retry-After or probe holds).
   */
  reconcileEvery(ms: number | null): void;
  /** The input as it stands, current as of `at`; null before a first poll. */
  current(at: number): Gathered | null;
  /** When the last observation poll that answered was asked, epoch ms. */
  observedAt(): number | null;
  /** Ids of the polled queues and of their agents; null before the directory. */
  polled(): { queueIds: string[]; userIds: string[] } | null;
}

/** Creates the polling ingest; `reporter` logs its failure bursts. */
export function createPollIngest(
  config: PollIngestConfig,
  reporter: Reporter,
): PollIngest {
  const { clock, log } = config;
  const state = newCycleState();
  let rate = newRate();
  let nextAt = 0;
  /** The observation failure that holds commits back: probe until it ends. */
  let blocked: PartFailure | null = null;
  let limited: { delayMs: number; until: number } | null = null;
  let lastError: PartFailure | null = null;
  /** When observations last answered, epoch ms: the data's age starts there. */
  let observedAt: number | null = null;
  let announced: string | null = null;
  const pollLog = createPollLog(log);
  /** The live parts' period while push feeds them; null = every cycle. */
  let reconcileMs: number | null = null;

  function newRate() {
    return createRatePlan({ ...config });
  }

  function plan(): Plan {
    return rate.current(state.queues?.length ?? 0);
  }

  async function step(signal: AbortSignal): Promise<IngestStep> {
    await sleepUntil(clock, nextAt, signal);
    const start = clock.now();
    const period = plan().aggregateIntervalMs;
    let result: CycleResult | null = null;
    if (blocked !== null && state.queues !== null && state.queues.length > 0) {
      result = { failures: [], answered: [], gathered: null };
      const probe = [state.queues[0].id];
      await callPart(
        config,
        state,
        result,
        "observations",
        signal,
        0,
        () => config.api.queueObservations(probe, signal),
      );
      if (result.failures.length === 0) result = null;
    }
    result ??= await gather(
      config,
      state,
      start,
      period,
      signal,
      liveDue(start),
    );
    return settle(start, result);
  }

  /** True when this cycle polls the live parts. */
  function liveDue(at: number): boolean {
    return reconcileMs === null || state.observedAt === null ||
      at >= state.observedAt + reconcileMs;
  }

  /**
   * While push feeds the live parts: the next reconcile, "today" batch or
   * directory load, whichever is due first (cycles stay at least a poll
   * interval apart, so a batch that keeps failing is not asked in a loop).
   */
  function reconcileAt(periodMs: number): number {
    const now = clock.now();
    let at = (state.observedAt ?? now) + reconcileMs!;
    for (const batch of state.batches ?? []) at = Math.min(at, batch.dueAt);
    if (state.batches === null) at = Math.min(at, now + periodMs);
    return Math.min(at, state.directoryAt + config.directoryIntervalMs);
  }

  function settle(start: number, result: CycleResult): IngestStep {
    const now = clock.now();
    const limits = result.failures.filter((f) => f.kind === "rate-limited");
    if (limits.length > 0) {
      rate.rateLimited();
      const wait = Math.max(...limits.map((f) => rateLimitWaitMs(f.error)));
      limited = { delayMs: wait, until: now + wait };
    } else if (result.answered.length > 0) {
      rate.succeeded();
      limited = null;
      reporter.answered(null, now);
    }
    const current = plan();
    const blocking = result.failures.find((f) =>
      f.part === "observations" ||
      (f.part === "directory" && state.queues === null)
    );
    blocked = blocking?.kind === "transient" || blocking?.kind === "forbidden"
      ? blocking
      : null;
    nextAt = start + current.pollIntervalMs;
    if (reconcileMs !== null) {
      nextAt = Math.max(nextAt, reconcileAt(current.aggregateIntervalMs));
    }
    if (blocked?.kind === "transient") {
      nextAt = now + probeDelayMs(current.pollIntervalMs, config.random);
    } else if (blocked?.kind === "forbidden") {
      nextAt = state.forbidden.get(blocked.part)!.recheckAt;
    }
    // A 429 is retried exactly when its Retry-After ends; the lowered rate
    // stretches the cycles after that retry.
    if (limits.length > 0) nextAt = limited!.until;

    const events: IngestStep["events"] = [];
    const key = JSON.stringify(current);
    if (key !== announced) events.push({ type: "plan", ...current });
    for (const part of result.answered) reporter.answered(part, now);
    for (const failure of result.failures) {
      const held = failure.kind === "forbidden"
        ? state.forbidden.get(failure.part)?.recheckAt
        : undefined;
      const retryInMs = Math.max(0, (held ?? nextAt) - now);
      reporter.failed(failure, retryInMs, now);
      events.push({ type: "error", ...failure, retryInMs });
    }
    // Logged after the failures that caused it.
    if (key !== announced) pollLog.plan(current);
    announced = key;
    lastError = blocking ?? result.failures[0] ?? null;
    if (result.gathered !== null) observedAt = result.gathered.fetchedAt;
    pollLog.incomplete(Object.keys(state.incomplete));
    return { events, gathered: result.gathered, startedAt: start };
  }

  function health(): IngestHealth {
    return healthOf({
      plan: plan(),
      state,
      limited,
      blocked,
      lastError,
      staleAfterMs: limited === null
        ? config.staleAfterMs
        : limitedStaleAfterMs(limited.until),
    });
  }

  /**
   * While a Retry-After runs the data is deliberately older: as old as it
   * will be when the wait ends, plus the plan's margin.
   */
  function limitedStaleAfterMs(until: number): number {
    const { staleAfterMs } = config;
    const margin = staleAfterMs - Math.floor(staleAfterMs * STALE_SHARE);
    return until - (observedAt ?? clock.now()) + margin;
  }

  return {
    kind: "poll",
    live: state.live,
    step,
    nextAt: () => nextAt,
    health,
    reconcileEvery(ms) {
      if (ms === reconcileMs) return;
      reconcileMs = ms;
      const now = clock.now();
      if (ms === null && limited === null && blocked === null) {
        nextAt = Math.min(nextAt, now);
      } else if (ms !== null && limited === null && blocked === null) {
        nextAt = Math.max(nextAt, reconcileAt(plan().aggregateIntervalMs));
      }
    },
    current: (at) => gatheredOf(state, at),
    observedAt: () => state.observedAt,
    polled() {
      if (state.queues === null) return null;
      const userIds = new Set<string>();
      for (const group of state.activity?.results ?? []) {
        for (const entity of group.entities ?? []) userIds.add(entity.userId);
      }
      return {
        queueIds: state.queues.map((q) => q.id),
        userIds: [...userIds].sort(),
      };
    },
    reset() {
      forgetLeaderState(state);
      rate = newRate();
      nextAt = 0;
      blocked = null;
      limited = null;
      lastError = null;
      observedAt = null;
      reconcileMs = null;
    },
  };
}
