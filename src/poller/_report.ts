/**
 * Logging of failed poll cycles: retryable failures each time (they are
 * spaced by backoff), others once per distinct error until a poll succeeds.
 *
 * @module
 */

import type { Logger } from "../log.ts";
import { errorInfo, errorLabel } from "./_error_info.ts";

/** Logs one failed cycle; `reported` remembers non-retryable errors already logged. */
export function reportFailure(
  log: Logger,
  reported: Set<string>,
  error: unknown,
  retryable: boolean,
  retryInMs: number,
): void {
  const { status, code } = errorInfo(error);
  if (retryable) {
    log.warn("Cannot poll Genesys: retrying", {
      status,
      code,
      retryInMs,
      error,
    });
    return;
  }
  const label = errorLabel(error);
  if (reported.has(label)) return;
  reported.add(label);
  if (status === null) {
    log.error("Cannot build or commit the snapshot: keeping the last one", {
      error,
    });
  } else {
    log.warn("Cannot poll Genesys: keeping the last snapshot", {
      status,
      code,
      error,
    });
  }
}
