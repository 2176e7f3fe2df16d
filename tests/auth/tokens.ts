/**
 * Token helpers shared by the auth and HTTP tests: HS256 tokens on a test
 * secret, an RS256 key pair served as a JWKS by a fake `fetch`, and
 * hand-crafted tokens (unsigned, tampered).
 *
 * @module
 */

import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  SignJWT,
} from "jose";
import type { AuthConfig } from "../../src/auth/mod.ts";

/** The shared secret of the HS256 tests. */
export const SECRET = "test-secret-0123456789-abcdefghijklmnop";
/** Where the fake JWKS is served. */
export const JWKS_URL = "https://idp.example/.well-known/jwks.json";
/** Fake time every test starts at. */
export const NOW = Date.parse("2026-11-27T10:00:00.000Z");
/** `NOW` in JWT seconds. */
export const NOW_S = NOW / 1000;

/** Auth settings of an HS256 deployment. */
export function secretConfig(extra: Partial<AuthConfig> = {}): AuthConfig {
  return {
    enabled: true,
    jwtSecret: SECRET,
    jwksUrl: null,
    issuer: null,
    audience: null,
    ...extra,
  };
}

/** Auth settings of a JWKS deployment. */
export function jwksConfig(extra: Partial<AuthConfig> = {}): AuthConfig {
  return {
    enabled: true,
    jwtSecret: null,
    jwksUrl: JWKS_URL,
    issuer: null,
    audience: null,
    ...extra,
  };
}

/** Claims and header knobs of a test token. */
export interface TokenOptions {
  claims?: Record<string, unknown>;
  /** Seconds from `NOW`; null = no `exp`. Default 3600. */
  expIn?: number | null;
  /** Seconds from `NOW` for `nbf`. */
  nbfIn?: number;
  issuer?: string;
  audience?: string;
  secret?: string | Uint8Array;
}

/** Signs an HS256 token (with `SECRET` unless told otherwise). */
export async function hsToken(options: TokenOptions = {}): Promise<string> {
  const secret = options.secret ?? SECRET;
  const key = typeof secret === "string"
    ? new TextEncoder().encode(secret)
    : secret;
  return await build(options).setProtectedHeader({ alg: "HS256" }).sign(key);
}

function build(options: TokenOptions): SignJWT {
  const jwt = new SignJWT(options.claims ?? { queues: "*" }).setIssuedAt(
    NOW_S,
  );
  const expIn = options.expIn === undefined ? 3600 : options.expIn;
  if (expIn !== null) jwt.setExpirationTime(NOW_S + expIn);
  if (options.nbfIn !== undefined) jwt.setNotBefore(NOW_S + options.nbfIn);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt;
}

/** An RS256 key pair whose public half a fake JWKS endpoint serves. */
export interface Jwks {
  /** Signs an RS256 token with the private key. */
  sign(options?: TokenOptions): Promise<string>;
  /** The public key as served (JWK). */
  publicJwk: JWK;
  /** The public key as SPKI PEM text. */
  publicPem: string;
  /** A `fetch` that serves the JWKS at `JWKS_URL` and counts calls. */
  fetch: typeof fetch;
  /** Number of JWKS fetches so far. */
  readonly fetches: number;
}

/** Generates an RS256 key pair and a fake JWKS endpoint. */
export async function createJwks(): Promise<Jwks> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", {
    extractable: true,
  });
  const publicJwk = {
    ...(await exportJWK(publicKey)),
    kid: "k1",
    alg: "RS256",
    use: "sig",
  };
  const publicPem = await exportSPKI(publicKey);
  let fetches = 0;
  function fakeFetch(input: string | URL | Request): Promise<Response> {
    fetches++;
    const url = input instanceof Request ? input.url : String(input);
    if (url !== JWKS_URL) {
      return Promise.resolve(new Response("not found", { status: 404 }));
    }
    return Promise.resolve(Response.json({ keys: [publicJwk] }));
  }
  return {
    sign: (options = {}) =>
      build(options).setProtectedHeader({ alg: "RS256", kid: "k1" }).sign(
        privateKey,
      ),
    publicJwk,
    publicPem,
    fetch: fakeFetch as typeof fetch,
    get fetches() {
      return fetches;
    },
  };
}

/** Base64url of a JSON value (for hand-crafted tokens). */
export function b64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}

/** An unsigned `alg: none` token granting everything. */
export function noneToken(): string {
  const header = b64url({ alg: "none", typ: "JWT" });
  const payload = b64url({ queues: "*", agents: true, exp: NOW_S + 3600 });
  return `${header}.${payload}.`;
}

/** `token` with its payload replaced (signature kept): a tampered token. */
export function tamper(token: string, claims: Record<string, unknown>): string {
  const [header, , signature] = token.split(".");
  return `${header}.${b64url(claims)}.${signature}`;
}
