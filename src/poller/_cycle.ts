/**
 * One leader poll cycle's gathering: the queue directory (every
 * `directoryIntervalMs` or on request), observations and routing activity
 * (every cycle), "today" aggregates and names of agents not seen before.
 *
 * "Today" is fetched in batches of ≤ 100 queues (sorted ids): every batch on
 * a first load (leader start, a changed directory, a new local day), then
 * batch i of n every aggregate interval A at `load + i·A/n`, so each version
 * carries at most one batch's today changes.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { GenesysApi, Queue, User } from "../genesys/types.ts";
import type { Logger } from "../log.ts";
import type { PollInput } from "../snapshot/contracts.ts";
import type { SnapshotData } from "../snapshot/model.ts";
import { isRetryable } from "./backoff.ts";
import { type IntervalPlan, planIntervals } from "./budget.ts";
import { type BatchState, cutBatches, keepAggregates } from "./_batches.ts";
import { errorLabel } from "./_error_info.ts";
import { filterQueues } from "./queue_filter.ts";
import { localDateOf, todayInterval } from "./today.ts";

/** Allowance assumed until the API reports `inin-ratelimit-allowed`. */
export const DEFAULT_ALLOWED_PER_MINUTE = 300;

/** What gathering needs from the poller's options. */
export interface CycleConfig {
  api: GenesysApi;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  queueFilter: readonly string[];
  timeZone: string;
  pollIntervalMs: number;
  aggregateIntervalMs: number;
  directoryIntervalMs: number;
  directoryRefresh?: () => boolean;
}

/** What a leader remembers between cycles. */
export interface CycleState extends BatchState {
  queues: Queue[] | null;
  directoryAt: number;
  /** Sorted queue ids of the directory, joined: a change rebuilds batches. */
  batchKey: string | null;
  users: Record<string, User>;
  askedUsers: Set<string>;
  planKey: string | null;
  /** Set when a directory load changed the plan; the loop announces it. */
  planChanged: IntervalPlan | null;
  userErrors: Set<string>;
  /** The last committed data: alerts on time metrics keep their values. */
  previous: SnapshotData | null;
}

/** One cycle's result. */
export interface Gathered {
  input: PollInput;
  fetchedAt: number;
}

/** A fresh state with the configured intervals as the plan. */
export function newCycleState(config: CycleConfig): CycleState {
  return {
    queues: null,
    directoryAt: 0,
    batchIds: [],
    batchKey: null,
    batches: null,
    aggregateAnchor: 0,
    aggregates: null,
    aggregateInterval: null,
    aggregateIntervals: {},
    aggregateDate: null,
    users: {},
    askedUsers: new Set(),
    plan: {
      pollIntervalMs: config.pollIntervalMs,
      aggregateIntervalMs: config.aggregateIntervalMs,
      callsPerMinute: 0,
      stretched: false,
    },
    planKey: null,
    planChanged: null,
    userErrors: new Set(),
    previous: null,
  };
}

/** Forgets what a new leader must load again (the agent name cache stays). */
export function forgetLeaderState(state: CycleState): void {
  state.queues = null;
  state.batchKey = null;
  state.batches = null;
  state.aggregates = null;
  state.aggregateIntervals = {};
  state.aggregateInterval = null;
  state.aggregateDate = null;
  state.previous = null;
}

/**
 * Gathers one poll's input, updating `state` only with answers that
 * arrived; throws the first failure of a required call.
 */
export async function gather(
  config: CycleConfig,
  state: CycleState,
  start: number,
): Promise<Gathered> {
  const { api, signal } = config;
  const refreshAsked = config.directoryRefresh?.() ?? false;
  if (
    state.queues === null || refreshAsked ||
    start - state.directoryAt >= config.directoryIntervalMs
  ) {
    await loadDirectory(config, state, start);
  }
  const queues = state.queues!;
  const ids = queues.map((q) => q.id);

  const date = localDateOf(start, config.timeZone);
  const firstLoad = state.batches === null || date !== state.aggregateDate;
  const due = firstLoad
    ? state.batchIds.map((_, i) => i)
    : state.batches!.flatMap((b, i) => b.dueAt <= start ? [i] : []);
  const interval = firstLoad || due.length > 0
    ? todayInterval(start, config.timeZone)
    : null;

  const empty = ids.length === 0;
  const [observations, activity, answers] = await Promise.all([
    empty ? { results: [] } : api.queueObservations(ids, signal),
    empty ? { results: [] } : api.routingActivity(ids, signal),
    Promise.all(due.map((i) =>
      api.todayAggregates(
        state.batchIds[i],
        interval!,
        config.timeZone,
        signal,
      )
    )),
  ]);
  const fetchedAt = config.clock.now();
  if (interval !== null) {
    keepAggregates(state, { firstLoad, start, date, interval, due, answers });
  }

  const unknown = new Set<string>();
  for (const group of activity.results ?? []) {
    for (const entity of group.entities ?? []) {
      if (!state.askedUsers.has(entity.userId)) unknown.add(entity.userId);
    }
  }
  if (unknown.size > 0) await lookUpUsers(config, state, [...unknown]);

  return {
    input: {
      queues,
      observations,
      aggregates: state.aggregates,
      aggregateInterval: state.aggregateInterval,
      aggregateIntervals: state.aggregateIntervals,
      activity,
      users: state.users,
    },
    fetchedAt,
  };
}

/** Loads and filters the directory, then plans intervals for it. */
async function loadDirectory(
  config: CycleConfig,
  state: CycleState,
  start: number,
): Promise<void> {
  const all = await config.api.listQueues(config.signal);
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
  const ids = sorted.join("\n");
  if (ids !== state.batchKey) {
    state.batchKey = ids;
    state.batchIds = cutBatches(sorted);
    state.batches = null;
  }

  const allowed = config.api.rateLimit()?.allowed;
  const plan = planIntervals({
    queueCount: queues.length,
    allowedPerMinute: allowed !== undefined && allowed > 0
      ? allowed
      : DEFAULT_ALLOWED_PER_MINUTE,
    pollIntervalMs: config.pollIntervalMs,
    aggregateIntervalMs: config.aggregateIntervalMs,
    directoryIntervalMs: config.directoryIntervalMs,
  });
  const key = `${plan.pollIntervalMs}/${plan.aggregateIntervalMs}`;
  if (key === state.planKey) return;
  state.plan = plan;
  state.planKey = key;
  state.planChanged = plan;
}

/**
 * Looks up names of agents not seen before. Names are cosmetic: a
 * retryable failure fails the cycle, any other failure is logged once and
 * the agents stay nameless (they are not asked for again).
 */
async function lookUpUsers(
  config: CycleConfig,
  state: CycleState,
  ids: string[],
): Promise<void> {
  try {
    const users = await config.api.getUsers(ids, config.signal);
    for (const user of users) state.users[user.id] = user;
  } catch (error) {
    if (config.signal.aborted || isRetryable(error)) throw error;
    const label = errorLabel(error);
    if (!state.userErrors.has(label)) {
      state.userErrors.add(label);
      config.log.warn("Cannot look up agent names: continuing without them", {
        error,
      });
    }
  }
  for (const id of ids) state.askedUsers.add(id);
}
