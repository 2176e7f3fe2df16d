/**
 * The wallboard: the page at `/` and at `/boards/<id>` (one HTML document;
 * the page reads which board from its path), its static files under
 * `/app/`, the generated `/app/protocol.js`, and `GET /api/v1/boards`.
 *
 * @module
 */

import type { Context, Hono } from "hono";
import type { Authenticator } from "../auth/mod.ts";
import type { Board } from "../boards/mod.ts";
import type { Realtime } from "../realtime/contracts.ts";
import { registerBoards } from "./_boards.ts";
import { HttpError, quoted } from "./_errors.ts";
import { protocolModule } from "./_protocol_module.ts";
import {
  assetOf,
  type ReadAsset,
  readWebFile,
  registerStatic,
} from "./_static.ts";
import type { AppEnv } from "./options.ts";

/** Served when `service.ts` provides no page (web/ is missing). */
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
    "style-src 'self'",
    "script-src 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

/** What the wallboard routes read. */
export interface PageDeps {
  /** The page HTML; a placeholder when absent. */
  page?: string;
  /** CSP `frame-ancestors` value. */
  frameAncestors: string;
  /** The boards of the `BOARDS` file (none when absent). */
  boards?: readonly Board[];
  realtime: Realtime;
  auth: Authenticator;
  /** Reads `web/` files; defaults to the folder next to `src/`. */
  readAsset?: ReadAsset;
}

/** Registers the page, its files and the boards route on `app`. */
export function registerPage(app: Hono<AppEnv>, deps: PageDeps): void {
  const csp = contentSecurityPolicy(deps.frameAncestors);
  const html = deps.page ?? PLACEHOLDER_PAGE;
  const boards = deps.boards ?? [];
  const ids = new Set(boards.map((b) => b.id));
  const protocol = new TextEncoder().encode(protocolModule());

  function page(c: Context<AppEnv>): Response {
    c.header("content-security-policy", csp);
    c.header("referrer-policy", "no-referrer");
    c.header("cache-control", "no-cache");
    return c.html(html);
  }

  app.get("/", (c) => page(c));
  app.get("/boards/:id", (c) => {
    const id = c.req.param("id");
    if (!ids.has(id)) {
      throw new HttpError(404, "not_found", `Cannot find board ${quoted(id)}`);
    }
    return page(c);
  });
  registerStatic(
    app,
    deps.readAsset ?? readWebFile(),
    new Map([["protocol.js", assetOf("protocol.js", protocol)]]),
  );
  registerBoards(app, { realtime: deps.realtime, auth: deps.auth, boards });
}
