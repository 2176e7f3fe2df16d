/**
 * Validation of injected faults (`PUT /__sim/faults`, `setFaults`).
 *
 * @module
 */

import { PERMISSION_PATTERN } from "../genesys/mod.ts";
import type { SimFaults } from "./_types.ts";

type Check = (value: unknown) => boolean;

const FIELDS: Record<keyof SimFaults, [Check, string]> = {
  errorRate: [fraction, "a number from 0 to 1"],
  errorStatus: [intFrom(400, 599), "an integer from 400 to 599"],
  latencyMs: [
    (v) => typeof v === "number" && v >= 0 && v <= 600_000,
    "a number from 0 to 600000",
  ],
  malformedRate: [fraction, "a number from 0 to 1"],
  rateLimitPerMinute: [intFrom(1, 1_000_000), "an integer from 1 to 1000000"],
  revokeTokens: [(v) => typeof v === "boolean", "a boolean"],
  outage: [(v) => typeof v === "boolean", "a boolean"],
  notificationsDown: [(v) => typeof v === "boolean", "a boolean"],
  dropSockets: [(v) => typeof v === "boolean", "a boolean"],
  silentSockets: [(v) => typeof v === "boolean", "a boolean"],
  missingPermissions: [
    (v) =>
      Array.isArray(v) &&
      v.every((p) => typeof p === "string" && PERMISSION_PATTERN.test(p)),
    "an array of permission names (domain:entity:action)",
  ],
};

function fraction(v: unknown): boolean {
  return typeof v === "number" && v >= 0 && v <= 1;
}

function intFrom(min: number, max: number): Check {
  return (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
}

/**
 * Checks a fault set: an object with known fields of the right type and
 * range. Throws a TypeError (wrong shape or type) or RangeError (out of
 * range) naming the field; the value itself is returned as a fresh copy.
 */
export function parseFaults(value: unknown): SimFaults {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError("Cannot set faults: expected an object");
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!Object.hasOwn(FIELDS, key)) {
      throw new TypeError(`Cannot set faults: unknown field "${key}"`);
    }
    if (v === undefined) continue;
    const [check, expected] = FIELDS[key as keyof SimFaults];
    if (!check(v)) {
      const ErrorClass = typeof v === "number" && expected !== "a boolean"
        ? RangeError
        : TypeError;
      throw new ErrorClass(
        `Cannot set faults: "${key}" must be ${expected}, got ${
          JSON.stringify(v)
        }`,
      );
    }
    out[key] = Array.isArray(v) ? [...v] : v;
  }
  return out as SimFaults;
}
