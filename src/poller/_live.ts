/**
 * The leader's live state (private): queue observations per group and the
 * agents' pushed routing status and presence, fed by polls and by pushed
 * events alike. Each group, and each agent's status and presence, is a
 * register whose newest value wins: a poll counts as of the time it was
 * asked, a pushed value as of its change stamp (`observedAt`, `changedAt`;
 * the arrival time when Genesys gave none). So a poll answer never undoes
 * a change pushed after it was asked, and a late pushed message never
 * undoes a poll that saw more.
 *
 * @module
 */

import type {
  ObservationMetricData,
  QueueObservationDataContainer,
  QueueObservationEvent,
  QueueObservationQueryResponse,
  RoutingActivityEntityData,
  RoutingActivityResponse,
  UserPresenceEvent,
  UserRoutingStatusEvent,
} from "../genesys/mod.ts";

/** A pushed agent event. */
export type AgentEvent = UserPresenceEvent | UserRoutingStatusEvent;

/** The live state of one leader. */
export interface LiveBook {
  /**
   * Takes a polled observation answer asked at `askedAt` (epoch ms):
   * every group pushed later keeps its pushed value, every other group is
   * the poll's, and groups the poll no longer has go.
   */
  takePolled(answer: QueueObservationQueryResponse, askedAt: number): void;
  /** Applies one pushed group; true when the book changed. */
  pushObservation(event: QueueObservationEvent): boolean;
  /** Applies one pushed agent state; true when the book changed. */
  pushAgent(event: AgentEvent): boolean;
  /** The observations as they stand, in the observation answer's shape. */
  observations(): QueueObservationQueryResponse;
  /**
   * `polled` with every pushed agent state newer than its own laid over;
   * pushed states the poll has caught up with (or whose agent it no longer
   * lists) are forgotten.
   */
  layOver(polled: RoutingActivityResponse): RoutingActivityResponse;
  /** Forgets everything (a new leader starts from a poll). */
  clear(): void;
}

interface Group {
  container: QueueObservationDataContainer;
  /** The time the value holds for, epoch ms. */
  at: number;
}

interface Pushed<T> {
  value: T;
  at: number;
}

interface AgentPush {
  routing?: Pushed<string>;
  presence?: Pushed<{ systemPresence: string; presenceId: string | null }>;
}

/** Creates an empty book. */
export function createLiveBook(): LiveBook {
  let groups = new Map<string, Group>();
  const agents = new Map<string, AgentPush>();

  return {
    takePolled(answer, askedAt) {
      const next = new Map<string, Group>();
      for (const container of answer.results ?? []) {
        const key = keyOf(container.group.queueId, container.group.mediaType);
        const pushed = groups.get(key);
        next.set(
          key,
          pushed !== undefined && pushed.at > askedAt
            ? pushed
            : { container, at: askedAt },
        );
      }
      for (const [key, group] of groups) {
        if (!next.has(key) && group.at > askedAt) next.set(key, group);
      }
      groups = next;
    },
    pushObservation(event) {
      const key = keyOf(event.queueId, event.mediaType);
      const known = groups.get(key);
      if (known !== undefined && event.observedAt < known.at) return false;
      const container = containerOf(event);
      const same = known !== undefined &&
        JSON.stringify(known.container.data) === JSON.stringify(container.data);
      groups.set(key, { container, at: event.observedAt });
      return !same;
    },
    pushAgent(event) {
      const at = event.changedAt ?? event.receivedAt;
      const entry = agents.get(event.userId) ?? {};
      agents.set(event.userId, entry);
      if (event.kind === "userRoutingStatus") {
        return offer(entry, "routing", { value: event.status, at });
      }
      const { systemPresence, presenceId } = event;
      return offer(entry, "presence", {
        value: { systemPresence, presenceId },
        at,
      });
    },
    observations() {
      return { results: [...groups.values()].map((g) => g.container) };
    },
    layOver(polled) {
      const seen = new Set<string>();
      const results = (polled.results ?? []).map((group) => {
        if (group.entities === undefined) return group;
        const entities = group.entities.map((entity) => {
          seen.add(entity.userId);
          const pushed = agents.get(entity.userId);
          return pushed === undefined ? entity : patch(entity, pushed);
        });
        return { ...group, entities };
      });
      for (const [userId, pushed] of agents) {
        if (!seen.has(userId)) agents.delete(userId);
        else if (
          pushed.routing === undefined && pushed.presence === undefined
        ) {
          agents.delete(userId);
        }
      }
      return { ...polled, results };
    },
    clear() {
      groups = new Map();
      agents.clear();
    },
  };
}

function keyOf(queueId: string | undefined, mediaType?: string | null) {
  return `${queueId ?? ""}|${mediaType ?? ""}`;
}

function containerOf(
  event: QueueObservationEvent,
): QueueObservationDataContainer {
  const group: QueueObservationDataContainer["group"] = {
    queueId: event.queueId,
  };
  if (event.mediaType !== null) group.mediaType = event.mediaType;
  const data: ObservationMetricData[] = event.metrics.map((m) => {
    const entry: ObservationMetricData = { metric: m.metric, stats: m.stats };
    if (m.qualifier !== undefined) entry.qualifier = m.qualifier;
    return entry;
  });
  return { group, data };
}

/** Keeps `next` in `entry[part]` unless what it holds is newer; true when it changed. */
function offer<K extends keyof AgentPush>(
  entry: AgentPush,
  part: K,
  next: NonNullable<AgentPush[K]>,
): boolean {
  const known = entry[part];
  if (known !== undefined && next.at < known.at) return false;
  entry[part] = next;
  return known === undefined || known.at !== next.at ||
    JSON.stringify(known.value) !== JSON.stringify(next.value);
}

/**
 * The entity with the pushed states that are newer than its own; a pushed
 * state the entity has caught up with is dropped from `pushed`.
 */
function patch(
  entity: RoutingActivityEntityData,
  pushed: AgentPush,
): RoutingActivityEntityData {
  let out = entity;
  const routing = pushed.routing;
  if (routing !== undefined) {
    if (routing.at > timeOf(entity.routingStatusDate)) {
      out = {
        ...out,
        routingStatus: routing.value,
        routingStatusDate: new Date(routing.at).toISOString(),
      };
    } else delete pushed.routing;
  }
  const presence = pushed.presence;
  if (presence !== undefined) {
    if (presence.at > timeOf(entity.presenceDate)) {
      out = {
        ...out,
        systemPresence: presence.value.systemPresence,
        presenceDate: new Date(presence.at).toISOString(),
      };
      if (presence.value.presenceId !== null) {
        out.organizationPresenceId = presence.value.presenceId;
      }
    } else delete pushed.presence;
  }
  return out;
}

function timeOf(iso: string | undefined): number {
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? -Infinity : ms;
}
