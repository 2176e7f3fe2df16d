/**
 * Totals over a set of queues (`Totals` of docs/protocol.md): conversation
 * counts are sums, ratios are ratios of sums, never averages of ratios, and
 * agents are counted once each however many of the queues they serve.
 *
 * @module
 */

import type { AgentState, SnapshotData, Totals } from "./model.ts";

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

/** Agents on queue by what they do (the agent part of `Totals`). */
interface AgentCounts {
  onQueue: number;
  idle: number;
  interacting: number;
  notResponding: number;
  /** Interacting or communicating: the occupancy numerator. */
  busy: number;
}

/**
 * Counts each agent of the visible queues once: an agent who is a member of
 * three of them is one agent on queue, not three. Null when the snapshot
 * knows no agent of those queues (then the queues' own counts are summed).
 */
function distinctAgents(
  agents: Readonly<Record<string, AgentState>>,
  visible: ReadonlySet<string>,
): AgentCounts | null {
  const counts = {
    onQueue: 0,
    idle: 0,
    interacting: 0,
    notResponding: 0,
    busy: 0,
  };
  let known = false;
  for (const id in agents) {
    const agent = agents[id];
    if (!agent.queueIds.some((q) => visible.has(q))) continue;
    known = true;
    const status = agent.routingStatus;
    if (status === "OFF_QUEUE") continue;
    counts.onQueue++;
    if (status === "IDLE") counts.idle++;
    else if (status === "NOT_RESPONDING") counts.notResponding++;
    else {
      if (status === "INTERACTING") counts.interacting++;
      counts.busy++;
    }
  }
  return known ? counts : null;
}

/**
 * Computes the totals over `queueIds` (unknown ids are ignored). Agent
 * figures count distinct agents of those queues when the snapshot has its
 * agent list, else they are the sums of the queues' counts.
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
  const visible = new Set<string>();
  for (const id of queueIds) {
    const q = data.queues[id];
    if (!q) continue;
    visible.add(id);
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
  const agents = distinctAgents(data.agents, visible) ?? {
    onQueue: agentsOnQueue,
    idle: agentsIdle,
    interacting: agentsInteracting,
    notResponding: agentsNotResponding,
    busy: agentsBusy,
  };
  return {
    waiting,
    interacting,
    alerting,
    oldestWaitingSince: oldest,
    agentsOnQueue: agents.onQueue,
    agentsIdle: agents.idle,
    agentsInteracting: agents.interacting,
    agentsNotResponding: agents.notResponding,
    offered,
    answered,
    abandoned,
    serviceLevel: ratio(slNum, slDen),
    abandonRate: ratio(abandoned, offered),
    ahtMs: ratioMs(handleSum, handleCount),
    asaMs: ratioMs(answeredSum, answeredCount),
    occupancy: ratio(agents.busy, agents.onQueue),
  };
}
