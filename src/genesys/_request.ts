/**
 * Authenticated Platform API calls shared by the REST client and the
 * notification client: a bearer token from the cache (a 401 drops it and
 * retries once), a timeout, `GenesysApiError` for every failure, and the
 * allowance the last 429 with a `limit` object named.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { apiErrorFromAnswer, GenesysApiError } from "./errors.ts";
import { exchange, type FetchLike } from "./_http.ts";
import { isRecord, parseJson } from "./_json.ts";
import type { TokenCache } from "./token_cache.ts";
import type { RateLimitState } from "./types.ts";

/** A parsed 2xx answer. */
export interface Json {
  body: Record<string, unknown>;
  status: number;
  what: string;
}

/** HTTP methods queuepulse sends. */
export type Method = "GET" | "POST" | "PUT" | "DELETE" | "HEAD";

/** Sends Platform API calls. */
export interface Requester {
  /** Sends one call and answers its status; the body is not read as JSON. */
  send(
    method: Method,
    path: string,
    payload?: unknown,
    signal?: AbortSignal,
  ): Promise<number>;
  /** Sends one call and answers its JSON object body. */
  json(
    method: Method,
    path: string,
    payload?: unknown,
    signal?: AbortSignal,
  ): Promise<Json>;
  /** The allowance of the last 429 with a `limit` object, or null. */
  rateLimit(): RateLimitState | null;
}

/** What a {@linkcode Requester} needs. */
export interface RequesterOptions {
  /** API base URL without a trailing slash. */
  apiUrl: string;
  tokens: TokenCache;
  fetch: FetchLike;
  clock: Clock;
  timeoutMs: number;
}

/** Creates a requester. */
export function createRequester(options: RequesterOptions): Requester {
  const { clock, tokens } = options;
  let limit: RateLimitState | null = null;

  async function exchangeOk(
    method: Method,
    path: string,
    payload: unknown,
    signal?: AbortSignal,
  ): Promise<{ status: number; text: string; what: string }> {
    const what = `${method} ${path.split("?")[0]}`;
    for (let attempt = 1;; attempt++) {
      const token = await tokens.get(signal);
      const headers: Record<string, string> = {
        "Authorization": `Bearer ${token}`,
        "Accept": "application/json",
      };
      if (payload !== undefined) headers["Content-Type"] = "application/json";
      const body = payload === undefined ? undefined : JSON.stringify(payload);
      const { response, text } = await exchange(
        options.apiUrl + path,
        { method, headers, body },
        { fetch: options.fetch, what, timeoutMs: options.timeoutMs, signal },
      );
      if (response.status === 401 && attempt === 1) {
        tokens.invalidate(token);
        continue;
      }
      if (!response.ok) {
        const error = apiErrorFromAnswer(what, response, text, clock.now());
        if (error.status === 429 && error.limit) {
          limit = rateLimitState(error, clock.now());
        }
        throw error;
      }
      return { status: response.status, text, what };
    }
  }

  return {
    async send(method, path, payload, signal) {
      return (await exchangeOk(method, path, payload, signal)).status;
    },
    async json(method, path, payload, signal) {
      const { status, text, what } = await exchangeOk(
        method,
        path,
        payload,
        signal,
      );
      const parsed = parseJson(text);
      if (!isRecord(parsed)) {
        throw malformed({ body: {}, status, what }, "a JSON object");
      }
      return { body: parsed, status, what };
    },
    rateLimit: () => limit,
  };
}

/** The error for a 2xx answer without the `expected` content. */
export function malformed(answer: Json, expected: string): GenesysApiError {
  return new GenesysApiError(
    `Cannot parse Genesys answer: ${answer.what} answered ${answer.status} without ${expected}`,
    { status: answer.status, code: "malformed.response" },
  );
}

/** The array field `field` of an answer; a missing optional field is empty. */
export function list<T>(answer: Json, field: string, required: boolean): T[] {
  const value = answer.body[field];
  if (Array.isArray(value)) return value as T[];
  if (value === undefined && !required) return [];
  throw malformed(answer, `an array in "${field}"`);
}

/** What a 429 with a `limit` object says about the allowance. */
function rateLimitState(error: GenesysApiError, now: number): RateLimitState {
  const { key, namespace, value } = error.limit!;
  return {
    allowed: value,
    count: value,
    remaining: 0,
    resetSeconds: Math.ceil((error.retryAfterMs ?? 0) / 1000),
    observedAt: now,
    key,
    namespace,
  };
}
