/**
 * Per-version caches of the hub: visible queue sets per subscription spec,
 * and views per view key (visible set + agents flag), so that each distinct
 * view is computed once per version however many subscribers share it.
 *
 * @module
 */

import type { Snapshot } from "../snapshot/mod.ts";
import type { View } from "../snapshot/mod.ts";
import { viewOf, visibleQueues } from "../snapshot/mod.ts";
import { type SnapshotMessage, snapshotMessage } from "./protocol.ts";

/** What one subscriber asked for, within what its principal allows. */
export interface ViewSpec {
  /** The principal's scope: queue ids, or `"*"` for all. */
  scope: "*" | readonly string[];
  /** Queue ids asked for; null = every queue in scope. */
  filter: string[] | null;
  agents: boolean;
}

interface SpecEntry {
  visible: ReadonlySet<string> | null;
  key: string;
}

/** Views and visible sets of the current snapshot, and views of the previous one. */
export interface ViewCache {
  /** Moves the cache to `next`; `keepPrevious` keeps the old views as "previous". */
  advance(next: Snapshot, keepPrevious: boolean): void;
  /** The visible queue set of `spec` at the current snapshot. */
  visible(spec: ViewSpec): ReadonlySet<string> | null;
  /** The view key of `spec` at the current snapshot. */
  key(spec: ViewSpec): string;
  /** Identity of `spec` itself (scope, filter, agents), at any version. */
  specKey(spec: ViewSpec): string;
  /** The view of `spec` at the current snapshot. */
  current(spec: ViewSpec): View;
  /** The view with `key` of the previous snapshot `base` (cached). */
  previous(
    base: Snapshot,
    key: string,
    visible: ReadonlySet<string> | null,
    agents: boolean,
  ): View;
  /** The view of `spec` at any held `snapshot` (not cached). */
  of(snapshot: Snapshot, spec: ViewSpec): View;
  /** The `snapshot` message of `spec` at the current snapshot. */
  snapshotMessage(spec: ViewSpec, stale: boolean): SnapshotMessage;
}

/** Creates an empty view cache; call `advance` before anything else. */
export function createViewCache(): ViewCache {
  const specKeys = new WeakMap<ViewSpec, string>();
  let at: Snapshot | null = null;
  let specs = new Map<string, SpecEntry>();
  let currentViews = new Map<string, View>();
  let previousViews = new Map<string, View>();

  function specKey(spec: ViewSpec): string {
    let key = specKeys.get(spec);
    if (key === undefined) {
      const filter = spec.filter === null ? null : [...spec.filter].sort();
      const scope = spec.scope === "*" ? "*" : [...spec.scope].sort();
      key = JSON.stringify([scope, filter, spec.agents]);
      specKeys.set(spec, key);
    }
    return key;
  }

  function entry(spec: ViewSpec): SpecEntry {
    if (!at) throw new TypeError("Cannot compute a view: no snapshot yet");
    const key = specKey(spec);
    let found = specs.get(key);
    if (!found) {
      const visible = visibleQueues(at, spec.scope, spec.filter);
      found = { visible, key: viewKey(visible, spec.agents) };
      specs.set(key, found);
    }
    return found;
  }

  function current(spec: ViewSpec): View {
    const { visible, key } = entry(spec);
    let view = currentViews.get(key);
    if (!view) {
      view = viewOf(at!, visible, spec.agents);
      currentViews.set(key, view);
    }
    return view;
  }

  return {
    advance(next, keepPrevious) {
      previousViews = keepPrevious ? currentViews : new Map();
      currentViews = new Map();
      specs = new Map();
      at = next;
    },
    visible: (spec) => entry(spec).visible,
    key: (spec) => entry(spec).key,
    specKey,
    current,
    previous(base, key, visible, agents) {
      let view = previousViews.get(key);
      if (!view) {
        view = viewOf(base, visible, agents);
        previousViews.set(key, view);
      }
      return view;
    },
    of(snapshot, spec) {
      const visible = visibleQueues(snapshot, spec.scope, spec.filter);
      return viewOf(snapshot, visible, spec.agents);
    },
    snapshotMessage: (spec, stale) =>
      snapshotMessage(at!, current(spec), stale),
  };
}

/** The key of a view: the agents flag and the sorted visible queue ids. */
export function viewKey(
  visible: ReadonlySet<string> | null,
  agents: boolean,
): string {
  const queues = visible === null ? "*" : JSON.stringify([...visible].sort());
  return `${agents ? "a" : "-"}${queues}`;
}
