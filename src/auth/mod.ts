/**
 * Subscriber authentication: JWT verification with jose and the scope a
 * token grants (PROTOCOL.md §3).
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
export { principalFromClaims, type ScopeClaims } from "./claims.ts";
export {
  type AuthenticatorDeps,
  createAuthenticator,
} from "./authenticator.ts";
export { type AuthConfig, readAuthSettings } from "./settings.ts";
