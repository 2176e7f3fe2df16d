/**
 * Builds the snapshot of one poll from the raw Genesys answers: live counts
 * from observations, "today" and its 30-minute trend from aggregates, agents
 * from routing activity, alerts from the rules.
 *
 * @module
 */

import { agentStates } from "./_agents.ts";
import { todayByQueue } from "./_aggregates.ts";
import { liveQueues } from "./_observations.ts";
import { isoOf } from "./_time.ts";
import { evaluateAlerts } from "./alerts.ts";
import { trendKey } from "./trend.ts";
import type { BuildOptions, PollInput } from "./contracts.ts";
import type {
  QueueState,
  QueueSums,
  QueueToday,
  SnapshotData,
  TrendState,
} from "./model.ts";

/**
 * Builds the snapshot data of one poll. Queues and agents are keyed in id
 * order, trend intervals in queue then time order, so identical input gives
 * identical JSON.
 *
 * @example
 * ```ts
 * const data = buildSnapshot(input, {
 *   source: "genesys",
 *   fetchedAt: Date.now(),
 *   rules: [...DEFAULT_ALERT_RULES],
 * });
 * ```
 */
export function buildSnapshot(
  input: PollInput,
  options: BuildOptions,
): SnapshotData {
  const { fetchedAt } = options;
  if (!Number.isFinite(fetchedAt)) {
    throw new RangeError(
      `Cannot build snapshot: invalid "fetchedAt" ${fetchedAt}`,
    );
  }
  const fetchedIso = isoOf(fetchedAt);
  const directory = [...input.queues].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  );
  const ids = new Set(directory.map((q) => q.id));
  const live = liveQueues(input.observations, ids, fetchedAt);
  const interval = input.aggregateInterval ?? `${fetchedIso}/${fetchedIso}`;
  const today = todayByQueue(
    input.aggregates,
    directory,
    interval,
    input.aggregateIntervals,
  );

  const queues: Record<string, QueueState> = {};
  const sums: Record<string, QueueSums> = {};
  const trend: Record<string, TrendState> = {};
  const trendSums: Record<string, QueueSums> = {};
  const previous = options.previous;
  for (const q of directory) {
    const l = live.get(q.id)!;
    const t = today.get(q.id)!;
    const state: QueueState = {
      id: q.id,
      name: q.name,
      divisionId: q.division?.id ?? null,
      waiting: l.waiting,
      interacting: l.interacting,
      alerting: l.alerting,
      oldestWaitingSince: l.oldestWaitingSince,
      oldestInteractingSince: l.oldestInteractingSince,
      byMedia: l.byMedia,
      agents: l.agents,
      today: steadyToday(t.today, previous?.queues[q.id]?.today),
      alerts: [],
    };
    state.alerts = evaluateAlerts(
      state,
      options.rules,
      fetchedAt,
      previous?.queues[q.id],
    );
    queues[q.id] = state;
    sums[q.id] = t.sums;
    for (const interval of t.trend) {
      const key = trendKey(q.id, interval.state.start);
      trend[key] = steady(interval.state, previous?.trend[key]);
      trendSums[key] = steady(interval.sums, previous?.trendSums[key]);
    }
  }
  return {
    fetchedAt: fetchedIso,
    source: options.source,
    queues,
    agents: agentStates(input.activity, ids, input.users),
    sums,
    trend,
    trendSums,
  };
}

/**
 * The previous poll's `today` when only the interval's end moved: figures
 * that did not change keep the interval they were first seen with (they
 * still hold for it), so a quiet queue is not a change on every aggregate
 * refresh. A new day (another interval start) always replaces it.
 */
function steadyToday(next: QueueToday, previous: QueueToday | undefined) {
  if (previous === undefined) return next;
  if (intervalStart(previous.interval) !== intervalStart(next.interval)) {
    return next;
  }
  for (const key of Object.keys(next) as (keyof QueueToday)[]) {
    if (key !== "interval" && previous[key] !== next[key]) return next;
  }
  return previous;
}

/**
 * The previous poll's object when every field is equal: an interval that
 * did not change stays the same object, shared between versions and found
 * equal without encoding.
 */
function steady<T extends object>(next: T, previous: T | undefined): T {
  if (previous === undefined) return next;
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (previous[key] !== next[key]) return next;
  }
  return previous;
}

function intervalStart(interval: string): string {
  const slash = interval.indexOf("/");
  return slash < 0 ? interval : interval.slice(0, slash);
}
