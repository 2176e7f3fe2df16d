/**
 * The hono app: REST, SSE, WebSocket upgrade, operator endpoints and the
 * wallboard page.
 *
 * @module
 */

import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { registerApi } from "./_api.ts";
import { errorBody, HttpError } from "./_errors.ts";
import { requestLimits } from "./_limits.ts";
import { registerOps } from "./_ops.ts";
import { registerPage } from "./_page.ts";
import { createRateLimiter } from "./_rate_limit.ts";
import { registerTransports } from "./_transports.ts";
import type { AppEnv, AppOptions, RateLimit } from "./options.ts";

/** Default WebSocket connection rate per remote address. */
export const DEFAULT_CONNECT_RATE: RateLimit = { perSecond: 50, burst: 200 };

/** Largest request body accepted (no route reads one). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Builds the HTTP app. `service.ts` serves it and passes the peer address as
 * the hono env, so the WebSocket rate limit can key on it:
 *
 * @example
 * ```ts
 * const app = createApp({ realtime, auth, settings, clock, log, page });
 * Deno.serve((req, info) =>
 *   app.fetch(req, {
 *     remoteAddr: info.remoteAddr.transport === "tcp"
 *       ? info.remoteAddr.hostname
 *       : "unknown",
 *   })
 * );
 * ```
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const { realtime, auth, settings, clock, log } = options;
  const limiter = createRateLimiter(
    options.connectRate ?? DEFAULT_CONNECT_RATE,
    clock,
  );
  const app = new Hono<AppEnv>();

  app.use("*", requestLimits());
  app.use("*", async (c, next) => {
    c.header("x-content-type-options", "nosniff");
    await next();
  });
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(
          errorBody("too_large", "Cannot accept request: body too large"),
          413,
        ),
    }),
  );
  app.use(
    "/api/v1/*",
    cors({
      origin: (origin) =>
        settings.allowedOrigins.includes(origin) ? origin : null,
      allowMethods: ["GET", "HEAD", "OPTIONS"],
      allowHeaders: ["Authorization", "Last-Event-ID"],
      maxAge: 600,
    }),
  );

  registerApi(app, { realtime, auth });
  registerTransports(app, {
    realtime,
    auth,
    allowedOrigins: settings.allowedOrigins,
    limiter,
  });
  registerOps(app, {
    realtime,
    metricsToken: settings.metricsToken,
    metrics: options.metrics,
    feed: options.feed,
  });
  registerPage(app, { ...options, frameAncestors: settings.frameAncestors });

  app.notFound((c) =>
    c.json(errorBody("not_found", "Cannot find the requested route"), 404)
  );
  app.onError((error, c) => {
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) {
        c.header(name, value);
      }
      return c.json(errorBody(error.code, error.message), error.status);
    }
    log.error("Cannot answer request", {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error,
    });
    return c.json(errorBody("internal", "Internal server error"), 500);
  });
  return app;
}
