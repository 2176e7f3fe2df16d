/**
 * The auth room's settings: whether subscribers must present a JWT, and how
 * it is verified (a shared secret or a JWKS, optional issuer and audience).
 *
 * @module
 */

import { ConfigError, type EnvReader } from "../env.ts";

/** Subscriber authentication settings. */
export interface AuthConfig {
  /** False when `AUTH_DISABLED=true`, or by default with the simulator. */
  enabled: boolean;
  jwtSecret: string | null;
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
}

/** Shortest `AUTH_JWT_SECRET` accepted (HS256 wants at least 256 bits). */
const MIN_JWT_SECRET_BYTES = 32;

/**
 * Reads the auth settings. Auth defaults to on when Genesys credentials are
 * set (`hasCredentials`), and then needs a secret or a JWKS URL.
 */
export function readAuthSettings(
  read: EnvReader,
  hasCredentials: boolean,
): AuthConfig {
  const disabled = read.bool("AUTH_DISABLED");
  const jwtSecret = read.string("AUTH_JWT_SECRET");
  if (
    jwtSecret !== null &&
    new TextEncoder().encode(jwtSecret).length < MIN_JWT_SECRET_BYTES
  ) {
    read.fail(
      "AUTH_JWT_SECRET",
      `the secret is too short (expected at least ${MIN_JWT_SECRET_BYTES} bytes)`,
    );
  }
  const jwksUrl = readJwksUrl(read);
  const enabled = disabled === null ? hasCredentials : !disabled;
  if (enabled && jwtSecret === null && jwksUrl === null) {
    const why = disabled === false
      ? "AUTH_DISABLED=false"
      : "Genesys credentials are set";
    throw new ConfigError(
      "AUTH_JWT_SECRET",
      `Cannot configure subscriber auth: auth is on (${why}) but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set (set one of them, or AUTH_DISABLED=true)`,
    );
  }
  return {
    enabled,
    jwtSecret,
    jwksUrl,
    issuer: read.string("AUTH_ISSUER"),
    audience: read.string("AUTH_AUDIENCE"),
  };
}

function readJwksUrl(read: EnvReader): string | null {
  const value = read.string("AUTH_JWKS_URL");
  if (value === null) return null;
  const url = URL.parse(value);
  const ok = url !== null &&
    (url.protocol === "https:" ||
      (url.protocol === "http:" && isLoopback(url.hostname)));
  if (!ok) {
    read.fail(
      "AUTH_JWKS_URL",
      `invalid URL "${value}" (expected an https URL, or http for localhost, 127.0.0.1 or [::1])`,
    );
  }
  return url!.href;
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
