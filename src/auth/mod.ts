/**
 * Subscriber authentication: JWT verification with jose, the scope a token
 * grants, and the one expiry tolerance every transport uses.
 *
 * @example
 * ```ts
 * import { AuthError, createAuthenticator } from "./src/auth/mod.ts";
 *
 * const auth = createAuthenticator(config.auth, { clock });
 * try {
 *   const principal = await auth.verify(token);
 * } catch (error) {
 *   if (error instanceof AuthError) console.log(error.code); // never the token
 * }
 * ```
 *
 * @module
 */

export { AuthError } from "./types.ts";
export type { Authenticator, AuthFailure, Principal } from "./types.ts";
export {
  EXPIRY_TOLERANCE_MS,
  principalFromClaims,
  type ScopeClaims,
} from "./claims.ts";
export {
  type AuthenticatorDeps,
  createAuthenticator,
} from "./authenticator.ts";
export { type AuthConfig, readAuthSettings } from "./settings.ts";
