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
import type { BuildOptions, PollInput } from "./contracts.ts";
import type {
  QueueState,
  QueueSums,
  QueueToday,
  SnapshotData,
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
  const trend: SnapshotData["trend"] = {};
  const trendSums: SnapshotData["trendSums"] = {};
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
    for (const _ in t.trend) {
      trend[q.id] = steadyMap(t.trend, previous?.trend[q.id]);
      trendSums[q.id] = steadyMap(t.trendSums, previous?.trendSums[q.id]);
      break;
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
 * The previous poll's map when it holds the same intervals with the same
 * figures, else `next`: what did not change stays the same object between
 * versions, so diffs and the store skip it unopened.
 */
function steadyMap<T extends object>(
  next: Record<string, T>,
  previous: Record<string, T> | undefined,
): Record<string, T> {
  if (previous === undefined || previous === next) return next;
  let count = 0;
  for (const start in next) {
    const before = previous[start];
    if (before === undefined || !sameFields(before, next[start])) return next;
    count++;
  }
  for (const _ in previous) count--;
  return count === 0 ? previous : next;
}

function sameFields<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  for (const key in b) if (a[key] !== b[key]) return false;
  return true;
}

function intervalStart(interval: string): string {
  const slash = interval.indexOf("/");
  return slash < 0 ? interval : interval.slice(0, slash);
}
