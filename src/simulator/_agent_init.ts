/**
 * An agent's state when a run starts, and the run events of its shift
 * plans (presence changes and direct calls) for yesterday's and today's
 * shifts.
 *
 * @module
 */

import type { AgentLive } from "./_model.ts";
import type { AgentDef, SystemPresence } from "./_org.ts";
import { planAgentDay } from "./_schedule.ts";

/** A planned event of one agent. */
export type AgentEvent =
  | { at: number; kind: "presence"; agent: number; presence: SystemPresence }
  | { at: number; kind: "directCall"; agent: number; durationMs: number };

/** The days a run touches. */
export interface RunDays {
  prevStart: number;
  dayStart: number;
  runStart: number;
  dayEnd: number;
  /** Date keys of the day before yesterday, yesterday and today. */
  keys: readonly [string, string, string];
}

/**
 * Plans yesterday's and today's shifts of `def`, pushes every event in
 * (runStart, dayEnd) through `push`, and returns the agent's state at
 * `runStart` (the last planned presence at or before it).
 */
export function initAgent(
  seed: number,
  def: AgentDef,
  days: RunDays,
  push: (ev: AgentEvent) => void,
): AgentLive {
  const [prevPrevKey, prevKey, key] = days.keys;
  const before = planAgentDay(
    seed,
    def.index,
    prevKey,
    prevPrevKey,
    days.prevStart,
  );
  const today = planAgentDay(seed, def.index, key, prevKey, days.dayStart);
  const steps = [...before.steps, ...today.steps].sort((a, b) => a.at - b.at);
  let presence: SystemPresence = "OFFLINE";
  let since = days.prevStart;
  for (const step of steps) {
    if (step.at <= days.runStart) {
      presence = step.presence;
      since = step.at;
    } else if (step.at < days.dayEnd) {
      push({
        at: step.at,
        kind: "presence",
        agent: def.index,
        presence: step.presence,
      });
    }
  }
  for (const call of [...before.calls, ...today.calls]) {
    if (call.at > days.runStart && call.at < days.dayEnd) {
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
    routing: presence === "ON_QUEUE" ? "IDLE" : "OFF_QUEUE",
    routingSince: since,
    gen: 0,
    pending: null,
  };
}
