/**
 * What the soak does when: its flags, the length of each phase for a run of
 * `--minutes`, and the faults it rotates through on the simulator.
 *
 * @module
 */

import { parseArgs } from "node:util";

/** Parsed flags of `soak.ts`. */
export interface SoakArgs {
  /** Whole run, minutes (10). */
  minutes: number;
  /** Screens (1,000), of which `sse` read the SSE stream. */
  clients: number;
  /** SSE screens (100). */
  sse: number;
  /** Rounds of "every screen leaves, then comes back" (3). */
  rounds: number;
}

/** Most minutes, screens and rounds one run may ask for. */
export const SOAK_LIMITS = { minutes: 120, clients: 10_000, rounds: 10 };

/** Parses the flags; a bad value throws a RangeError naming it. */
export function parseSoakArgs(args: string[]): SoakArgs {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: "string", default: "10" },
      clients: { type: "string", default: "1000" },
      sse: { type: "string", default: "100" },
      rounds: { type: "string", default: "3" },
    },
  });
  const minutes = Number(values.minutes);
  if (!(minutes >= 1 && minutes <= SOAK_LIMITS.minutes)) {
    throw new RangeError(
      `Cannot parse --minutes: "${values.minutes}" is not a number from 1 to ${SOAK_LIMITS.minutes}`,
    );
  }
  const clients = count("--clients", values.clients, 1, SOAK_LIMITS.clients);
  const sse = count("--sse", values.sse, 0, clients);
  const rounds = count("--rounds", values.rounds, 1, SOAK_LIMITS.rounds);
  return { minutes, clients, sse, rounds };
}

function count(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `Cannot parse ${name}: "${text}" is not a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** How long each phase lasts, ms. */
export interface Phases {
  /** All screens connected, no fault: the reference the growth is judged on. */
  warmupMs: number;
  /** Rotating faults and client churn. */
  loadMs: number;
  /** Each round: screens away, then back. */
  roundMs: number;
}

/** Splits `minutes`: a tenth warm-up, seven tenths load, the rest rounds. */
export function phasesOf(args: SoakArgs): Phases {
  const total = args.minutes * 60_000;
  return {
    warmupMs: Math.round(total * 0.1),
    loadMs: Math.round(total * 0.7),
    roundMs: Math.round(total * 0.2 / args.rounds),
  };
}

/** One step of the fault rotation: `PUT /__sim/faults` with `faults`. */
export interface FaultStep {
  name: string;
  faults: Record<string, unknown>;
}

/** The rotation, 30 s a step; one-shot faults act once at the step start. */
export const FAULT_ROTATION: readonly FaultStep[] = [
  { name: "none", faults: {} },
  { name: "outage", faults: { outage: true } },
  { name: "503s", faults: { errorRate: 0.5, errorStatus: 503 } },
  { name: "429s", faults: { rateLimitPerMinute: 10 } },
  { name: "dropSockets", faults: { dropSockets: true } },
  { name: "silentSockets", faults: { silentSockets: true } },
  { name: "revokeTokens", faults: { revokeTokens: true } },
  { name: "latency", faults: { latencyMs: 2000 } },
  { name: "malformed", faults: { malformedRate: 0.3 } },
];

/** How long each fault step lasts, ms. */
export const FAULT_STEP_MS = 30_000;
/** How often a tenth of the screens leave and come back during the load. */
export const CHURN_EVERY_MS = 20_000;
