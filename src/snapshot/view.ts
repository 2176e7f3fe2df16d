/**
 * What one receiver sees: queues cut to its scope and filter, agents of those
 * queues, totals over exactly those queues, and on request today's trend of
 * those queues (docs/protocol.md, entities and scope).
 *
 * @module
 */

import type { View } from "./contracts.ts";
import { computeTotals } from "./kpis.ts";
import type { AgentState, QueueState, SnapshotData } from "./model.ts";
import { trendViewOf } from "./trend.ts";

/**
 * Builds the view of `data` for the queues in `visible` (null = all queues).
 * With `agents`, agents with at least one visible queue are included, their
 * `queueIds` cut to visible queues; agent objects are shared with `data`
 * when nothing is cut. With `trend`, the intervals of visible queues and
 * the totals per interval over them.
 *
 * @example
 * ```ts
 * const view = viewOf(snapshot, new Set(["q-1"]), true, true);
 * view.totals.waiting; // waiting in q-1 only
 * view.trendTotals; // q-1's figures per 30 minutes
 * ```
 */
export function viewOf(
  data: SnapshotData,
  visible: ReadonlySet<string> | null,
  agents: boolean,
  trend = false,
): View {
  let queues: Record<string, QueueState>;
  let ids: string[];
  if (visible === null) {
    queues = data.queues;
    ids = Object.keys(data.queues);
  } else {
    queues = {};
    ids = [];
    for (const id of Object.keys(data.queues)) {
      if (visible.has(id)) {
        queues[id] = data.queues[id];
        ids.push(id);
      }
    }
  }
  const view: View = { queues, totals: computeTotals(data, ids) };
  if (agents) view.agents = visibleAgents(data.agents, visible);
  if (trend) Object.assign(view, trendViewOf(data, visible));
  return view;
}

function visibleAgents(
  all: Record<string, AgentState>,
  visible: ReadonlySet<string> | null,
): Record<string, AgentState> {
  const out: Record<string, AgentState> = {};
  for (const [id, agent] of Object.entries(all)) {
    if (visible === null) {
      if (agent.queueIds.length > 0) out[id] = agent;
      continue;
    }
    let kept: string[] | null = null;
    for (let i = 0; i < agent.queueIds.length; i++) {
      const q = agent.queueIds[i];
      if (visible.has(q)) {
        kept?.push(q);
      } else if (kept === null) {
        kept = agent.queueIds.slice(0, i);
      }
    }
    if (kept === null) {
      if (agent.queueIds.length > 0) out[id] = agent;
    } else if (kept.length > 0) {
      out[id] = { ...agent, queueIds: kept };
    }
  }
  return out;
}

/**
 * The queue ids a receiver may see: its token `scope` ("*" = all) narrowed by
 * its requested `filter` (null = no filter). Returns null for "all queues"
 * so callers can skip the cut entirely.
 *
 * @example
 * ```ts
 * visibleQueues(data, "*", null); // null: every queue
 * visibleQueues(data, ["q-1", "q-2"], ["q-2"]); // Set { "q-2" }
 * ```
 */
export function visibleQueues(
  data: SnapshotData,
  scope: "*" | readonly string[],
  filter: string[] | null,
): Set<string> | null {
  if (scope === "*" && filter === null) return null;
  const allowed = scope === "*" ? null : new Set(scope);
  const wanted = filter === null ? null : new Set(filter);
  const out = new Set<string>();
  for (const id of Object.keys(data.queues)) {
    if (allowed !== null && !allowed.has(id)) continue;
    if (wanted !== null && !wanted.has(id)) continue;
    out.add(id);
  }
  return out;
}
