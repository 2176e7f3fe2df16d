/**
 * Changes between snapshots and between views: what a receiver must be sent
 * to bring its view from one version to the next (the `delta` frame of
 * docs/protocol.md).
 *
 * @module
 */

import type { SnapshotChanges, View, ViewDelta } from "./contracts.ts";
import {
  type AgentState,
  ENTITY_KINDS,
  NESTED_KINDS,
  type SnapshotData,
} from "./model.ts";
import { eachChange, type Nested } from "./_nested.ts";
import { applyTrend, trendDelta } from "./trend.ts";

/** JSON text per entity object: entities are immutable once built. */
const jsonCache = new WeakMap<object, string>();

function jsonOf(value: object): string {
  let text = jsonCache.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    jsonCache.set(value, text);
  }
  return text;
}

/** Stable equality of two entities (same object, or same JSON text). */
function sameEntity(a: object | undefined, b: object | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return jsonOf(a) === jsonOf(b);
}

function changedIds<T extends object>(
  prev: Record<string, T>,
  next: Record<string, T>,
): Set<string> {
  const out = new Set<string>();
  for (const id of Object.keys(prev)) {
    if (!Object.hasOwn(next, id) || !sameEntity(prev[id], next[id])) {
      out.add(id);
    }
  }
  for (const id of Object.keys(next)) {
    if (!Object.hasOwn(prev, id)) out.add(id);
  }
  return out;
}

/**
 * Ids of the entities of every kind added, removed or changed from `prev`
 * to `next` (computed once per version, shared by every receiver); for the
 * trend kinds, the `"<queueId>|<start>"` ids of intervals.
 *
 * @example
 * ```ts
 * const changes = diffSnapshots(previous, current);
 * changes.queues.has("q-1"); // true when q-1 differs
 * ```
 */
export function diffSnapshots(
  prev: SnapshotData,
  next: SnapshotData,
): SnapshotChanges {
  const changes = {} as SnapshotChanges;
  for (const kind of ENTITY_KINDS) {
    if (NESTED_KINDS.has(kind)) {
      const ids = new Set<string>();
      eachChange(
        prev[kind] as Nested,
        next[kind] as Nested,
        sameFlat,
        (id) => ids.add(id),
      );
      changes[kind] = ids;
    } else {
      changes[kind] = changedIds<object>(prev[kind], next[kind]);
    }
  }
  return changes;
}

/** Equality of two flat entities (every field a primitive: trend intervals, sums). */
function sameFlat(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (x[key] !== y[key]) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameAgent(a: AgentState, b: AgentState): boolean {
  return a === b || (
    a.id === b.id && a.name === b.name &&
    a.routingStatus === b.routingStatus &&
    a.routingStatusSince === b.routingStatusSince &&
    a.presence === b.presence && a.presenceSince === b.presenceSince &&
    sameStrings(a.queueIds, b.queueIds)
  );
}

/**
 * The delta that turns `prevView` into `nextView`: entities that entered or
 * changed, `null` for those that left, and the new totals; with a trend in
 * `nextView`, the intervals and interval totals that changed. `changes` (from
 * `diffSnapshots` of the underlying snapshots) limits the comparison to
 * entities known to differ; null compares everything.
 *
 * @example
 * ```ts
 * const delta = viewDelta(before, after, diffSnapshots(a, b));
 * applyDelta(before, delta); // deep-equals `after`
 * ```
 */
export function viewDelta(
  prevView: View,
  nextView: View,
  changes: SnapshotChanges | null,
): ViewDelta {
  const queues: ViewDelta["queues"] = {};
  for (const id of Object.keys(prevView.queues)) {
    if (!Object.hasOwn(nextView.queues, id)) queues[id] = null;
  }
  for (const [id, queue] of Object.entries(nextView.queues)) {
    const before = prevView.queues[id];
    if (before === undefined || !Object.hasOwn(prevView.queues, id)) {
      queues[id] = queue;
    } else if (changes === null || changes.queues.has(id)) {
      if (!sameEntity(before, queue)) queues[id] = queue;
    }
  }
  const delta: ViewDelta = { queues, totals: nextView.totals };
  if (nextView.agents !== undefined) {
    delta.agents = agentDelta(
      prevView.agents ?? {},
      nextView.agents,
      changes?.agents ?? null,
    );
  }
  if (nextView.trend !== undefined && nextView.trendTotals !== undefined) {
    Object.assign(
      delta,
      trendDelta(prevView, {
        trend: nextView.trend,
        trendTotals: nextView.trendTotals,
      }),
    );
  }
  return delta;
}

function agentDelta(
  prev: Record<string, AgentState>,
  next: Record<string, AgentState>,
  changed: ReadonlySet<string> | null,
): Record<string, AgentState | null> {
  const out: Record<string, AgentState | null> = {};
  for (const id of Object.keys(prev)) {
    if (!Object.hasOwn(next, id)) out[id] = null;
  }
  for (const [id, agent] of Object.entries(next)) {
    const before = Object.hasOwn(prev, id) ? prev[id] : undefined;
    if (before === undefined) {
      out[id] = agent;
    } else if (changed === null || changed.has(id)) {
      if (!sameAgent(before, agent)) out[id] = agent;
    } else if (!sameStrings(before.queueIds, agent.queueIds)) {
      // Equal in the snapshots: only the cut of queueIds can differ.
      out[id] = agent;
    }
  }
  return out;
}

/**
 * Applies `delta` to `view` and returns the new view (`view` is not
 * modified); a `null` entry removes the entity.
 *
 * @example
 * ```ts
 * const next = applyDelta(view, { queues: { "q-9": null }, totals });
 * ```
 */
export function applyDelta(view: View, delta: ViewDelta): View {
  const out: View = {
    queues: applyEntries(view.queues, delta.queues),
    totals: delta.totals,
  };
  if (delta.agents !== undefined) {
    out.agents = applyEntries(view.agents ?? {}, delta.agents);
  } else if (view.agents !== undefined) {
    out.agents = view.agents;
  }
  if (delta.trend !== undefined) {
    out.trend = applyTrend(view.trend ?? {}, delta.trend);
  } else if (view.trend !== undefined) {
    out.trend = view.trend;
  }
  if (delta.trendTotals !== undefined) {
    out.trendTotals = applyEntries(view.trendTotals ?? {}, delta.trendTotals);
  } else if (view.trendTotals !== undefined) {
    out.trendTotals = view.trendTotals;
  }
  return out;
}

function applyEntries<T>(
  base: Record<string, T>,
  changes: Record<string, T | null>,
): Record<string, T> {
  const out: Record<string, T> = { ...base };
  for (const [id, value] of Object.entries(changes)) {
    if (value === null) delete out[id];
    else out[id] = value;
  }
  return out;
}
