/**
 * Routing activity that Genesys could not give in full (private). A result
 * group with `truncated: true` (the client pages until nothing is truncated,
 * and leaves the flag set when it had to stop) lacks some of the queue's
 * agents: those the last answers knew are kept with their last known state,
 * and the queue is reported with the time of the oldest state kept. A
 * complete group replaces what was known of its queue.
 *
 * @module
 */

import type {
  RoutingActivityEntityData,
  RoutingActivityResponse,
} from "../genesys/types.ts";

/** One agent's last known state in one queue. */
interface Known {
  entity: RoutingActivityEntityData;
  fetchedAt: number;
}

/** What the leader knows of each queue's agents: queue id → user id → state. */
export type AgentMemory = Map<string, Map<string, Known>>;

/** An answer with the agents it lacked filled in from memory. */
export interface MergedActivity {
  activity: RoutingActivityResponse;
  /** Queue id → when the oldest agent state kept for it was fetched, epoch ms. */
  incomplete: Record<string, number>;
}

/**
 * Merges `answer` (fetched at `fetchedAt`) with `memory`, updating `memory`
 * to what the merged answer says.
 */
export function mergeActivity(
  memory: AgentMemory,
  answer: RoutingActivityResponse,
  fetchedAt: number,
): MergedActivity {
  const incomplete: Record<string, number> = {};
  const seen = new Set<string>();
  const results = (answer.results ?? []).map((group) => {
    const queueId = group.group.queueId;
    if (queueId === undefined) return group;
    seen.add(queueId);
    const known = new Map<string, Known>();
    for (const entity of group.entities ?? []) {
      known.set(entity.userId, { entity, fetchedAt });
    }
    if (group.truncated !== true) {
      memory.set(queueId, known);
      return group;
    }
    let oldest = fetchedAt;
    const kept: RoutingActivityEntityData[] = [];
    for (const [userId, before] of memory.get(queueId) ?? []) {
      if (known.has(userId)) continue;
      known.set(userId, before);
      kept.push(before.entity);
      oldest = Math.min(oldest, before.fetchedAt);
    }
    memory.set(queueId, known);
    incomplete[queueId] = oldest;
    return { ...group, entities: [...(group.entities ?? []), ...kept] };
  });
  for (const queueId of [...memory.keys()]) {
    if (!seen.has(queueId)) memory.delete(queueId);
  }
  return { activity: { ...answer, results }, incomplete };
}
