/**
 * Errors of the Genesys client.
 *
 * Every failure of a Genesys call is a {@linkcode GenesysApiError}, so the
 * poller can back off on one class:
 * - a non-2xx answer carries the HTTP status and the `code`, `contextId` and
 *   `limit` of the Genesys `ErrorBody`, and for a 403 `missing.permissions`
 *   (or `missing.any.permissions`) the permissions its message names; when
 *   the body is not an `ErrorBody` (say, an HTML page from a proxy) `code`
 *   is `http.error`;
 * - a 2xx answer whose body cannot be read as the expected JSON has the
 *   answer's status and code `malformed.response`;
 * - no answer at all has status 0 and code `network.error` (connection
 *   failed or reset) or `request.timeout` (no answer within the timeout).
 *
 * An abort by the caller's own signal is not wrapped: the signal's reason is
 * rethrown as is.
 *
 * @module
 */

import { clip, isRecord, parseJson } from "./_json.ts";
import { PERMISSION_PATTERN } from "./permissions.ts";
import type { RateLimitInfo } from "./types.ts";

/** Error codes of a 403 that name missing permissions. */
export const MISSING_PERMISSION_CODES: readonly string[] = [
  "missing.permissions",
  "missing.any.permissions",
];

const PERMISSION_NAME = new RegExp(PERMISSION_PATTERN.source.slice(1, -1), "g");

/** Options of {@linkcode GenesysApiError}. */
export interface GenesysApiErrorOptions {
  /** HTTP status, or 0 when no answer arrived. */
  status: number;
  /** Genesys error code (`too.many.requests.retry.after`) or one of ours. */
  code: string;
  /** The `contextId` of the error body (Genesys correlation id), if any. */
  contextId?: string | null;
  /** How long to wait before retrying, if the answer said so. */
  retryAfterMs?: number | null;
  /** The `limit` object of a 429 body, if any. */
  limit?: RateLimitInfo | null;
  /** Permissions a 403 named as missing. */
  missingPermissions?: readonly string[];
  /** The underlying error. */
  cause?: unknown;
}

/**
 * A failed Genesys call.
 *
 * @example
 * ```ts
 * try {
 *   await api.listQueues();
 * } catch (error) {
 *   if (error instanceof GenesysApiError && error.retryAfterMs !== null) {
 *     await clock.sleep(error.retryAfterMs);
 *   }
 * }
 * ```
 */
export class GenesysApiError extends Error {
  /** HTTP status, or 0 for `network.error` / `request.timeout`. */
  readonly status: number;
  /** Genesys error code, or `http.error`, `malformed.response`, `network.error`, `request.timeout`. */
  readonly code: string;
  /** Genesys correlation id from the error body, or null. */
  readonly contextId: string | null;
  /** Milliseconds to wait before retrying, from `Retry-After`; else null. */
  readonly retryAfterMs: number | null;
  /** The limit a 429 ran into (`limit` of the body), or null. */
  readonly limit: RateLimitInfo | null;
  /**
   * Permissions a 403 `missing.permissions` named (for
   * `missing.any.permissions`, any one of them would do); else empty. Not a
   * passing fault: retrying cannot help until the role changes.
   */
  readonly missingPermissions: readonly string[];

  /** Creates the error; `options` carries status, code and the rest. */
  constructor(message: string, options: GenesysApiErrorOptions) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = "GenesysApiError";
    this.status = options.status;
    this.code = options.code;
    this.contextId = options.contextId ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.limit = options.limit ?? null;
    this.missingPermissions = options.missingPermissions ?? [];
  }
}

/**
 * Which credential the login service refused: `client_not_found` (the client
 * id), `authentication_failed` (the secret), or `refused` (anything else).
 */
export type GenesysAuthFailure =
  | "client_not_found"
  | "authentication_failed"
  | "refused";

/**
 * The login service refused the OAuth client credentials (`invalid_client`
 * and other OAuth errors of `POST /oauth/token`). The message says which
 * credential was refused and never contains either of them.
 */
export class GenesysAuthError extends GenesysApiError {
  /** Which credential was refused. */
  readonly reason: GenesysAuthFailure;

  /** Creates the error; `options.reason` says which credential was refused. */
  constructor(
    message: string,
    options: GenesysApiErrorOptions & { reason: GenesysAuthFailure },
  ) {
    super(message, options);
    this.name = "GenesysAuthError";
    this.reason = options.reason;
  }
}

/**
 * Reads how long to wait from an answer's `Retry-After` header (seconds or
 * an HTTP date); null when it is missing or unreadable.
 */
export function retryAfterFrom(headers: Headers, now: number): number | null {
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return null;
  if (/^[+-]?[\d.]+$/.test(retryAfter)) {
    const seconds = Number(retryAfter);
    return Number.isFinite(seconds) && seconds >= 0
      ? Math.round(seconds * 1000)
      : null;
  }
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/**
 * The permissions an error body names: every `domain:entity:action` in its
 * `message`, `messageWithParams` and `messageParams` values, in order,
 * without repeats. Genesys writes them as
 * `You are missing the following permission(s): [a:b:c]`.
 */
function permissionsOf(body: Record<string, unknown>): string[] {
  const texts: unknown[] = [body.message, body.messageWithParams];
  if (isRecord(body.messageParams)) {
    texts.push(...Object.values(body.messageParams));
  }
  const found = new Set<string>();
  for (const text of texts) {
    if (typeof text !== "string") continue;
    for (const match of text.matchAll(PERMISSION_NAME)) found.add(match[0]);
  }
  return [...found];
}

/** The `limit` object of an error body when it has the documented shape. */
function limitOf(value: unknown): RateLimitInfo | null {
  if (!isRecord(value)) return null;
  const { key, namespace } = value;
  const limit = value.value;
  if (typeof key !== "string" || typeof namespace !== "string") return null;
  if (typeof limit !== "number" || !Number.isFinite(limit)) return null;
  return { key, namespace, value: limit };
}

/**
 * Builds the error for a non-2xx answer of the Platform API from its status,
 * headers and body text. `what` names the call, e.g. `GET /api/v2/users`.
 */
export function apiErrorFromAnswer(
  what: string,
  response: Response,
  bodyText: string,
  now: number,
): GenesysApiError {
  const body = parseJson(bodyText);
  const retryAfterMs = retryAfterFrom(response.headers, now);
  const head = `Genesys request failed: ${what} answered ${response.status}`;
  if (isRecord(body) && typeof body.code === "string") {
    const detail = typeof body.message === "string"
      ? `: "${clip(body.message)}"`
      : "";
    return new GenesysApiError(`${head} ${body.code}${detail}`, {
      status: response.status,
      code: body.code,
      contextId: typeof body.contextId === "string" ? body.contextId : null,
      retryAfterMs,
      limit: limitOf(body.limit),
      missingPermissions: MISSING_PERMISSION_CODES.includes(body.code)
        ? permissionsOf(body)
        : [],
    });
  }
  const kind = body === undefined ? "a non-JSON body" : "an unknown error body";
  return new GenesysApiError(`${head} with ${kind}`, {
    status: response.status,
    code: "http.error",
    retryAfterMs,
  });
}
