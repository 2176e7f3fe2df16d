/**
 * The notification topics the simulator publishes, parsed: the queue
 * observation topic and the user topics, separate
 * (`v2.users.{id}.presence`, `v2.users.{id}.routingStatus`) or combined
 * (`v2.users.{id}?presence&routingStatus`, one subscription whose messages
 * still arrive under the separate topic names).
 *
 * @module
 */

import type { AgentDef, Org, QueueDef } from "./_org.ts";

/** A topic the simulator can publish. */
export type Topic =
  | { kind: "queue"; queue: QueueDef }
  | {
    kind: "user";
    agent: AgentDef;
    presence: boolean;
    routingStatus: boolean;
  };

/** A topic, or why it cannot be subscribed. */
export type TopicLookup = Topic | { kind: "rejected"; reason: string };

const QUEUE = /^v2\.analytics\.queues\.([^.]+)\.observations$/;
const USER = /^v2\.users\.([^.?]+)(?:\.(presence|routingStatus)|\?([\w&]+))$/;

/** Reasons of rejected topics (the simulator's wording). */
export const REJECTIONS = {
  unsupported: "Topic is not supported",
  notFound: "Entity not found",
  permissions: "Missing permissions",
} as const;

/** Parses `topic` against the org. */
export function lookUpTopic(org: Org, topic: string): TopicLookup {
  const queue = QUEUE.exec(topic);
  if (queue) {
    const q = org.queueById.get(queue[1]);
    return q
      ? { kind: "queue", queue: q }
      : { kind: "rejected", reason: REJECTIONS.notFound };
  }
  const user = USER.exec(topic);
  if (!user) return { kind: "rejected", reason: REJECTIONS.unsupported };
  const parts = user[2] ? [user[2]] : user[3].split("&");
  const known = ["presence", "routingStatus"];
  if (parts.some((p) => !known.includes(p))) {
    return { kind: "rejected", reason: REJECTIONS.unsupported };
  }
  const agent = org.agentById.get(user[1]);
  if (!agent) return { kind: "rejected", reason: REJECTIONS.notFound };
  return {
    kind: "user",
    agent,
    presence: parts.includes("presence"),
    routingStatus: parts.includes("routingStatus"),
  };
}
