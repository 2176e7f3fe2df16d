/**
 * The simulated organisation: divisions, queues (media mix, service levels,
 * volumes), teams, agents (names, queue memberships, joined or not) and
 * presence definitions. Everything follows from the seed and the two sizes.
 *
 * Agents work in teams (`_teams.ts`) whose volume follows from what their
 * roster can staff (`_staffing.ts`).
 *
 * @module
 */

import {
  DIVISION_NAMES,
  FIRST_NAMES,
  LAST_NAMES,
  QUEUE_NAMES,
  QUEUE_WEIGHTS,
  VIP_QUEUE,
} from "./_names.ts";
import { hashSeed, Rng } from "./_prng.ts";
import { buildTeams } from "./_teams.ts";
import { MEDIA, MEDIA_TYPES, type MediaType } from "./_traffic.ts";

/** System presences, in answer order (as Genesys lists them). */
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
  /** Index of the team that works the queue. */
  team: number;
  /**
   * Routing priority: an idle agent takes the oldest conversation of the
   * highest priority waiting in its queues (VIP 1, others 0).
   */
  priority: number;
  /** Arrivals per ms at peak demand (`demandAt` = 1). */
  ratePerMs: number;
}

/** Agents who work a set of queues together, and the plan they work. */
export interface TeamDef {
  index: number;
  /** Queue indexes, in org order. */
  queues: number[];
  /** Agent indexes in roster (rank) order. */
  agents: number[];
  /** Shift starts of every day (half-hour indexes), in roster order. */
  shifts: number[];
}

/** An agent (user) of the org. */
export interface AgentDef {
  index: number;
  id: string;
  name: string;
  email: string;
  division: number;
  /** Index of the agent's team. */
  team: number;
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
  teams: TeamDef[];
  agents: AgentDef[];
  presences: PresenceDef[];
  /** Organization presence id of each system presence. */
  presenceIds: Record<SystemPresence, string>;
  queueById: Map<string, QueueDef>;
  agentById: Map<string, AgentDef>;
}

/** Chance that a queue handles each media type (every queue takes calls). */
const MEDIA_CHANCE: Record<MediaType, number> = {
  voice: 1,
  chat: 0.4,
  email: 0.3,
  message: 0.25,
  callback: 0.2,
};

/** The VIP queue's voice service level (stricter than its team's tier). */
const VIP_SETTING = { percentage: 0.9, durationMs: 30_000 };

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
  const teams = buildTeams(rng, queues, agents, weights);
  const presenceIds = Object.fromEntries(
    presences.map((p) => [p.system, p.id]),
  ) as Record<SystemPresence, string>;
  return {
    seed,
    divisions,
    queues,
    teams,
    agents,
    presences,
    presenceIds,
    queueById: new Map(queues.map((q) => [q.id, q])),
    agentById: new Map(agents.map((a) => [a.id, a])),
  };
}

function makeQueue(rng: Rng, index: number): QueueDef {
  const name = QUEUE_NAMES[index] ?? `Queue ${index + 1}`;
  const media = MEDIA_TYPES.filter((m) => rng.chance(MEDIA_CHANCE[m]));
  const settings: Record<string, QueueMediaSetting> = {};
  for (const m of MEDIA_TYPES) {
    const model = MEDIA[m];
    const vip = name === VIP_QUEUE && m === "voice";
    settings[model.setting] = {
      alertingTimeoutSeconds: model.alertingTimeoutSeconds,
      percentage: vip ? VIP_SETTING.percentage : rng.pick(model.slPercentages),
      durationMs: vip ? VIP_SETTING.durationMs : rng.pick(model.slDurationsMs),
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
    team: -1,
    priority: name === VIP_QUEUE ? 1 : 0,
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
      team: -1,
      queues: [],
    };
  });
}
