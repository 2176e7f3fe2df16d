/**
 * The login service: `POST /oauth/token` with client credentials
 * (the Genesys SDKs' client-credentials grant; error bodies as in
 * docs/genesys.md) and the tokens it issued.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { OAuthErrorBody, TokenResponse } from "../genesys/types.ts";

/** What a presented bearer token is. */
export type TokenCheck = "valid" | "expired" | "unknown";

/** Tokens issued by the simulator. */
export interface TokenStore {
  /** Issues a fresh token. */
  issue(): TokenResponse;
  check(token: string): TokenCheck;
  /** Every token issued so far becomes unknown. */
  revokeAll(): void;
  /** Number of tokens issued since start. */
  issued(): number;
}

/** How long an expired token is still recognised as expired. */
const EXPIRED_MEMORY_MS = 86_400_000;

/** Creates an empty token store; tokens live `lifetimeSeconds` on `clock`. */
export function createTokenStore(
  clock: Clock,
  lifetimeSeconds: number,
): TokenStore {
  const tokens = new Map<string, number>();
  let issued = 0;
  return {
    issue() {
      const now = clock.now();
      for (const [token, expiresAt] of tokens) {
        if (expiresAt + EXPIRED_MEMORY_MS > now) break;
        tokens.delete(token);
      }
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      const token = btoa(String.fromCharCode(...bytes))
        .replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
      tokens.set(token, now + lifetimeSeconds * 1000);
      issued++;
      return {
        access_token: token,
        token_type: "bearer",
        expires_in: lifetimeSeconds,
      };
    },
    check(token) {
      const expiresAt = tokens.get(token);
      if (expiresAt === undefined) return "unknown";
      return clock.now() >= expiresAt ? "expired" : "valid";
    },
    revokeAll() {
      tokens.clear();
    },
    issued: () => issued,
  };
}

/** An OAuth answer: status and body. */
export interface OAuthAnswer {
  status: number;
  body: TokenResponse | OAuthErrorBody;
}

function oauthError(status: number, error: string, description: string) {
  return {
    status,
    body: { error, description, error_description: description },
  };
}

function sameText(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  }
  return diff === 0;
}

function basicCredentials(req: Request): [string, string] | null {
  const match = /^Basic\s+(\S+)\s*$/i.exec(
    req.headers.get("authorization") ?? "",
  );
  if (!match) return null;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/**
 * Answers `POST /oauth/token`: Basic client authentication first (401
 * `invalid_client`), then `grant_type=client_credentials` (400
 * `unsupported_grant_type`).
 */
export async function tokenRequest(
  req: Request,
  client: { clientId: string; clientSecret: string },
  store: TokenStore,
): Promise<OAuthAnswer> {
  const credentials = basicCredentials(req);
  if (!credentials || !sameText(credentials[0], client.clientId)) {
    return oauthError(401, "invalid_client", "client not found");
  }
  if (!sameText(credentials[1], client.clientSecret)) {
    return oauthError(401, "invalid_client", "authentication failed");
  }
  const form = new URLSearchParams(await req.text());
  if (form.get("grant_type") !== "client_credentials") {
    return oauthError(
      400,
      "unsupported_grant_type",
      "grant type not supported",
    );
  }
  return { status: 200, body: store.issue() };
}
