/**
 * Duck-typed reading of API errors: the poller only needs `status`, `code`
 * and `retryAfterMs`, which `GenesysApiError` carries. Reading them off any
 * object keeps this room independent of the client's error class.
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
}

/** Reads `status`, `code` and `retryAfterMs` off any thrown value. */
export function errorInfo(error: unknown): ErrorInfo {
  if (typeof error !== "object" || error === null) {
    return { status: null, code: null, retryAfterMs: null };
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
  return { status, code, retryAfterMs };
}

/** A short stable label of an error, used to log each distinct error once. */
export function errorLabel(error: unknown): string {
  const { status, code } = errorInfo(error);
  if (status !== null) return `${status} ${code ?? "unknown"}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
