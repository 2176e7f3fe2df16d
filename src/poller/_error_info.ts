/**
 * Duck-typed reading of API errors: the poller only needs `status`, `code`,
 * `retryAfterMs` and, on a 403, `missingPermissions`, which
 * `GenesysApiError` carries. Reading them off any object keeps this room
 * independent of the client's error class.
 *
 * @module
 */

/** What the poller reads off a failed call. */
export interface ErrorInfo {
  /** HTTP status; 0 for network errors and timeouts; null when not an API error. */
  status: number | null;
  /** The Genesys error code (`too.many.requests.retry.after`), or null. */
  code: string | null;
  /** How long the server asked us to wait, or null. */
  retryAfterMs: number | null;
  /** Permissions a 403 named (empty when it named none). */
  missingPermissions: string[];
}

/** Reads `status`, `code`, `retryAfterMs` and `missingPermissions` off any thrown value. */
export function errorInfo(error: unknown): ErrorInfo {
  if (typeof error !== "object" || error === null) {
    return {
      status: null,
      code: null,
      retryAfterMs: null,
      missingPermissions: [],
    };
  }
  const record = error as Record<string, unknown>;
  const status = typeof record.status === "number" &&
      Number.isFinite(record.status)
    ? record.status
    : null;
  const code = typeof record.code === "string" ? record.code : null;
  const retryAfterMs = typeof record.retryAfterMs === "number" &&
      Number.isFinite(record.retryAfterMs) && record.retryAfterMs >= 0
    ? record.retryAfterMs
    : null;
  const missing = record.missingPermissions;
  const missingPermissions = Array.isArray(missing)
    ? missing.filter((p): p is string => typeof p === "string")
    : [];
  return { status, code, retryAfterMs, missingPermissions };
}

/** A short stable label of an error, used to log each distinct error once. */
export function errorLabel(error: unknown): string {
  const { status, code } = errorInfo(error);
  if (status !== null) return `${status} ${code ?? "unknown"}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
