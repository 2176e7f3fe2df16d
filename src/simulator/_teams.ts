/**
 * Teams: agents who work a set of queues together. Queues in org order are
 * cut into runs of similar volume, one per about `TEAM_SIZE` agents, so a
 * few agents cover all of a team's queues at night. A team's agents are
 * members of all its queues (a few memberships not joined, a few agents
 * also in one queue of another team); its queues share a service tier; its
 * volume is the largest its roster can staff (`_staffing.ts`).
 *
 * @module
 */

import type { ThresholdShare } from "./_erlang.ts";
import type { AgentDef, QueueDef, TeamDef } from "./_org.ts";
import type { Rng } from "./_prng.ts";
import { planTeam, type TeamLoad } from "./_staffing.ts";
import { meanHandleMs, MEDIA } from "./_traffic.ts";

/** Agents per team the org aims at. */
const TEAM_SIZE = 40;
/** Chance that a membership other than the primary one is not joined. */
const UNJOINED_CHANCE = 0.08;
/** Chance that an agent is also a member of one queue of another team. */
const CROSS_TEAM_CHANCE = 0.05;

/**
 * The teams of the org: sets each queue's team, service tier and volume,
 * each agent's team and queue memberships.
 */
export function buildTeams(
  rng: Rng,
  queues: QueueDef[],
  agents: AgentDef[],
  weights: number[],
): TeamDef[] {
  const teams = makeTeams(rng, queues, weights, agents);
  for (const team of teams) setServiceTier(rng, queues, team);
  for (const team of teams) {
    const total = team.queues.reduce((sum, q) => sum + weights[q], 0);
    const plan = planTeam(teamLoad(queues, weights, team), team.agents.length);
    team.shifts = plan.shifts;
    for (const q of team.queues) {
      queues[q].ratePerMs = plan.ratePerMs * weights[q] / total;
    }
  }
  assignMembers(rng, agents, queues, teams, weights);
  return teams;
}

/**
 * A team's queues share one voice service-level percentage (a service tier
 * of that line of business); a queue with routing priority (VIP) keeps its
 * own, stricter one.
 */
function setServiceTier(rng: Rng, queues: QueueDef[], team: TeamDef): void {
  const tier = rng.pick(MEDIA.voice.slPercentages);
  for (const i of team.queues) {
    const q = queues[i];
    if (q.priority === 0) q.settings[MEDIA.voice.setting].percentage = tier;
  }
}

/** Mean time an agent spends on one conversation of queue `q`. */
function queueHandleMs(q: QueueDef): number {
  let weight = 0;
  let handle = 0;
  q.media.forEach((m, i) => {
    weight += q.mediaWeights[i];
    handle += q.mediaWeights[i] * meanHandleMs(MEDIA[m]);
  });
  return handle / weight;
}

/**
 * What a team's plan aims at: the volume-weighted handle time and target,
 * over the thresholds of every queue and media it handles.
 */
function teamLoad(
  queues: QueueDef[],
  weights: number[],
  team: TeamDef,
): TeamLoad {
  let total = 0;
  let handleMs = 0;
  let target = 0;
  const thresholds: ThresholdShare[] = [];
  for (const i of team.queues) {
    const q = queues[i];
    total += weights[i];
    handleMs += weights[i] * queueHandleMs(q);
    target += weights[i] * q.settings[MEDIA.voice.setting].percentage;
    const media = q.mediaWeights.reduce((sum, w) => sum + w, 0);
    q.media.forEach((m, k) => {
      thresholds.push({
        share: weights[i] * q.mediaWeights[k] / media,
        thresholdMs: q.settings[MEDIA[m].setting].durationMs,
      });
    });
  }
  for (const t of thresholds) t.share /= total;
  return {
    handleMs: handleMs / total,
    target: target / total,
    thresholds,
  };
}

/**
 * Teams of about `TEAM_SIZE` agents: queues in org order cut into runs of
 * similar volume; agents shared out in proportion to volume, in a random
 * order that is also their rank.
 */
function makeTeams(
  rng: Rng,
  queues: QueueDef[],
  weights: number[],
  agents: AgentDef[],
): TeamDef[] {
  const wanted = Math.min(
    queues.length,
    Math.max(1, Math.round(agents.length / TEAM_SIZE)),
  );
  const order = queues.map((q) => q.index);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const runs: number[][] = [];
  let before = 0;
  for (const q of order) {
    const at = Math.min(
      wanted - 1,
      Math.floor((before + weights[q] / 2) / (total / wanted)),
    );
    (runs[at] ??= []).push(q);
    before += weights[q];
  }
  const teams: TeamDef[] = runs.filter((r) => r !== undefined).map((
    run,
    index,
  ) => ({
    index,
    queues: run.sort((a, b) => a - b),
    agents: [],
    shifts: [],
  }));
  const shuffled = agents.map((a) => a.index);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const sizes = apportion(
    shuffled.length,
    teams.map((t) => t.queues.reduce((sum, q) => sum + weights[q], 0)),
  );
  let next = 0;
  teams.forEach((team, t) => {
    team.agents = shuffled.slice(next, next += sizes[t]);
    for (const q of team.queues) queues[q].team = t;
    for (const a of team.agents) agents[a].team = t;
  });
  return teams;
}

/** `count` split in proportion to `weights` (largest remainder). */
function apportion(count: number, weights: number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => count * w / total);
  const out = exact.map(Math.floor);
  let left = count - out.reduce((sum, n) => sum + n, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i])
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    out[i]++;
  }
  return out;
}

/**
 * Memberships: every agent is a member of all its team's queues (a primary
 * one first, drawn by volume), some also of one queue of another team. A
 * few memberships other than the primary one are not joined.
 */
function assignMembers(
  rng: Rng,
  agents: AgentDef[],
  queues: QueueDef[],
  teams: TeamDef[],
  weights: number[],
): void {
  for (const agent of agents) {
    const own = teams[agent.team]?.queues ?? [];
    if (own.length === 0) continue;
    const primary = own[rng.weighted(own.map((q) => weights[q]))];
    const chosen = [primary, ...own.filter((q) => q !== primary)];
    const others = queues.filter((q) => q.team !== agent.team);
    if (others.length > 0 && rng.chance(CROSS_TEAM_CHANCE)) {
      chosen.push(
        others[rng.weighted(others.map((q) => weights[q.index]))].index,
      );
    }
    agent.queues = chosen;
    for (const q of chosen) {
      queues[q].members.push(agent.index);
      if (q !== primary && rng.chance(UNJOINED_CHANCE)) {
        queues[q].unjoined.add(agent.index);
      }
    }
  }
  for (const q of queues) q.members.sort((a, b) => a - b);
}
