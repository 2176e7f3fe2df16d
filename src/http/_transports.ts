/**
 * The push endpoints: `GET /ws` (WebSocket) and `GET /api/v1/stream` (SSE).
 * Both check the origin before anything else, then the connection rate per
 * remote address (one bucket for both).
 *
 * @module
 */

import type { Context, Hono } from "hono";
import type { Authenticator } from "../auth/mod.ts";
import type { Realtime } from "../realtime/contracts.ts";
import { HttpError, quoted } from "./_errors.ts";
import { checkScope, parseFilter } from "./_filter.ts";
import { originAllowed } from "./_origin.ts";
import { principalOf } from "./_principal.ts";
import type { RateLimiter } from "./_rate_limit.ts";
import type { AppEnv } from "./options.ts";

/** What the push endpoints read. */
export interface TransportDeps {
  realtime: Realtime;
  auth: Authenticator;
  allowedOrigins: readonly string[];
  limiter: RateLimiter;
}

/** Registers `/ws` and `/api/v1/stream` on `app`. */
export function registerTransports(
  app: Hono<AppEnv>,
  deps: TransportDeps,
): void {
  const { realtime, auth, allowedOrigins, limiter } = deps;

  app.get("/api/v1/stream", async (c) => {
    checkOrigin(c.req.raw, allowedOrigins);
    // An SSE stream is a connection as costly as a WebSocket: same bucket.
    checkConnectRate(limiter, remoteAddress(c));
    const principal = await principalOf(auth, c.req.raw, true);
    const url = new URL(c.req.url);
    const filter = parseFilter(url);
    checkScope(principal, filter);
    const lastEventId = c.req.header("last-event-id") ??
      url.searchParams.get("lastEventId");
    return realtime.stream(c.req.raw, principal, filter, lastEventId);
  });

  app.get("/ws", (c) => {
    checkOrigin(c.req.raw, allowedOrigins);
    const remoteAddr = remoteAddress(c);
    checkConnectRate(limiter, remoteAddr);
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new HttpError(
        400,
        "bad_request",
        "Cannot upgrade: expected a WebSocket handshake",
      );
    }
    return realtime.upgrade(c.req.raw, remoteAddr);
  });
}

/** Refuses (429) a new connection over the per-address connection rate. */
function checkConnectRate(limiter: RateLimiter, remoteAddr: string): void {
  if (limiter.take(remoteAddr)) return;
  throw new HttpError(
    429,
    "rate_limited",
    "Cannot accept connection: too many connection attempts from this address",
    { "retry-after": "1" },
  );
}

/** Refuses (403) a cross-site request from an origin not allowed. */
function checkOrigin(req: Request, allowed: readonly string[]): void {
  if (originAllowed(req, allowed)) return;
  throw new HttpError(
    403,
    "forbidden",
    `Cannot accept origin ${
      quoted(req.headers.get("origin") ?? "", 200)
    }: not allowed`,
  );
}

/** The peer address from the env `service.ts` passes, or "unknown". */
function remoteAddress(c: Context<AppEnv>): string {
  const addr = (c.env as AppEnv["Bindings"] | undefined)?.remoteAddr;
  if (typeof addr === "string" && addr !== "") return addr;
  if (addr && typeof addr === "object" && "hostname" in addr) {
    return addr.hostname;
  }
  return "unknown";
}
