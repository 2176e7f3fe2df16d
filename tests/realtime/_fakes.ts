/**
 * Fakes of the real-time tests: an authenticator with a fixed token table
 * and a recording sink.
 *
 * @module
 */

import {
  type Authenticator,
  AuthError,
  type AuthFailure,
  type Principal,
} from "../../src/auth/mod.ts";
import type { Frame } from "../../src/realtime/_frame.ts";
import type { Sink } from "../../src/realtime/_sink.ts";
import type { CloseCode } from "../../src/realtime/protocol.ts";

/** Full scope, no expiry: what every caller gets when auth is off. */
export const OPEN: Principal = { queues: "*", agents: true, expiresAt: null };

/**
 * An authenticator over a token table: a principal, or the failure the
 * token causes. Without a token: `OPEN` when auth is off, else unauthorized.
 */
export function fakeAuth(
  tokens: Record<string, Principal | AuthFailure> = {},
  required = true,
): Authenticator {
  return {
    required,
    verify(token) {
      if (token === undefined) {
        return required
          ? Promise.reject(
            new AuthError("unauthorized", "Cannot verify token: none given"),
          )
          : Promise.resolve(OPEN);
      }
      const found = Object.hasOwn(tokens, token) ? tokens[token] : undefined;
      if (found === undefined) {
        return Promise.reject(
          new AuthError("unauthorized", "Cannot verify token: bad signature"),
        );
      }
      if (typeof found === "string") {
        return Promise.reject(
          new AuthError(found, "Cannot verify token: it has expired"),
        );
      }
      return Promise.resolve(found);
    },
  };
}

/** A sink that records frames; `backlog` is what it reports as buffered. */
export class RecordingSink implements Sink {
  frames: Frame[] = [];
  ended: [number, string] | null = null;
  backlog = 0;

  buffered(): number {
    return this.backlog;
  }

  send(frame: Frame): number {
    this.frames.push(frame);
    return frame.bytes;
  }

  close(cause: CloseCode): void {
    this.ended = [cause.code, cause.reason];
  }

  /** Parsed messages received so far. */
  messages(): Record<string, unknown>[] {
    return this.frames.map((frame) => JSON.parse(frame.text));
  }
}
