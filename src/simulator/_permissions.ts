/**
 * Refused permissions (`missingPermissions` fault): the 403 Genesys answers
 * when the OAuth client's role lacks what a call or topic needs. The body
 * follows Genesys's `missing.permissions` / `missing.any.permissions`
 * messages; the bracketed list is an inference from its other messages.
 *
 * @module
 */

import { endpointPermissions, topicPermissions } from "../genesys/mod.ts";
import { SimError } from "./_errors.ts";

/** The permissions of `needed` a role lacking `missing` cannot satisfy, or null if it can. */
export function lacking(
  needed: readonly string[] | null,
  missing: readonly string[] | undefined,
): string[] | null {
  if (!needed || needed.length === 0 || !missing?.length) return null;
  return needed.every((p) => missing.includes(p)) ? [...needed] : null;
}

/** The 403 for permissions a call or topic lacks. */
export function permissionError(permissions: readonly string[]): SimError {
  const list = `[${permissions.join(", ")}]`;
  return permissions.length === 1
    ? new SimError(
      403,
      "missing.permissions",
      `Unable to perform the requested action. You are missing the following permission(s): ${list}`,
    )
    : new SimError(
      403,
      "missing.any.permissions",
      `Unable to perform the requested action. You must have at least one of the following permissions assigned: ${list}`,
    );
}

/** Throws the 403 when `method path` needs a permission in `missing`. */
export function checkEndpoint(
  method: string,
  path: string,
  missing: readonly string[] | undefined,
): void {
  const refused = lacking(endpointPermissions(method, path), missing);
  if (refused) throw permissionError(refused);
}

/** What a role lacking `missing` cannot satisfy for `topic`, or null. */
export function refusedTopic(
  topic: string,
  missing: readonly string[] | undefined,
): string[] | null {
  return lacking(topicPermissions(topic), missing);
}
