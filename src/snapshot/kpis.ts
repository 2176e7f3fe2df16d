/**
 * Totals over a set of queues (`Totals` of docs/protocol.md): counts are
 * sums, ratios are ratios of sums, never averages of ratios.
 *
 * @module
 */

import type { SnapshotData, Totals } from "./model.ts";

/**
 * `num / den`, or null when the denominator is zero or either side is not a
 * finite number (never NaN or Infinity).
 *
 * @example
 * ```ts
 * ratio(1, 4); // 0.25
 * ratio(1, 0); // null
 * ```
 */
export function ratio(num: number, den: number): number | null {
  if (den === 0 || !Number.isFinite(num) || !Number.isFinite(den)) return null;
  const value = num / den;
  return Number.isFinite(value) ? value : null;
}

/** `ratio` rounded to whole milliseconds (for AHT/ASA). */
export function ratioMs(sumMs: number, count: number): number | null {
  const value = ratio(sumMs, count);
  return value === null ? null : Math.round(value);
}

/**
 * Computes the totals over `queueIds` (unknown ids are ignored).
 *
 * @example
 * ```ts
 * const totals = computeTotals(data, Object.keys(data.queues));
 * totals.serviceLevel; // Σ numerators / Σ denominators
 * ```
 */
export function computeTotals(
  data: SnapshotData,
  queueIds: Iterable<string>,
): Totals {
  let waiting = 0, interacting = 0, alerting = 0;
  let oldest: string | null = null;
  let oldestMs = Infinity;
  let agentsOnQueue = 0, agentsIdle = 0, agentsInteracting = 0;
  let agentsNotResponding = 0, agentsBusy = 0;
  let offered = 0, answered = 0, abandoned = 0;
  let slNum = 0, slDen = 0, handleSum = 0, handleCount = 0;
  let answeredSum = 0, answeredCount = 0;
  for (const id of queueIds) {
    const q = data.queues[id];
    if (!q) continue;
    waiting += q.waiting;
    interacting += q.interacting;
    alerting += q.alerting;
    if (q.oldestWaitingSince !== null) {
      const ms = Date.parse(q.oldestWaitingSince);
      if (ms < oldestMs) {
        oldestMs = ms;
        oldest = q.oldestWaitingSince;
      }
    }
    agentsOnQueue += q.agents.onQueue;
    agentsIdle += q.agents.idle;
    agentsInteracting += q.agents.interacting;
    agentsNotResponding += q.agents.notResponding;
    agentsBusy += q.agents.interacting + q.agents.communicating;
    offered += q.today.offered;
    answered += q.today.answered;
    abandoned += q.today.abandoned;
    const s = data.sums[id];
    if (s) {
      slNum += s.slNumerator;
      slDen += s.slDenominator;
      handleSum += s.handleSumMs;
      handleCount += s.handleCount;
      answeredSum += s.answeredSumMs;
      answeredCount += s.answeredCount;
    }
  }
  return {
    waiting,
    interacting,
    alerting,
    oldestWaitingSince: oldest,
    agentsOnQueue,
    agentsIdle,
    agentsInteracting,
    agentsNotResponding,
    offered,
    answered,
    abandoned,
    serviceLevel: ratio(slNum, slDen),
    abandonRate: ratio(abandoned, offered),
    ahtMs: ratioMs(handleSum, handleCount),
    asaMs: ratioMs(answeredSum, answeredCount),
    occupancy: ratio(agentsBusy, agentsOnQueue),
  };
}
