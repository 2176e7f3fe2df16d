/**
 * One leader poll cycle's gathering (private): the queue directory (every
 * `directoryIntervalMs`), observations and routing activity
 * (the live parts: every cycle, or only when asked while push feeds them),
 * the "today" batches that are due and names of agents not seen before.
 * Each part is called on its own: a transient failure is retried once
 * after a short pause, a failed part keeps its last good answer, a part
 * Genesys refuses (403) is asked again only every minute. A live cycle
 * yields input whenever the observations answered, another whenever
 * anything answered.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { GenesysApi, Queue } from "../genesys/types.ts";
import type { Logger } from "../log.ts";
import type { PollInput } from "../snapshot/contracts.ts";
import type { SnapshotParts } from "../snapshot/model.ts";
import { failureKind, FORBIDDEN_RECHECK_MS, retryPauseMs } from "./backoff.ts";
import { cutBatches, keepAggregates } from "./_batches.ts";
import { mergeActivity } from "./_activity.ts";
import { type CycleState, isHeld, partsOf } from "./_cycle_state.ts";
import { errorInfo } from "./_error_info.ts";
import type { PartFailure } from "./_report.ts";
import { filterQueues } from "./queue_filter.ts";
import type { PollPart } from "./status.ts";
import { localDateOf, todayInterval } from "./today.ts";

/** What gathering needs from the poller's options. */
export interface CycleConfig {
  api: GenesysApi;
  clock: Clock;
  log: Logger;
  random: () => number;
  queueFilter: readonly string[];
  timeZone: string;
  directoryIntervalMs: number;
}

/** Input ready to build and commit. */
export interface Gathered {
  input: PollInput;
  /** When the observations answered, epoch ms (the snapshot's `fetchedAt`). */
  fetchedAt: number;
  parts: SnapshotParts;
}

/** What one cycle got. */
export interface CycleResult {
  failures: PartFailure[];
  /** Parts that answered. */
  answered: PollPart[];
  /** Null unless the observations answered. */
  gathered: Gathered | null;
}

/**
 * Gathers one cycle, with the live parts when `live` (always once the
 * directory changed); throws only when `signal` aborts.
 */
export async function gather(
  config: CycleConfig,
  state: CycleState,
  start: number,
  aggregatePeriodMs: number,
  signal: AbortSignal,
  live = true,
): Promise<CycleResult> {
  const { api } = config;
  const result: CycleResult = { failures: [], answered: [], gathered: null };
  const call = <T>(part: PollPart, work: () => Promise<T>) =>
    callPart(config, state, result, part, signal, 1, work);

  if (
    !isHeld(state, "directory", start) &&
    (state.queues === null ||
      start - state.directoryAt >= config.directoryIntervalMs)
  ) {
    const all = await call("directory", () => api.listQueues(signal));
    if (all !== undefined && applyDirectory(config, state, all, start)) {
      live = true;
    }
  }
  if (state.queues === null) return result;
  const queues = state.queues;
  const ids = queues.map((q) => q.id);
  const empty = ids.length === 0;

  const date = localDateOf(start, config.timeZone);
  const firstLoad = state.batches === null || date !== state.aggregateDate;
  const due = isHeld(state, "aggregates", start)
    ? []
    : firstLoad
    ? state.batchIds.map((_, i) => i)
    : state.batches!.flatMap((b, i) => b.dueAt <= start ? [i] : []);
  const interval = todayInterval(start, config.timeZone);

  const askedAt = config.clock.now();
  // Each part's data is as old as its own answer, not as the slowest
  // part's (a retried one finishes up to a pause and a call later).
  const answeredAt = { observations: askedAt, activity: askedAt };
  const timed = <T>(part: keyof typeof answeredAt, work: () => Promise<T>) =>
    call(part, async () => {
      const value = await work();
      answeredAt[part] = config.clock.now();
      return value;
    });
  const [observations, activity, answers] = await Promise.all([
    !live
      ? undefined
      : empty
      ? { results: [] }
      : timed("observations", () => api.queueObservations(ids, signal)),
    !live || empty || isHeld(state, "activity", start)
      ? undefined
      : timed("activity", () => api.routingActivity(ids, signal)),
    Promise.all(
      due.map((i) =>
        call("aggregates", () =>
          api.todayAggregates(
            state.batchIds[i],
            interval,
            config.timeZone,
            signal,
          ))
      ),
    ),
  ]);
  const fetchedAt = config.clock.now();
  const batches: number[] = [];
  const batchAnswers = answers.filter((answer, k) => {
    if (answer !== undefined) batches.push(due[k]);
    return answer !== undefined;
  });
  if (batches.length > 0) {
    keepAggregates(state, {
      firstLoad,
      start,
      date,
      interval,
      fetchedAt,
      periodMs: aggregatePeriodMs,
      due: batches,
      answers: batchAnswers,
    });
  }
  if (observations !== undefined) {
    state.live.takePolled(observations, askedAt);
    state.observedAt = askedAt;
  }
  if (live && empty) {
    state.activity = { results: [] };
    state.activityAt = fetchedAt;
  } else if (activity !== undefined) {
    const at = answeredAt.activity;
    const merged = mergeActivity(state.agents, activity, at);
    state.activity = merged.activity;
    state.activityAt = at;
    state.incomplete = merged.incomplete;
  }

  const limited = result.failures.some((f) => f.kind === "rate-limited");
  if (!limited && !isHeld(state, "users", start)) {
    await lookUpUsers(call, config, state, result, signal);
  }
  const fresh = live ? observations !== undefined : result.answered.length > 0;
  // A polled version is as old as its observations' answer; one that only
  // refreshed other parts under push is as current as the pushed book.
  const dated = observations !== undefined && !empty
    ? answeredAt.observations
    : fetchedAt;
  if (fresh) result.gathered = gatheredOf(state, dated);
  return result;
}

/**
 * The input as the state has it, current as of `fetchedAt`; null until an
 * observation poll answered.
 */
export function gatheredOf(
  state: CycleState,
  fetchedAt: number,
): Gathered | null {
  if (state.queues === null || state.observedAt === null) return null;
  return {
    input: {
      queues: state.queues,
      observations: state.live.observations(),
      aggregates: state.aggregates,
      aggregateInterval: state.aggregateInterval,
      aggregateIntervals: state.aggregateIntervals,
      activity: state.live.layOver(state.activity ?? { results: [] }),
      users: state.users,
    },
    fetchedAt,
    parts: partsOf(state, fetchedAt),
  };
}

/**
 * Calls one part, retrying a transient failure `retries` times after a
 * short pause; records the outcome in `result` (and a refusal in `state`)
 * and resolves to undefined when the part failed.
 */
export async function callPart<T>(
  config: CycleConfig,
  state: CycleState,
  result: CycleResult,
  part: PollPart,
  signal: AbortSignal,
  retries: number,
  work: () => Promise<T>,
): Promise<T | undefined> {
  for (let attempt = 0;; attempt++) {
    try {
      const value = await work();
      state.forbidden.delete(part);
      if (!result.answered.includes(part)) result.answered.push(part);
      return value;
    } catch (error) {
      if (signal.aborted) throw error;
      const kind = failureKind(error);
      if (kind === "transient" && attempt < retries) {
        await config.clock.sleep(retryPauseMs(config.random), signal);
        continue;
      }
      if (kind === "forbidden") {
        state.forbidden.set(part, {
          missingPermissions: errorInfo(error).missingPermissions,
          recheckAt: config.clock.now() + FORBIDDEN_RECHECK_MS,
        });
      }
      result.failures.push({ part, kind, error });
      return undefined;
    }
  }
}

/** Takes a directory answer; true when the set of queues changed. */
function applyDirectory(
  config: CycleConfig,
  state: CycleState,
  all: Queue[],
  start: number,
): boolean {
  const queues = filterQueues(all, config.queueFilter);
  if (queues.length === 0 && config.queueFilter.length > 0) {
    config.log.warn("No queue matches GENESYS_QUEUES", {
      patterns: config.queueFilter,
      directory: all.length,
    });
  }
  state.queues = queues;
  state.directoryAt = start;
  const sorted = queues.map((q) => q.id).sort();
  const key = sorted.join("\n");
  if (key === state.batchKey) return false;
  state.batchKey = key;
  state.batchIds = cutBatches(sorted);
  state.batches = null;
  return true;
}

/**
 * Looks up names of agents not seen before. Names are cosmetic: a failure
 * never holds the cycle back; the agents are asked again next cycle after a
 * transient failure or once the permission is back, never after another.
 */
async function lookUpUsers(
  call: <T>(part: PollPart, work: () => Promise<T>) => Promise<T | undefined>,
  config: CycleConfig,
  state: CycleState,
  result: CycleResult,
  signal: AbortSignal,
): Promise<void> {
  const unknown = new Set<string>();
  for (const group of state.activity?.results ?? []) {
    for (const entity of group.entities ?? []) {
      if (!state.askedUsers.has(entity.userId)) unknown.add(entity.userId);
    }
  }
  if (unknown.size === 0) return;
  const ids = [...unknown];
  const users = await call("users", () => config.api.getUsers(ids, signal));
  if (
    users === undefined &&
    result.failures.findLast((f) => f.part === "users")?.kind !== "other"
  ) return;
  for (const user of users ?? []) state.users[user.id] = user;
  for (const id of ids) state.askedUsers.add(id);
}
