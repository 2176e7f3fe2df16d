/**
 * Who a subscriber is, what it may see and until when.
 *
 * @module
 */

/** The verified scope of a subscriber. */
export interface Principal {
  /** Queue ids the subscriber may see, or `"*"` for all. */
  queues: "*" | readonly string[];
  /** Whether the agent board is visible. */
  agents: boolean;
  /**
   * When the token stops being accepted, epoch ms: its `exp` plus the clock
   * tolerance (every transport ends the connection then); null when auth is
   * off.
   */
  expiresAt: number | null;
}

/** Why a token was refused. */
export type AuthFailure = "unauthorized" | "token_expired";

/** Verifies subscriber tokens. */
export interface Authenticator {
  /** False when auth is off: every caller gets the full scope. */
  readonly required: boolean;
  /**
   * Verifies `token` (undefined = none presented). Rejects with `AuthError`
   * when it is missing, invalid or expired.
   */
  verify(token: string | undefined): Promise<Principal>;
}

/** A refused token; `message` never contains the token. */
export class AuthError extends Error {
  /** `unauthorized` for a missing or invalid token, `token_expired` for an expired one. */
  readonly code: AuthFailure;

  constructor(code: AuthFailure, message: string) {
    super(message);
    this.name = "AuthError";
    this.code = code;
  }
}
