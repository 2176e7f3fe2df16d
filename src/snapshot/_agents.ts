/**
 * Agent states from a routing activity answer (private): the SDK models
 * `RoutingActivityResponse` and `UserPresence` give the shapes, the
 * `routingStatus` and system presence enumerations.
 *
 * @module
 */

import type {
  RoutingActivityEntityData,
  RoutingActivityResponse,
  User,
} from "../genesys/types.ts";
import { isoOrNull } from "./_time.ts";
import type { AgentState, RoutingStatus } from "./model.ts";

const ROUTING_STATUSES: ReadonlySet<string> = new Set<RoutingStatus>([
  "OFF_QUEUE",
  "IDLE",
  "INTERACTING",
  "NOT_RESPONDING",
  "COMMUNICATING",
]);

/**
 * System presences by their letters only, lower case: the endpoints spell
 * them `ON_QUEUE`, `OnQueue` or `On Queue`.
 */
const SYSTEM_PRESENCES: Record<string, string> = {
  available: "AVAILABLE",
  away: "AWAY",
  busy: "BUSY",
  offline: "OFFLINE",
  idle: "IDLE",
  onqueue: "ON_QUEUE",
  meal: "MEAL",
  training: "TRAINING",
  meeting: "MEETING",
  break: "BREAK",
  unknown: "UNKNOWN",
};

/**
 * Normalises a system presence to upper case with underscores
 * (`OnQueue`, `On Queue`, `on_queue` → `ON_QUEUE`); missing → `UNKNOWN`.
 */
export function normalisePresence(value: string | null | undefined): string {
  if (typeof value !== "string" || value.trim() === "") return "UNKNOWN";
  const known = SYSTEM_PRESENCES[value.replace(/[\s_-]+/g, "").toLowerCase()];
  if (known) return known;
  return value.trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[\s-]+/g, "_")
    .toUpperCase();
}

/** Normalises a routing status to the enumeration; unknown → `OFF_QUEUE`. */
export function normaliseRoutingStatus(
  value: string | null | undefined,
): RoutingStatus {
  if (typeof value !== "string") return "OFF_QUEUE";
  const upper = value.trim().replace(/[\s-]+/g, "_").toUpperCase();
  return ROUTING_STATUSES.has(upper) ? upper as RoutingStatus : "OFF_QUEUE";
}

interface Seen {
  entity: RoutingActivityEntityData;
  at: number;
  queues: Set<string>;
}

function activityAt(entity: RoutingActivityEntityData): number {
  const ms = Date.parse(entity.activityDate ?? "");
  return Number.isNaN(ms) ? -Infinity : ms;
}

/**
 * One AgentState per user of the activity answer that appears in at least
 * one queue of `queueIds`. When a user appears in several queues, the entity
 * with the latest `activityDate` gives the state (the first one on a tie).
 * Agents are returned sorted by id.
 */
export function agentStates(
  activity: RoutingActivityResponse,
  queueIds: ReadonlySet<string>,
  users: Record<string, User>,
): Record<string, AgentState> {
  const seen = new Map<string, Seen>();
  for (const group of activity.results ?? []) {
    for (const entity of group.entities ?? []) {
      const queueId = entity.queueId ?? group.group?.queueId;
      if (!queueId || !queueIds.has(queueId)) continue;
      if (typeof entity.userId !== "string" || entity.userId === "") continue;
      const at = activityAt(entity);
      const prev = seen.get(entity.userId);
      if (!prev) {
        seen.set(entity.userId, { entity, at, queues: new Set([queueId]) });
        continue;
      }
      prev.queues.add(queueId);
      if (at > prev.at) {
        prev.entity = entity;
        prev.at = at;
      }
    }
  }
  const out: Record<string, AgentState> = {};
  for (const id of [...seen.keys()].sort()) {
    const { entity, queues } = seen.get(id)!;
    const user = Object.hasOwn(users, id) ? users[id] : undefined;
    out[id] = {
      id,
      name: typeof user?.name === "string" && user.name !== "" ? user.name : id,
      routingStatus: normaliseRoutingStatus(entity.routingStatus),
      routingStatusSince: isoOrNull(entity.routingStatusDate),
      presence: normalisePresence(entity.systemPresence),
      presenceSince: isoOrNull(entity.presenceDate),
      queueIds: [...queues].sort(),
    };
  }
  return out;
}
