/**
 * One HTTP exchange with Genesys (or the simulator): send, read the whole
 * body, bound by a timeout and the caller's signal, with network failures and
 * timeouts turned into {@linkcode GenesysApiError}s (status 0).
 *
 * @module
 */

import { GenesysApiError } from "./errors.ts";
import { clip } from "./_json.ts";

/**
 * The `fetch` the client is built on. `globalThis.fetch` fits, and so does
 * an in-process handler such as the simulator's.
 */
export type FetchLike = (request: Request) => Promise<Response>;

/** What one exchange needs besides the request itself. */
export interface ExchangeOptions {
  fetch: FetchLike;
  /** Names the call in messages, e.g. `GET /api/v2/routing/queues`. */
  what: string;
  timeoutMs: number;
  /** The caller's signal; its abort reason is rethrown unwrapped. */
  signal?: AbortSignal;
}

/** An answer with its whole body read as text. */
export interface Answer {
  response: Response;
  text: string;
}

/** Sends `url` with `init` and reads the whole answer. */
export async function exchange(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  options: ExchangeOptions,
): Promise<Answer> {
  const { signal, timeoutMs, what } = options;
  signal?.throwIfAborted();
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const request = new Request(url, { ...init, signal: combined });
    const response = await abortable(options.fetch(request), combined);
    const text = await abortable(response.text(), combined);
    return { response, text };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) {
      throw new GenesysApiError(
        `Genesys request failed: ${what} got no answer within ${timeoutMs} ms`,
        { status: 0, code: "request.timeout", cause: error },
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new GenesysApiError(
      `Genesys request failed: ${what} got no answer: ${clip(detail)}`,
      { status: 0, code: "network.error", cause: error },
    );
  }
}

/** Settles like `promise`, or rejects with the signal's reason once it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
