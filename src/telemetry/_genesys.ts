/**
 * Counts and times every Genesys API call at the `fetch` the client is built
 * on: `queuepulse_genesys_requests_total{endpoint,status,code}` and
 * `queuepulse_genesys_request_duration_seconds{endpoint}`. The endpoint is
 * the method and path with ids replaced by `{id}`; `code` is the Genesys
 * error code of a failed answer (its `code` field), `network.error` or
 * `request.timeout` when there was no answer, and empty on success.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { FetchLike } from "../genesys/mod.ts";
import { ISOLATE_FAMILIES } from "./_families.ts";
import type { Recorder } from "./recorder.ts";

/** Longest error body read for its `code`. */
const MAX_ERROR_BODY = 16_384;

/** Wraps `fetch` so that `recorder` sees every call. */
export function instrumentFetch(
  fetch: FetchLike,
  recorder: Recorder,
  clock: Clock,
): FetchLike {
  return async (request) => {
    const endpoint = endpointOf(request);
    const start = clock.now();
    let response: Response;
    try {
      response = await fetch(request);
    } catch (error) {
      // A call the caller aborted (shutdown) is not a Genesys failure.
      if (error instanceof DOMException && error.name === "AbortError") {
        throw error;
      }
      const code =
        error instanceof DOMException && error.name === "TimeoutError"
          ? "request.timeout"
          : "network.error";
      recorder.add(ISOLATE_FAMILIES.genesysRequests, {
        endpoint,
        status: "0",
        code,
      });
      throw error;
    }
    recorder.observe(
      ISOLATE_FAMILIES.genesysDuration,
      { endpoint },
      (clock.now() - start) / 1000,
    );
    const code = response.ok ? "" : await errorCode(response.clone());
    recorder.add(ISOLATE_FAMILIES.genesysRequests, {
      endpoint,
      status: String(response.status),
      code,
    });
    return response;
  };
}

/** `POST /api/v2/analytics/queues/observations/query`, ids as `{id}`. */
export function endpointOf(request: Request): string {
  const path = new URL(request.url).pathname.split("/").map((segment) =>
    /\d/.test(segment) && segment.length >= 8 && !/^v\d+$/.test(segment)
      ? "{id}"
      : segment
  ).join("/");
  return `${request.method} ${path}`;
}

async function errorCode(response: Response): Promise<string> {
  try {
    const text = (await response.text()).slice(0, MAX_ERROR_BODY);
    const code = JSON.parse(text)?.code;
    return typeof code === "string" && code.length <= 100 ? code : "http.error";
  } catch {
    return "http.error";
  }
}
