/**
 * JWT verification of subscriber tokens with jose: HS256 with a shared
 * secret, or RS256/ES256/EdDSA keys from a JWKS URL.
 *
 * @module
 */

import {
  createRemoteJWKSet,
  customFetch,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from "jose";
import { type Clock, systemClock } from "../clock.ts";
import type { AuthConfig } from "./settings.ts";
import { EXPIRY_TOLERANCE_MS, principalFromClaims } from "./claims.ts";
import { type Authenticator, AuthError, type Principal } from "./types.ts";

/** Injected dependencies of {@linkcode createAuthenticator}. */
export interface AuthenticatorDeps {
  /** Used to fetch the JWKS; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Source of "now" for `exp`/`nbf` checks; defaults to the system clock. */
  clock?: Clock;
}

/** The only algorithm accepted with a shared secret. */
const SECRET_ALGORITHMS = ["HS256"];
/** The only algorithms accepted with keys from a JWKS. */
const JWKS_ALGORITHMS = ["RS256", "ES256", "EdDSA"];
/** Longest token accepted, characters. */
const MAX_TOKEN_LENGTH = 8192;

const FULL_SCOPE: Principal = Object.freeze({
  queues: "*",
  agents: true,
  expiresAt: null,
});

/**
 * Creates the subscriber authenticator. With auth off every input gets the
 * full scope; otherwise tokens are verified with jose and their claims
 * mapped by `principalFromClaims`. Throws `TypeError` when auth is on but
 * neither a secret nor a JWKS URL is configured.
 *
 * @example
 * ```ts
 * const auth = createAuthenticator({
 *   enabled: true, jwtSecret: "a-long-shared-secret-of-32-bytes!", jwksUrl: null,
 *   issuer: null, audience: null,
 * });
 * const principal = await auth.verify(token); // or rejects with AuthError
 * ```
 */
export function createAuthenticator(
  auth: AuthConfig,
  deps: AuthenticatorDeps = {},
): Authenticator {
  if (!auth.enabled) {
    return { required: false, verify: () => Promise.resolve(FULL_SCOPE) };
  }
  const clock = deps.clock ?? systemClock();
  const getKey = keyResolver(auth, deps.fetch ?? fetch);
  const options: JWTVerifyOptions = {
    algorithms: [
      ...(auth.jwtSecret ? SECRET_ALGORITHMS : []),
      ...(auth.jwksUrl ? JWKS_ALGORITHMS : []),
    ],
    requiredClaims: ["exp"],
    clockTolerance: EXPIRY_TOLERANCE_MS / 1000,
  };
  if (auth.issuer) options.issuer = auth.issuer;
  if (auth.audience) options.audience = auth.audience;

  async function verify(token: string | undefined): Promise<Principal> {
    if (token === undefined || token === "") {
      throw new AuthError(
        "unauthorized",
        "Cannot authenticate: no token presented",
      );
    }
    if (token.length > MAX_TOKEN_LENGTH) {
      throw new AuthError(
        "unauthorized",
        "Cannot authenticate: token too long",
      );
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        ...options,
        currentDate: new Date(clock.now()),
      }));
    } catch (error) {
      throw toAuthError(error);
    }
    return principalFromClaims(payload);
  }

  return { required: true, verify };
}

/**
 * Picks the key by the token's `alg`: the shared secret for HS256 only, the
 * JWKS for asymmetric algorithms only. A public key is therefore never used
 * as an HMAC secret, and `alg: none` matches nothing.
 */
function keyResolver(auth: AuthConfig, fetchFn: typeof fetch): JWTVerifyGetKey {
  const secret = auth.jwtSecret
    ? new TextEncoder().encode(auth.jwtSecret)
    : null;
  const jwks = auth.jwksUrl
    ? createRemoteJWKSet(new URL(auth.jwksUrl), {
      [customFetch]: (url, init) => fetchFn(url, init),
    })
    : null;
  if (!secret && !jwks) {
    throw new TypeError(
      "Cannot create authenticator: auth is enabled but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set",
    );
  }
  return function getKey(header, token) {
    if (header.alg && SECRET_ALGORITHMS.includes(header.alg) && secret) {
      return secret;
    }
    if (header.alg && JWKS_ALGORITHMS.includes(header.alg) && jwks) {
      return jwks(header, token);
    }
    throw new errors.JOSEAlgNotAllowed(
      '"alg" (Algorithm) Header Parameter value not allowed',
    );
  };
}

/** Maps a jose failure to an `AuthError` whose message never holds the token. */
function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (error instanceof errors.JWTExpired) {
    return new AuthError("token_expired", "Cannot authenticate: token expired");
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthError(
      "unauthorized",
      claimMessage(error.claim, error.reason),
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthError(
      "unauthorized",
      "Cannot authenticate: token algorithm not allowed",
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthError(
      "unauthorized",
      "Cannot authenticate: signature verification failed",
    );
  }
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new AuthError(
      "unauthorized",
      "Cannot authenticate: no matching signing key",
    );
  }
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError)
  ) {
    return new AuthError(
      "unauthorized",
      "Cannot authenticate: signing keys unavailable",
    );
  }
  return new AuthError("unauthorized", "Cannot authenticate: malformed token");
}

function claimMessage(claim: string, reason: string): string {
  if (claim === "nbf" && reason === "check_failed") {
    return "Cannot authenticate: token not yet valid";
  }
  if (reason === "missing") {
    return `Cannot authenticate: claim "${claim}" is missing`;
  }
  if (reason === "invalid") {
    return `Cannot authenticate: claim "${claim}" is invalid`;
  }
  return `Cannot authenticate: claim "${claim}" has an unexpected value`;
}
