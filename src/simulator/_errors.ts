/**
 * Platform error bodies (the `ErrorBody` model of the Genesys SDKs) and
 * JSON answers.
 *
 * @module
 */

import type { ErrorBody } from "../genesys/types.ts";

/** An error the simulator answers with a platform `ErrorBody`. */
export class SimError extends Error {
  /** HTTP status of the answer. */
  readonly status: number;
  /** Genesys error code, e.g. `bad.request`. */
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "SimError";
    this.status = status;
    this.code = code;
  }
}

/** A 400 `bad.request` error. */
export function badRequest(message: string): SimError {
  return new SimError(400, "bad.request", message);
}

const CODES: Record<number, string> = {
  400: "bad.request",
  401: "bad.credentials",
  403: "missing.permissions",
  404: "not.found",
  408: "request.timeout",
  415: "unsupported.media.type",
  429: "too.many.requests.retry.after",
  500: "internal.server.error",
  502: "bad.gateway",
  503: "service.unavailable",
  504: "request.timeout",
};

/** The usual Genesys error code of an HTTP status. */
export function codeOfStatus(status: number): string {
  return CODES[status] ?? (status >= 500 ? "server.error" : "client.error");
}

/** An `ErrorBody` in the key order of the normalized 429. */
export function errorBody(
  status: number,
  code: string,
  message: string,
  contextId: string,
): ErrorBody {
  return { message, code, status, contextId, details: [], errors: [] };
}

/** A JSON answer. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Reads the body as a JSON object; 400 `bad.request` otherwise. */
export async function readJsonObject(
  req: Request,
): Promise<Record<string, unknown>> {
  const text = await req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("Cannot parse request body: malformed JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("Cannot parse request body: expected a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Epoch ms as ISO-8601 UTC with milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
