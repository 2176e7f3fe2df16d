/**
 * Defaults and validation of {@linkcode SimulatorOptions}.
 *
 * @module
 */

import type { SimulatorOptions } from "./_types.ts";

/** Options with every default filled in. */
export interface ResolvedOptions {
  seed: number;
  queues: number;
  agents: number;
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: number;
  rateLimitPerMinute: number;
  timeZone: string;
  activityEntityCap: number;
  heartbeatMs: number;
  channelLifetimeMs: number;
}

/** Most queues / agents a simulator may have. */
export const MAX_QUEUES = 1000;
/** Most agents a simulator may have. */
export const MAX_AGENTS = 10_000;
/** Longest heartbeat interval or channel lifetime (one `setTimeout`). */
export const MAX_TIMER_MS = 2_147_483_647;
/** Routing-activity entities per group per page unless configured. */
export const DEFAULT_ACTIVITY_ENTITY_CAP = 100;

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `Cannot create simulator: ${name} must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
}

function text(name: string, value: string | undefined, fallback: string) {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || value === "") {
    throw new TypeError(
      `Cannot create simulator: ${name} must be a non-empty string`,
    );
  }
  return value;
}

/** Fills in defaults; throws a RangeError/TypeError naming a bad option. */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  return {
    seed: integer(
      "seed",
      options.seed,
      1,
      Number.MIN_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
    ),
    queues: integer("queues", options.queues, 12, 1, MAX_QUEUES),
    agents: integer("agents", options.agents, 80, 0, MAX_AGENTS),
    clientId: text("clientId", options.clientId, "sim-client"),
    clientSecret: text("clientSecret", options.clientSecret, "sim-secret"),
    tokenLifetimeSeconds: integer(
      "tokenLifetimeSeconds",
      options.tokenLifetimeSeconds,
      86399,
      1,
      2_147_483,
    ),
    rateLimitPerMinute: integer(
      "rateLimitPerMinute",
      options.rateLimitPerMinute,
      300,
      1,
      1_000_000,
    ),
    timeZone: text("timeZone", options.timeZone, "UTC"),
    activityEntityCap: integer(
      "activityEntityCap",
      options.activityEntityCap,
      DEFAULT_ACTIVITY_ENTITY_CAP,
      1,
      MAX_AGENTS,
    ),
    heartbeatMs: integer(
      "heartbeatMs",
      options.heartbeatMs,
      30_000,
      1,
      MAX_TIMER_MS,
    ),
    channelLifetimeMs: integer(
      "channelLifetimeMs",
      options.channelLifetimeMs,
      86_400_000,
      1,
      MAX_TIMER_MS,
    ),
  };
}
