/**
 * The origin rule of cross-site WebSocket and SSE requests (docs/protocol.md;
 * CSWSH defence, OWASP WSTG / CWE-1385).
 *
 * @module
 */

/**
 * Whether `req` may open a WebSocket or an SSE stream: no `Origin` passes
 * (not a browser), the same origin passes (the request URL's origin, or
 * `http(s)://` + `Host` behind a TLS-terminating proxy), anything else must
 * be listed exactly in `allowed`.
 */
export function originAllowed(
  req: Request,
  allowed: readonly string[],
): boolean {
  const origin = req.headers.get("origin");
  if (origin === null) return true;
  if (origin === new URL(req.url).origin) return true;
  const host = req.headers.get("host")?.toLowerCase();
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) {
    return true;
  }
  return allowed.includes(origin);
}
