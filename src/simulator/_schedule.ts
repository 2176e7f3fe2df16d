/**
 * Agent shift plans: when each agent logs in, goes on queue, takes breaks,
 * meals, meetings and training, takes direct (non-queue) calls and logs
 * out. A plan depends only on (seed, agent, local date).
 *
 * @module
 */

import { hashSeed, Rng } from "./_prng.ts";
import type { SystemPresence } from "./_org.ts";

/** One planned presence change. */
export interface PresenceStep {
  at: number;
  presence: SystemPresence;
}

/** A planned direct (non-queue) call: COMMUNICATING if the agent is idle. */
export interface DirectCall {
  at: number;
  durationMs: number;
}

/** An agent's plan for the shift that starts on one local day. */
export interface AgentDayPlan {
  steps: PresenceStep[];
  calls: DirectCall[];
}

const MINUTE = 60_000;
const SHIFT_MINUTES = 510;
/** Shift start (minutes after local midnight); -1 = day off. */
const SHIFT_STARTS = [360, 450, 510, 600, 690, 780, 900, 1320, -1];
const SHIFT_WEIGHTS = [0.08, 0.22, 0.22, 0.1, 0.12, 0.14, 0.04, 0.03, 0.05];
const NIGHT = 7;
/** After a night shift, no shift may start before this minute of the day. */
const REST_UNTIL = 780;

/** Index into `SHIFT_STARTS` of the agent's shift on `dateKey`. */
function shiftKind(seed: number, agent: number, dateKey: string): number {
  return new Rng(hashSeed(seed, "shift", agent, dateKey)).weighted(
    SHIFT_WEIGHTS,
  );
}

/**
 * The plan of `agent` for the shift starting on the local day `dateKey`
 * (which starts at `dayStart`); `prevKey` is the day before, whose night
 * shift forbids an early start.
 */
export function planAgentDay(
  seed: number,
  agent: number,
  dateKey: string,
  prevKey: string,
  dayStart: number,
): AgentDayPlan {
  const start = SHIFT_STARTS[shiftKind(seed, agent, dateKey)];
  const afterNight = shiftKind(seed, agent, prevKey) === NIGHT;
  if (start < 0 || (afterNight && start < REST_UNTIL)) {
    return { steps: [], calls: [] };
  }
  const rng = new Rng(hashSeed(seed, "plan", agent, dateKey));
  const minutes = (m: number) => dayStart + Math.round(m * 60) * 1000;
  const s = start + rng.between(-10, 10);
  const steps: PresenceStep[] = [
    { at: minutes(s), presence: "AVAILABLE" },
    { at: minutes(s + rng.between(1, 4)), presence: "ON_QUEUE" },
  ];
  function episode(offset: number, presence: SystemPresence, length: number) {
    const a = s + offset + rng.between(-8, 8);
    steps.push({ at: minutes(a), presence });
    steps.push({ at: minutes(a + length), presence: "ON_QUEUE" });
  }
  episode(105, "BREAK", 15);
  if (rng.chance(0.3)) {
    episode(
      150,
      rng.chance(0.6) ? "MEETING" : "TRAINING",
      rng.pick([30, 45, 60]),
    );
  }
  episode(240, "MEAL", 30);
  if (rng.chance(0.35)) episode(315, "AWAY", rng.between(4, 10));
  episode(375, "BREAK", 15);
  const end = s + SHIFT_MINUTES + rng.between(-5, 5);
  steps.push({ at: minutes(end), presence: "AVAILABLE" });
  steps.push({ at: minutes(end + rng.between(1, 3)), presence: "OFFLINE" });

  const calls: DirectCall[] = [];
  const count = rng.weighted([0.3, 0.35, 0.25, 0.1]);
  for (let i = 0; i < count; i++) {
    const at = minutes(s + rng.between(20, SHIFT_MINUTES - 20));
    const length = Math.min(
      Math.max(rng.logNormal(150_000, 0.6), 30_000),
      20 * MINUTE,
    );
    calls.push({ at, durationMs: Math.round(length / 1000) * 1000 });
  }
  calls.sort((x, y) => x.at - y.at);
  return { steps, calls };
}

/** Quarter-hours of a day. */
export const SLOTS_PER_DAY = 96;

/**
 * Expected share of agents on queue in each quarter-hour of a local day,
 * estimated from `samples` sampled plans (today's and yesterday's shifts).
 * Depends on nothing but the shift model.
 */
export function onQueueShare(samples = 600): number[] {
  const day = 86_400_000;
  const slot = day / SLOTS_PER_DAY;
  const counts = new Array<number>(SLOTS_PER_DAY).fill(0);
  for (let i = 0; i < samples; i++) {
    const steps = [
      ...planAgentDay(0, i, "2000-01-02", "2000-01-01", -day).steps,
      ...planAgentDay(0, i, "2000-01-03", "2000-01-02", 0).steps,
    ].sort((a, b) => a.at - b.at);
    let k = 0;
    let presence: SystemPresence = "OFFLINE";
    for (let s = 0; s < SLOTS_PER_DAY; s++) {
      const t = s * slot + slot / 2;
      while (k < steps.length && steps[k].at <= t) {
        presence = steps[k++].presence;
      }
      if (presence === "ON_QUEUE") counts[s]++;
    }
  }
  return counts.map((c) => c / samples);
}
