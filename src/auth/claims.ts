/**
 * Verified JWT claims → the subscriber's scope and the instant its token
 * stops being accepted.
 *
 * @module
 */

import { AuthError, type Principal } from "./types.ts";

/**
 * Clock skew allowed on `exp` and `nbf`, ms: a token is accepted until
 * `exp` + 5 s, by REST, WebSocket and SSE alike.
 */
export const EXPIRY_TOLERANCE_MS = 5_000;

/** The claims `principalFromClaims` reads; any others are ignored. */
export interface ScopeClaims {
  /** Queue ids (array) or `"*"`; missing = no queues. */
  queues?: unknown;
  /** `true` grants the agent board. */
  agents?: unknown;
  /** Expiry, seconds since the epoch. */
  exp?: unknown;
  /** Any other claim (ignored). */
  [claim: string]: unknown;
}

/** Longest queue id accepted in a `queues` claim. */
const MAX_QUEUE_ID_LENGTH = 256;

/**
 * Maps verified claims to a `Principal`: `queues` is an array of queue ids or
 * `"*"` (missing = no queues), `agents` is true only for the boolean `true`,
 * `expiresAt` is `exp` in epoch ms plus {@linkcode EXPIRY_TOLERANCE_MS}. A
 * malformed `queues` or `exp` claim is refused with
 * `AuthError("unauthorized")`.
 *
 * @example
 * ```ts
 * const principal = principalFromClaims({ queues: ["q-1"], exp: 1_800_000_000 });
 * // { queues: ["q-1"], agents: false, expiresAt: 1_800_000_005_000 }
 * ```
 */
export function principalFromClaims(claims: ScopeClaims): Principal {
  return {
    queues: queuesClaim(claims.queues),
    agents: claims.agents === true,
    expiresAt: expiresAtClaim(claims.exp),
  };
}

function queuesClaim(value: unknown): "*" | readonly string[] {
  if (value === undefined) return [];
  if (value === "*") return "*";
  if (!Array.isArray(value)) {
    throw new AuthError(
      "unauthorized",
      'Cannot authenticate: claim "queues" must be an array of queue ids or "*"',
    );
  }
  for (const id of value) {
    if (
      typeof id !== "string" || id.length === 0 ||
      id.length > MAX_QUEUE_ID_LENGTH
    ) {
      throw new AuthError(
        "unauthorized",
        'Cannot authenticate: claim "queues" must hold non-empty queue id strings',
      );
    }
  }
  return Object.freeze([...new Set(value as string[])]);
}

function expiresAtClaim(value: unknown): number | null {
  if (value === undefined) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new AuthError(
      "unauthorized",
      'Cannot authenticate: claim "exp" must be a number',
    );
  }
  return value * 1000 + EXPIRY_TOLERANCE_MS;
}
