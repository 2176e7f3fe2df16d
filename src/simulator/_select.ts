/**
 * Which queues a query is about.
 *
 * @module
 */

import type { Org, QueueDef } from "./_org.ts";

/**
 * The queues named by `ids` (request order, duplicates and unknown ids
 * dropped), or every queue in org order when no id was given.
 */
export function selectQueues(
  org: Org,
  ids: readonly string[] | undefined,
): QueueDef[] {
  if (!ids || ids.length === 0) return org.queues;
  const out: QueueDef[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const q = org.queueById.get(id);
    if (q && !seen.has(id)) {
      seen.add(id);
      out.push(q);
    }
  }
  return out;
}
