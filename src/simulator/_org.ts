/**
 * The simulated organisation: divisions, queues (media mix, service levels,
 * arrival rates), agents (names, queue memberships) and presence
 * definitions. Everything follows from the seed and the two sizes.
 *
 * @module
 */

import {
  DIVISION_NAMES,
  FIRST_NAMES,
  LAST_NAMES,
  QUEUE_NAMES,
  QUEUE_WEIGHTS,
} from "./_names.ts";
import { hashSeed, Rng } from "./_prng.ts";
import { onQueueShare } from "./_schedule.ts";
import {
  type ArrivalProfile,
  createArrivalProfile,
  meanHandleMs,
  MEDIA,
  MEDIA_TYPES,
  type MediaType,
} from "./_traffic.ts";

/** System presences, in answer order (genesys-api.md §4). */
export const SYSTEM_PRESENCES = [
  "ON_QUEUE",
  "AVAILABLE",
  "AWAY",
  "BUSY",
  "BREAK",
  "MEAL",
  "MEETING",
  "TRAINING",
  "IDLE",
  "OFFLINE",
] as const;

/** One system presence. */
export type SystemPresence = typeof SYSTEM_PRESENCES[number];

/** A division of the org. */
export interface DivisionDef {
  id: string;
  name: string;
}

/** Service level of one `mediaSettings` key. */
export interface QueueMediaSetting {
  alertingTimeoutSeconds: number;
  percentage: number;
  durationMs: number;
}

/** A queue of the org. */
export interface QueueDef {
  index: number;
  id: string;
  name: string;
  division: number;
  /** Media types handled, in `MEDIA_TYPES` order. */
  media: MediaType[];
  /** Arrival share of each entry of `media`. */
  mediaWeights: number[];
  /** Settings of every `mediaSettings` key (`call`, `chat`, …). */
  settings: Record<string, QueueMediaSetting>;
  /** Agent indexes of the members, ascending. */
  members: number[];
  /**
   * Members whose queue membership is not joined (`queueMembershipStatus`
   * inactive): routing skips them and `oActiveUsers` does not count them.
   */
  unjoined: Set<number>;
  /** Arrivals per ms at profile intensity 1 (all members on queue). */
  ratePerMs: number;
}

/** An agent (user) of the org. */
export interface AgentDef {
  index: number;
  id: string;
  name: string;
  email: string;
  division: number;
  /** Queue indexes, primary first. */
  queues: number[];
}

/** An organization presence definition. */
export interface PresenceDef {
  id: string;
  system: SystemPresence;
}

/** The whole org. */
export interface Org {
  seed: number;
  divisions: DivisionDef[];
  queues: QueueDef[];
  agents: AgentDef[];
  presences: PresenceDef[];
  /** Arrival intensity by time of day (shared by all queues). */
  profile: ArrivalProfile;
  /** Organization presence id of each system presence. */
  presenceIds: Record<SystemPresence, string>;
  queueById: Map<string, QueueDef>;
  agentById: Map<string, AgentDef>;
}

const MEDIA_CHANCE: Record<MediaType, number> = {
  voice: 0.9,
  chat: 0.4,
  email: 0.3,
  message: 0.25,
  callback: 0.2,
};

/** Builds the org of `seed` with `queueCount` queues and `agentCount` agents. */
export function buildOrg(
  seed: number,
  queueCount: number,
  agentCount: number,
): Org {
  const rng = new Rng(hashSeed(seed, "org"));
  const divisions = DIVISION_NAMES.slice(0, rng.chance(0.5) ? 3 : 2).map(
    (name) => ({ id: `d-${rng.uuid()}`, name }),
  );
  const presences = SYSTEM_PRESENCES.map((system) => ({
    id: `p-${rng.uuid()}`,
    system,
  }));
  const queues = Array.from(
    { length: queueCount },
    (_, i) => makeQueue(rng, i),
  );
  for (const q of queues) q.division = rng.int(divisions.length);
  const agents = makeAgents(rng, agentCount, divisions.length);
  const weights = queues.map((_, i) => QUEUE_WEIGHTS[i] ?? rng.between(0.5, 2));
  assignMembers(rng, agents, queues, weights);
  for (const q of queues) q.ratePerMs = arrivalRate(rng, q, agents);
  const presenceIds = Object.fromEntries(
    presences.map((p) => [p.system, p.id]),
  ) as Record<SystemPresence, string>;
  return {
    seed,
    divisions,
    queues,
    agents,
    presences,
    profile: createArrivalProfile(onQueueShare()),
    presenceIds,
    queueById: new Map(queues.map((q) => [q.id, q])),
    agentById: new Map(agents.map((a) => [a.id, a])),
  };
}

function makeQueue(rng: Rng, index: number): QueueDef {
  const name = QUEUE_NAMES[index] ?? `Queue ${index + 1}`;
  let media = MEDIA_TYPES.filter((m) =>
    (index === 0 && m === "voice") || rng.chance(MEDIA_CHANCE[m])
  );
  if (media.length === 0) media = ["voice"];
  const settings: Record<string, QueueMediaSetting> = {};
  for (const m of MEDIA_TYPES) {
    const model = MEDIA[m];
    const vip = name === "VIP" && m === "voice";
    settings[model.setting] = {
      alertingTimeoutSeconds: model.alertingTimeoutSeconds,
      percentage: vip ? 0.9 : rng.pick(model.slPercentages),
      durationMs: vip ? 15_000 : rng.pick(model.slDurationsMs),
    };
  }
  return {
    index,
    id: `q-${rng.uuid()}`,
    name,
    division: 0,
    media,
    mediaWeights: media.map((m) => MEDIA[m].weight),
    settings,
    members: [],
    unjoined: new Set(),
    ratePerMs: 0,
  };
}

function makeAgents(
  rng: Rng,
  count: number,
  divisionCount: number,
): AgentDef[] {
  const combos: [number, number][] = [];
  for (let f = 0; f < FIRST_NAMES.length; f++) {
    for (let l = 0; l < LAST_NAMES.length; l++) combos.push([f, l]);
  }
  for (let i = combos.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [combos[i], combos[j]] = [combos[j], combos[i]];
  }
  return Array.from({ length: count }, (_, index) => {
    const [f, l] = combos[index % combos.length];
    const round = Math.floor(index / combos.length);
    const suffix = round === 0 ? "" : ` ${round + 1}`;
    const name = `${FIRST_NAMES[f]} ${LAST_NAMES[l]}${suffix}`;
    const local = `${FIRST_NAMES[f]}.${LAST_NAMES[l]}${
      round === 0 ? "" : round + 1
    }`.toLowerCase();
    return {
      index,
      id: `u-${rng.uuid()}`,
      name,
      email: `${local}@example.com`,
      division: rng.int(divisionCount),
      queues: [],
    };
  });
}

function assignMembers(
  rng: Rng,
  agents: AgentDef[],
  queues: QueueDef[],
  weights: number[],
): void {
  for (const agent of agents) {
    const primary = agent.index < queues.length
      ? agent.index
      : rng.weighted(weights);
    const chosen = [primary];
    const extra = Math.min(rng.weighted([0.45, 0.35, 0.2]), queues.length - 1);
    for (let tries = 0; chosen.length < extra + 1 && tries < 20; tries++) {
      const q = rng.weighted(weights);
      if (!chosen.includes(q)) chosen.push(q);
    }
    agent.queues = chosen;
    for (const q of chosen) queues[q].members.push(agent.index);
  }
}

function arrivalRate(rng: Rng, queue: QueueDef, agents: AgentDef[]): number {
  let capacity = 0;
  for (const a of queue.members) capacity += 1 / agents[a].queues.length;
  capacity = Math.max(capacity, 0.5);
  let weight = 0;
  let handle = 0;
  queue.media.forEach((m, i) => {
    weight += queue.mediaWeights[i];
    handle += queue.mediaWeights[i] * meanHandleMs(MEDIA[m]);
  });
  const load = rng.between(0.6, 0.8);
  return capacity * load / (handle / weight);
}
