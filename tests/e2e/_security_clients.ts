/**
 * The `fetch` wrapper of the security end-to-end tests: every body received
 * is recorded as evidence for the secret-hygiene checks (the shared
 * `SseClient` and `WsClient` record theirs through their `record` option).
 *
 * @module
 */

import { type Answer, guard } from "../_support/mod.ts";
import type { Evidence } from "./_security_helpers.ts";

/** Sends a request and reads the whole answer into `evidence`. */
export async function request(
  evidence: Evidence,
  url: string,
  init: RequestInit = {},
): Promise<Answer> {
  const response = await guard(
    fetch(url, init),
    `${init.method ?? "GET"} ${url}`,
  );
  const text = await guard(response.text(), "read the body");
  evidence.outputs.push(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
