/**
 * The wallboard page at `/`, with its security headers.
 *
 * @module
 */

import type { Hono } from "hono";
import type { AppEnv } from "./options.ts";

/** Served when `main.ts` provides no page. */
export const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>queuepulse</title></head>
<body>
<h1>queuepulse</h1>
<p>The wallboard page is not installed. The API is at <code>/api/v1/snapshot</code>,
live updates at <code>/ws</code> and <code>/api/v1/stream</code>.</p>
</body>
</html>
`;

/** The page's Content-Security-Policy for a `frame-ancestors` value. */
export function contentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "connect-src 'self' ws: wss:",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self' 'unsafe-inline'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

/** Registers `GET /` on `app`. */
export function registerPage(
  app: Hono<AppEnv>,
  page: string | undefined,
  frameAncestors: string,
): void {
  const csp = contentSecurityPolicy(frameAncestors);
  const html = page ?? PLACEHOLDER_PAGE;
  app.get("/", (c) => {
    c.header("content-security-policy", csp);
    c.header("referrer-policy", "no-referrer");
    c.header("cache-control", "no-cache");
    return c.html(html);
  });
}
