/**
 * Limits on the request itself, checked before any route: URL length,
 * header bytes, and no body on GET/HEAD (no route reads one). Each refusal
 * is the JSON error of the contract. Requests beyond Deno's own limits
 * never reach here: Deno answers those itself (see docs/protocol.md).
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import { errorResponse } from "./_errors.ts";

/** Longest path + query, bytes: room for an 8 KiB `?access_token=`. */
export const MAX_URL_BYTES = 16 * 1024;
/** Most bytes of header names and values in one request. */
export const MAX_HEADER_BYTES = 32 * 1024;

/**
 * Refuses an oversized URL (414), oversized headers (431) and any body on
 * GET or HEAD (413), all with code `too_large`.
 */
export function requestLimits(): MiddlewareHandler {
  return async (c, next) => {
    const req = c.req.raw;
    const url = urlBytes(req.url);
    if (url > MAX_URL_BYTES) {
      return errorResponse(
        414,
        "too_large",
        `Cannot accept request: URL of ${url} bytes is over the limit of ${MAX_URL_BYTES} bytes`,
      );
    }
    const headers = headerBytes(req.headers);
    if (headers > MAX_HEADER_BYTES) {
      return errorResponse(
        431,
        "too_large",
        `Cannot accept request: headers of ${headers} bytes are over the limit of ${MAX_HEADER_BYTES} bytes`,
      );
    }
    if ((req.method === "GET" || req.method === "HEAD") && hasBody(req)) {
      return errorResponse(
        413,
        "too_large",
        `Cannot accept request: ${req.method} takes no body`,
      );
    }
    await next();
  };
}

/** Bytes of path + query (a parsed URL is ASCII: one byte per character). */
function urlBytes(href: string): number {
  const path = href.indexOf("/", href.indexOf("//") + 2);
  return path < 0 ? 1 : href.length - path;
}

function headerBytes(headers: Headers): number {
  let bytes = 0;
  for (const [name, value] of headers) bytes += name.length + value.length;
  return bytes;
}

function hasBody(req: Request): boolean {
  const length = req.headers.get("content-length");
  if (length !== null && Number(length) !== 0) return true;
  return req.headers.has("transfer-encoding");
}
