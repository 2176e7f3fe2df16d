/**
 * Agents when a run starts: who works which shift yesterday and today, the
 * run events of those shifts (presence changes and direct calls), and each
 * agent's state at the start of the run.
 *
 * @module
 */

import type { LocalDay } from "./_local_day.ts";
import type { AgentLive } from "./_model.ts";
import type { Org, SystemPresence } from "./_org.ts";
import { type AgentDayPlan, planShift } from "./_schedule.ts";
import { teamRoster } from "./_staffing.ts";

/** A planned event of one agent. */
export type AgentEvent =
  | { at: number; kind: "presence"; agent: number; presence: SystemPresence }
  | { at: number; kind: "directCall"; agent: number; durationMs: number };

/** One local day a run plans shifts for. */
export interface PlannedDay {
  day: LocalDay;
  dateKey: string;
}

/** The shift of every agent on one day: start minute, or -1. */
function rosterOf(org: Org, dateKey: string): number[] {
  const out = new Array<number>(org.agents.length).fill(-1);
  for (const team of org.teams) {
    const starts = teamRoster(org.seed, team.agents, team.shifts, dateKey);
    team.agents.forEach((agent, p) => out[agent] = starts[p]);
  }
  return out;
}

/**
 * Plans the shifts of `days` (yesterday's and today's: a night shift runs
 * into today), pushes every event in (runStart, runEnd) through `push`, and
 * returns each agent's state at `runStart` (its last planned presence).
 */
export function initAgents(
  org: Org,
  days: readonly PlannedDay[],
  runStart: number,
  runEnd: number,
  push: (ev: AgentEvent) => void,
): AgentLive[] {
  const plans: AgentDayPlan[][] = org.agents.map(() => []);
  for (const { day, dateKey } of days) {
    const roster = rosterOf(org, dateKey);
    roster.forEach((start, agent) => {
      if (start >= 0) {
        plans[agent].push(planShift(org.seed, agent, dateKey, start, day));
      }
    });
  }
  return org.agents.map((def) => {
    const steps = plans[def.index].flatMap((p) => p.steps)
      .sort((a, b) => a.at - b.at);
    let presence: SystemPresence = "OFFLINE";
    let since = days[0].day.start;
    for (const step of steps) {
      if (step.at <= runStart) {
        presence = step.presence;
        since = step.at;
      } else if (step.at < runEnd) {
        push({
          at: step.at,
          kind: "presence",
          agent: def.index,
          presence: step.presence,
        });
      }
    }
    for (const call of plans[def.index].flatMap((p) => p.calls)) {
      if (call.at > runStart && call.at < runEnd) {
        push({
          at: call.at,
          kind: "directCall",
          agent: def.index,
          durationMs: call.durationMs,
        });
      }
    }
    return {
      def,
      presence,
      presenceSince: since,
      planned: presence,
      forced: null,
      routing: presence === "ON_QUEUE" ? "IDLE" : "OFF_QUEUE",
      routingSince: since,
      gen: 0,
      pending: null,
    };
  });
}
