/**
 * Entity sharing between consecutive snapshots: a version whose entities
 * were decoded afresh (a follower reads the whole snapshot from KV) keeps
 * the previous version's objects for every entity that did not change, so
 * the ring of recent versions holds each unchanged queue and agent once.
 *
 * @module
 */

import type { Snapshot, SnapshotChanges } from "../snapshot/mod.ts";

/**
 * `next` with every queue and agent that `changes` does not name taken from
 * `prev` (equal by definition of `changes`); `next` itself when nothing is
 * shared. Neither argument is modified.
 */
export function shareUnchanged(
  prev: Snapshot,
  next: Snapshot,
  changes: SnapshotChanges,
): Snapshot {
  const queues = shared(prev.queues, next.queues, changes.queues);
  const agents = shared(prev.agents, next.agents, changes.agents);
  if (queues === next.queues && agents === next.agents) return next;
  return { ...next, queues, agents };
}

function shared<T>(
  prev: Record<string, T>,
  next: Record<string, T>,
  changed: ReadonlySet<string>,
): Record<string, T> {
  let out: Record<string, T> | null = null;
  for (const id in next) {
    if (changed.has(id) || next[id] === prev[id]) continue;
    out ??= { ...next };
    out[id] = prev[id];
  }
  return out ?? next;
}
