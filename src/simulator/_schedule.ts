/**
 * What one shift looks like: log in, go on queue, breaks, a meal, sometimes
 * a meeting or training, a few minutes away, direct (non-queue) calls, log
 * out. When a shift starts is the roster's business (`_staffing.ts`); a
 * shift depends only on (seed, agent, local date, start).
 *
 * @module
 */

import type { LocalDay } from "./_local_day.ts";
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

/** An agent's plan for one shift. */
export interface AgentDayPlan {
  steps: PresenceStep[];
  calls: DirectCall[];
}

/** Length of a shift, minutes (8.5 hours, paid breaks and meal included). */
export const SHIFT_MINUTES = 510;

/** A planned time off queue inside a shift. */
interface Episode {
  presence: SystemPresence | "MEETING|TRAINING";
  /** Minutes after the shift start (± `JITTER_MINUTES`). */
  offset: number;
  /** Possible lengths, minutes. */
  minutes: readonly number[];
  chance: number;
}

/** Shrinkage inside a shift; offsets are staggered per agent by the jitter. */
const EPISODES: readonly Episode[] = [
  { presence: "BREAK", offset: 105, minutes: [15], chance: 1 },
  {
    presence: "MEETING|TRAINING",
    offset: 150,
    minutes: [30, 45, 60],
    chance: 0.2,
  },
  { presence: "MEAL", offset: 240, minutes: [30], chance: 1 },
  { presence: "AWAY", offset: 315, minutes: [4, 6, 8, 10], chance: 0.35 },
  { presence: "BREAK", offset: 375, minutes: [15], chance: 1 },
];
const JITTER_MINUTES = 20;
/** Minutes from log-in to on queue, and from off queue to log-out (means). */
const LOGIN_MINUTES = 2.5;
const LOGOUT_MINUTES = 2;

/**
 * Expected share of a shift spent on queue (1 − shrinkage), from the
 * episodes above: what staffing plans divide by.
 */
export const ON_QUEUE_SHARE = 1 -
  (LOGIN_MINUTES + LOGOUT_MINUTES + EPISODES.reduce(
      (sum, e) =>
        sum +
        e.chance * e.minutes.reduce((a, b) => a + b, 0) / e.minutes.length,
      0,
    )) / SHIFT_MINUTES;

/**
 * The plan of `agent`'s shift that starts `startMinute` minutes after local
 * midnight of `day` (whose date is `dateKey`); it may run into the next day.
 */
export function planShift(
  seed: number,
  agent: number,
  dateKey: string,
  startMinute: number,
  day: LocalDay,
): AgentDayPlan {
  const rng = new Rng(hashSeed(seed, "shift", agent, dateKey));
  const at = (m: number) => Math.round(day.at(m) / 1000) * 1000;
  const s = startMinute + rng.between(-5, 5);
  const steps: PresenceStep[] = [
    { at: at(s), presence: "AVAILABLE" },
    { at: at(s + rng.between(1, 2 * LOGIN_MINUTES - 1)), presence: "ON_QUEUE" },
  ];
  let free = s;
  for (const e of EPISODES) {
    if (!rng.chance(e.chance)) continue;
    const presence: SystemPresence = e.presence === "MEETING|TRAINING"
      ? (rng.chance(0.6) ? "MEETING" : "TRAINING")
      : e.presence;
    const jitter = rng.between(-JITTER_MINUTES, JITTER_MINUTES);
    const a = Math.max(s + e.offset + jitter, free + 10);
    free = a + rng.pick(e.minutes);
    steps.push({ at: at(a), presence });
    steps.push({ at: at(free), presence: "ON_QUEUE" });
  }
  const end = s + SHIFT_MINUTES;
  const off = end - rng.between(1, 2 * LOGOUT_MINUTES - 1);
  steps.push({ at: at(off), presence: "AVAILABLE" });
  steps.push({ at: at(end), presence: "OFFLINE" });

  const calls: DirectCall[] = [];
  const count = rng.weighted([0.3, 0.35, 0.25, 0.1]);
  for (let i = 0; i < count; i++) {
    const length = Math.min(
      Math.max(rng.logNormal(150_000, 0.6), 30_000),
      1_200_000,
    );
    calls.push({
      at: at(s + rng.between(20, SHIFT_MINUTES - 20)),
      durationMs: Math.round(length / 1000) * 1000,
    });
  }
  calls.sort((x, y) => x.at - y.at);
  return { steps, calls };
}
