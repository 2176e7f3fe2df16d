/**
 * JSON error answers of the HTTP room:
 * `{"error":{"code":"…","message":"…"}}`.
 *
 * @module
 */

/** Error codes of HTTP answers. */
export type HttpErrorCode =
  | "bad_request"
  | "unauthorized"
  | "token_expired"
  | "forbidden"
  | "not_found"
  | "too_large"
  | "rate_limited"
  | "starting"
  | "internal";

/** HTTP statuses the error answers use. */
export type HttpErrorStatus =
  | 400
  | 401
  | 403
  | 404
  | 413
  | 414
  | 429
  | 431
  | 500
  | 503;

/** The JSON body of an error answer. */
export interface ErrorBody {
  /** What went wrong: a stable code and a readable message. */
  error: { code: HttpErrorCode; message: string };
}

/** A refusal thrown by a route and turned into its JSON answer by `onError`. */
export class HttpError extends Error {
  /** HTTP status of the answer. */
  readonly status: HttpErrorStatus;
  /** Machine-readable code of the answer. */
  readonly code: HttpErrorCode;
  /** Extra response headers (`WWW-Authenticate`, `Retry-After`). */
  readonly headers: Record<string, string>;

  constructor(
    status: HttpErrorStatus,
    code: HttpErrorCode,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Builds the body of an error answer. */
export function errorBody(code: HttpErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Builds a whole error answer (for code paths outside a hono context). */
export function errorResponse(
  status: HttpErrorStatus,
  code: HttpErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(errorBody(code, message), {
    status,
    headers: { "x-content-type-options": "nosniff", ...headers },
  });
}

/** Shortens a client-supplied value before it is quoted in a message. */
export function quoted(value: string, max = 64): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut);
}
