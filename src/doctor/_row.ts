/**
 * The rows of the doctor's table and how a failed call reads in one.
 *
 * @module
 */

import { GenesysApiError } from "../genesys/mod.ts";

/** The outcome of one check; only `FAIL` makes the doctor exit non-zero. */
export type DoctorResult = "OK" | "FAIL" | "SKIP";

/** One line of the doctor's table. */
export interface DoctorRow {
  /** What was checked, e.g. `token` or `observations`. */
  check: string;
  result: DoctorResult;
  /** What was found, or why it failed or was skipped. */
  detail: string;
}

/** A passed check. */
export function ok(check: string, detail: string): DoctorRow {
  return { check, result: "OK", detail };
}

/** A failed check. */
export function fail(check: string, detail: string): DoctorRow {
  return { check, result: "FAIL", detail };
}

/** A check that could not run, or does not apply. */
export function skip(check: string, detail: string): DoctorRow {
  return { check, result: "SKIP", detail };
}

/**
 * `; role has <permissions>` for a passed call that needs permissions,
 * else the empty string.
 */
export function granted(permissions: readonly string[] | null): string {
  return permissions && permissions.length > 0
    ? `; role has ${permissions.join(" or ")}`
    : "";
}

/**
 * Why a call failed, in one line. A 403 names the missing permissions:
 * those Genesys named, else `needed` (any one of which grants the call).
 */
export function failure(
  error: unknown,
  needed: readonly string[] | null,
): string {
  if (error instanceof GenesysApiError && error.status === 403) {
    const named = error.missingPermissions;
    const all = error.code === "missing.permissions" && named.length > 0;
    const permissions = named.length > 0 ? named : needed ?? [];
    if (permissions.length > 0) {
      return `${missing(permissions, all)} (403 ${error.code})`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/** `missing permission a`, `missing permissions a, b` or `missing any of a, b`. */
export function missing(permissions: readonly string[], all: boolean): string {
  if (permissions.length === 1) return `missing permission ${permissions[0]}`;
  return all
    ? `missing permissions ${permissions.join(", ")}`
    : `missing any of ${permissions.join(", ")}`;
}
