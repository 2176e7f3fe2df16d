/**
 * OAuth client-credentials token cache (`POST /oauth/token` with Basic
 * credentials, as the Genesys SDKs' `loginClientCredentialsGrant` does).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { GenesysCredentials } from "./settings.ts";
import {
  apiErrorFromAnswer,
  GenesysApiError,
  GenesysAuthError,
  type GenesysAuthFailure,
} from "./errors.ts";
import { type Answer, exchange, type FetchLike } from "./_http.ts";
import { clip, isRecord, parseJson } from "./_json.ts";

/** Options of {@linkcode createTokenCache}. */
export interface TokenCacheOptions {
  /** Login base URL, e.g. `https://login.mypurecloud.ie` (no trailing slash). */
  loginUrl: string;
  /** The OAuth client; never logged or echoed. */
  credentials: GenesysCredentials;
  /** Where the token request goes (`globalThis.fetch` or the simulator's). */
  fetch: FetchLike;
  /** Decides when the cached token is due for refresh. */
  clock: Clock;
  /** Refresh this long before expiry; capped at half the token's lifetime. Default 60 000. */
  marginMs?: number;
  /** Timeout of one token request. Default 10 000. */
  timeoutMs?: number;
}

/** Hands out a valid bearer token, fetching a new one only when needed. */
export interface TokenCache {
  /**
   * A token valid for at least the margin. Concurrent callers share one
   * request; a failed request is not cached (the next call tries again).
   */
  get(signal?: AbortSignal): Promise<string>;
  /** Drops `token` if it is the cached one (after a 401), so the next `get` fetches anew. */
  invalidate(token: string): void;
}

const WHAT = "POST /oauth/token";

/**
 * Creates a token cache for the client-credentials grant:
 * `POST {loginUrl}/oauth/token` with Basic auth and the body
 * `grant_type=client_credentials`.
 *
 * @example
 * ```ts
 * const tokens = createTokenCache({
 *   loginUrl: "https://login.mypurecloud.ie",
 *   credentials: { clientId: "id", clientSecret: "secret" },
 *   fetch,
 *   clock: systemClock(),
 * });
 * const token = await tokens.get();
 * ```
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const { clock, credentials } = options;
  const marginMs = options.marginMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = `${options.loginUrl.replace(/\/+$/, "")}/oauth/token`;
  const basic = encodeBasic(credentials);
  let current: { token: string; refreshAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  async function request(): Promise<string> {
    const startedAt = clock.now();
    const answer = await exchange(url, {
      method: "POST",
      headers: {
        "Authorization": `Basic ${basic}`,
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
      },
      body: "grant_type=client_credentials",
    }, { fetch: options.fetch, what: WHAT, timeoutMs });
    if (!answer.response.ok) throw tokenError(answer, clock.now());
    const body = parseJson(answer.text);
    const token = isRecord(body) ? body.access_token : undefined;
    const expiresIn = isRecord(body) ? body.expires_in : undefined;
    if (typeof token !== "string" || token === "") {
      throw malformed(answer, "no access_token");
    }
    if (
      typeof expiresIn !== "number" || !Number.isFinite(expiresIn) ||
      expiresIn <= 0
    ) {
      throw malformed(answer, "no positive expires_in");
    }
    const lifetimeMs = expiresIn * 1000;
    const margin = Math.min(Math.max(0, marginMs), lifetimeMs / 2);
    current = { token, refreshAt: startedAt + lifetimeMs - margin };
    return token;
  }

  return {
    get(signal) {
      signal?.throwIfAborted();
      if (current && clock.now() < current.refreshAt) {
        return Promise.resolve(current.token);
      }
      inflight ??= request().finally(() => {
        inflight = null;
      });
      return signal ? untilAborted(inflight, signal) : inflight;
    },
    invalidate(token) {
      if (current?.token === token) current = null;
    },
  };
}

/** Builds the error of a refused token request; never echoes the credentials. */
function tokenError(answer: Answer, now: number): GenesysApiError {
  const { response, text } = answer;
  const body = parseJson(text);
  if (
    response.status === 429 || response.status >= 500 ||
    !isRecord(body) || typeof body.error !== "string"
  ) {
    return apiErrorFromAnswer(WHAT, response, text, now);
  }
  const description = typeof body.error_description === "string"
    ? body.error_description
    : typeof body.description === "string"
    ? body.description
    : "";
  const reason = authFailure(body.error, description);
  const refused = reason === "client_not_found"
    ? `refused the client id ("client not found"); check GENESYS_CLIENT_ID and GENESYS_REGION`
    : reason === "authentication_failed"
    ? `refused the client secret ("authentication failed"); check GENESYS_CLIENT_SECRET`
    : `answered ${response.status} "${clip(body.error)}"`;
  const message = `Cannot get a Genesys token: the login service ${refused}`;
  return new GenesysAuthError(message, {
    status: response.status,
    code: body.error,
    reason,
  });
}

function authFailure(error: string, description: string): GenesysAuthFailure {
  if (error !== "invalid_client") return "refused";
  const text = description.toLowerCase();
  if (text.includes("client not found")) return "client_not_found";
  if (text.includes("authentication failed")) return "authentication_failed";
  return "refused";
}

function malformed(answer: Answer, detail: string): GenesysApiError {
  return new GenesysApiError(
    `Cannot parse Genesys token answer: ${detail} (status ${answer.response.status})`,
    { status: answer.response.status, code: "malformed.response" },
  );
}

/** `base64(clientId:clientSecret)` over UTF-8 bytes. */
function encodeBasic(credentials: GenesysCredentials): string {
  const bytes = new TextEncoder().encode(
    `${credentials.clientId}:${credentials.clientSecret}`,
  );
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Waits for the shared request, but lets one caller leave when its signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() =>
      signal.removeEventListener("abort", onAbort)
    );
  });
}
