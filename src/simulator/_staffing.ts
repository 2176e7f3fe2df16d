/**
 * Staffing that follows demand. Each team (agents who work a set of queues
 * together) is planned per half-hour with Erlang C: the agents needed on
 * queue to reach the team's service-level target, divided by the on-queue
 * share of a shift (shrinkage: breaks, meals, meetings, training). Shifts of
 * 8.5 hours cover that curve, and the team's volume is the largest whose
 * plan its roster can work (five days in seven). Every day the roster
 * rotates days off, and a few agents are absent: a little under-staffing
 * that no plan covers.
 *
 * @module
 */

import { agentsFor, type ThresholdShare } from "./_erlang.ts";
import { hashSeed, Rng } from "./_prng.ts";
import { ON_QUEUE_SHARE, SHIFT_MINUTES } from "./_schedule.ts";
import { demandAt } from "./_traffic.ts";

/** Half-hours of a plan (one local day). */
export const SLOTS = 48;
const SLOT_MINUTES = 30;
const SHIFT_SLOTS = Math.round(SHIFT_MINUTES / SLOT_MINUTES);
/** Share of days an agent works (five in seven). */
const WORK_SHARE = 5 / 7;
/** Chance that a rostered agent does not come in (unplanned absence). */
const ABSENCE_CHANCE = 0.03;
const DAY_MS = 86_400_000;
/**
 * How many times the misses (1 − service level) that Erlang C forecasts
 * exceed what the simulated centre shows: Erlang C knows no callers who
 * give up (and so shorten the queue), and handle times here vary a little
 * less than exponentially. Chosen with `deno task sim:report` over ten
 * seeds (docs/simulator.md); plans correct for it.
 */
const ERLANG_MISS_FACTOR = 2;

/** What a team's plan aims at. */
export interface TeamLoad {
  /** Mean time an agent spends on one conversation, alerting included, ms. */
  handleMs: number;
  /** Service-level target (0..1) of each half-hour, over all conversations. */
  target: number;
  /** Service-level thresholds of the conversations, by share. */
  thresholds: ThresholdShare[];
}

/** A team's plan: its volume and the shifts of every day. */
export interface TeamPlan {
  /** Arrivals per ms over all the team's queues at peak demand. */
  ratePerMs: number;
  /** Start of each shift (half-hour index of the local day), in roster order. */
  shifts: number[];
}

/**
 * Agents needed on queue in each half-hour for `ratePerMs` arrivals at peak
 * demand: Erlang C at the load's target, corrected for the misses it
 * overstates.
 */
export function requiredOnQueue(load: TeamLoad, ratePerMs: number): number[] {
  const goal = 1 - ERLANG_MISS_FACTOR * (1 - load.target);
  return Array.from({ length: SLOTS }, (_, i) => {
    const erlangs = ratePerMs * demandAt((i + 0.5) / 2) * load.handleMs;
    return agentsFor(erlangs, load.handleMs, load.thresholds, goal);
  });
}

/**
 * Shift starts that keep at least `scheduled[i]` agents on shift in every
 * half-hour (shifts wrap past midnight). Greedy from the quietest
 * half-hour, then every shift that is not needed is dropped. The starts
 * come in roster order: from the quietest half-hour on.
 */
export function coverShifts(scheduled: readonly number[]): number[] {
  const from = scheduled.indexOf(Math.min(...scheduled));
  const count = new Array<number>(SLOTS).fill(0);
  const starts: number[] = [];
  const add = (start: number, by: number) => {
    for (let k = 0; k < SHIFT_SLOTS; k++) count[(start + k) % SLOTS] += by;
  };
  for (let j = 0; j < SLOTS; j++) {
    const i = (from + j) % SLOTS;
    while (count[i] < scheduled[i]) {
      starts.push(i);
      add(i, 1);
    }
  }
  return starts.filter((start) => {
    for (let k = 0; k < SHIFT_SLOTS; k++) {
      const i = (start + k) % SLOTS;
      if (count[i] - 1 < scheduled[i]) return true;
    }
    add(start, -1);
    return false;
  });
}

/** The shifts of the plan for `ratePerMs`, shrinkage included. */
function shiftsFor(load: TeamLoad, ratePerMs: number): number[] {
  return coverShifts(
    requiredOnQueue(load, ratePerMs).map((n) => n / ON_QUEUE_SHARE),
  );
}

/**
 * The largest volume whose plan a roster of `agents` can work, and its
 * shifts. A roster too small for round-the-clock cover gets the volume of
 * the smallest plan (and cannot work all of it).
 */
export function planTeam(load: TeamLoad, agents: number): TeamPlan {
  const tiny = 1e-9;
  const budget = Math.max(
    Math.floor(agents * WORK_SHARE),
    shiftsFor(load, tiny).length,
  );
  const fits = (rate: number) => shiftsFor(load, rate).length <= budget;
  let lo = tiny;
  let hi = Math.max(agents, 1) / load.handleMs;
  while (fits(hi)) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return { ratePerMs: lo, shifts: shiftsFor(load, lo) };
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(dateKey: string): number {
  return Math.round(Date.parse(`${dateKey}T00:00:00Z`) / DAY_MS);
}

/**
 * Who works which shift of the team on `dateKey`: for each agent of
 * `roster` (in rank order) the start in local minutes, or -1 (day off or
 * absent). Days off rotate through the roster, exactly as many each day as
 * the plan leaves over; working agents take the shifts in rank order.
 */
export function teamRoster(
  seed: number,
  roster: readonly number[],
  shifts: readonly number[],
  dateKey: string,
): number[] {
  const n = roster.length;
  const off = Math.max(0, n - shifts.length);
  const day = dayNumber(dateKey);
  const out = new Array<number>(n).fill(-1);
  let next = 0;
  for (let p = 0; p < n; p++) {
    if (off > 0 && (((p + day * off) % n) + n) % n < off) continue;
    const shift = off > 0 ? next++ : Math.floor(p * shifts.length / n);
    const absent = new Rng(hashSeed(seed, "absence", roster[p], dateKey))
      .chance(ABSENCE_CHANCE);
    if (!absent) out[p] = shifts[shift] * SLOT_MINUTES;
  }
  return out;
}
