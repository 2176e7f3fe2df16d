/**
 * The staggered "today" refresh of the poller (private): queue ids cut into
 * batches of ≤ 100 (one aggregate call each), and which batch is due when.
 * Batch i of n is refreshed every aggregate interval A at `anchor + ⌊i·A/n⌋`,
 * so each version carries at most one batch's today changes while the
 * number of calls per interval stays n.
 *
 * @module
 */

import type { ConversationAggregateQueryResponse } from "../genesys/types.ts";
import { IDS_PER_CALL } from "../genesys/mod.ts";

/** One batch of queues whose "today" aggregates are fetched in one call. */
export interface AggregateBatch {
  ids: string[];
  /** The last answer and the ISO interval it covers. */
  answer: ConversationAggregateQueryResponse;
  interval: string;
  /** When the last answer arrived, epoch ms; null before the first. */
  fetchedAt: number | null;
  /** Cycle start from which the batch is due again, epoch ms. */
  dueAt: number;
}

/** The part of the leader's cycle state the staggered refresh owns. */
export interface BatchState {
  /** Sorted queue ids cut into batches of ≤ `IDS_PER_CALL`. */
  batchIds: string[][];
  /** Batches with answers; null until a first load succeeded. */
  batches: AggregateBatch[] | null;
  /** Start of the cycle of the last first load: the stagger's origin. */
  aggregateAnchor: number;
  /** Every batch's last answers, concatenated. */
  aggregates: ConversationAggregateQueryResponse | null;
  /** The newest batch's interval. */
  aggregateInterval: string | null;
  /** Queue id → interval of its batch's answer. */
  aggregateIntervals: Record<string, string>;
  aggregateDate: string | null;
}

/** Sorted queue ids cut into batches of ≤ `IDS_PER_CALL`. */
export function cutBatches(sorted: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < sorted.length; i += IDS_PER_CALL) {
    batches.push(sorted.slice(i, i + IDS_PER_CALL));
  }
  return batches;
}

/** Answers of the aggregate calls of one cycle. */
export interface Refresh {
  firstLoad: boolean;
  start: number;
  date: string;
  interval: string;
  fetchedAt: number;
  /** The planned aggregate interval: each batch's period. */
  periodMs: number;
  /** Indexes of the batches answered, in `answers` order. */
  due: number[];
  answers: ConversationAggregateQueryResponse[];
}

/**
 * Stores the batches answered this cycle and when each is due next, then the
 * concatenated answers and each queue's interval. A first load (every batch
 * due) restarts the stagger at `start`; a batch whose call failed keeps its
 * old answer (none on a first load) and stays due.
 */
export function keepAggregates(
  state: BatchState,
  refresh: Refresh,
): void {
  const { start, interval, due, answers } = refresh;
  if (refresh.firstLoad || state.batches === null) {
    state.batches = state.batchIds.map((ids) => ({
      ids,
      answer: { results: [] },
      interval,
      fetchedAt: null,
      dueAt: start,
    }));
    state.aggregateAnchor = start;
    state.aggregateDate = refresh.date;
  }
  const batches = state.batches;
  const periodMs = refresh.periodMs;
  due.forEach((index, k) => {
    // Batch i is due at anchor + ⌊i·A/n⌋ + k·A: the first such time after now.
    const offset = Math.floor(index * periodMs / batches.length);
    const since = start - state.aggregateAnchor - offset;
    const batch = batches[index];
    batch.answer = answers[k];
    batch.interval = interval;
    batch.fetchedAt = refresh.fetchedAt;
    batch.dueAt = state.aggregateAnchor + offset +
      (Math.floor(since / periodMs) + 1) * periodMs;
  });
  state.aggregates = {
    results: batches.flatMap((b) => b.answer.results ?? []),
  };
  state.aggregateInterval = interval;
  const intervals: Record<string, string> = {};
  for (const batch of batches) {
    for (const id of batch.ids) intervals[id] = batch.interval;
  }
  state.aggregateIntervals = intervals;
}

/** When the oldest batch was answered: every aggregate is at least this fresh. */
export function aggregatesFetchedAt(state: BatchState): number | null {
  if (state.batches === null || state.batches.length === 0) return null;
  let oldest = Infinity;
  for (const batch of state.batches) {
    if (batch.fetchedAt === null) return null;
    oldest = Math.min(oldest, batch.fetchedAt);
  }
  return oldest;
}
