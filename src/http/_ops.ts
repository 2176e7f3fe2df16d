/**
 * Operator endpoints: `/healthz`, `/readyz`, `/metrics`.
 *
 * @module
 */

import type { Hono } from "hono";
import type { Clock } from "../clock.ts";
import type { Realtime } from "../realtime/contracts.ts";
import { HttpError } from "./_errors.ts";
import {
  METRICS_CONTENT_TYPE,
  renderMetrics,
  timingSafeEqual,
} from "./_metrics.ts";
import { bearerToken } from "./_principal.ts";
import type { AppEnv } from "./options.ts";

/** What the operator endpoints read. */
export interface OpsDeps {
  realtime: Realtime;
  clock: Clock;
  /** Bearer token protecting `/metrics`; null = open. */
  metricsToken: string | null;
  extraMetrics?: () => string;
}

/** Registers `/healthz`, `/readyz` and `/metrics` on `app`. */
export function registerOps(app: Hono<AppEnv>, deps: OpsDeps): void {
  const { realtime, clock, metricsToken, extraMetrics } = deps;

  app.get("/healthz", (c) => {
    c.header("cache-control", "no-store");
    return c.json({ status: "ok" });
  });

  app.get("/readyz", (c) => {
    c.header("cache-control", "no-store");
    const snapshot = realtime.current();
    if (!snapshot) return c.json({ status: "starting", fetchedAt: null }, 503);
    if (realtime.stale()) {
      return c.json({ status: "stale", fetchedAt: snapshot.fetchedAt }, 503);
    }
    return c.json({
      status: "ready",
      fetchedAt: snapshot.fetchedAt,
      version: snapshot.version,
    });
  });

  app.get("/metrics", (c) => {
    if (metricsToken !== null) {
      const token = bearerToken(c.req.raw);
      if (token === undefined || !timingSafeEqual(token, metricsToken)) {
        throw new HttpError(
          401,
          "unauthorized",
          "Cannot read metrics: missing or wrong bearer token",
          { "www-authenticate": "Bearer" },
        );
      }
    }
    const text = renderMetrics(realtime, clock) + (extraMetrics?.() ?? "");
    c.header("content-type", METRICS_CONTENT_TYPE);
    c.header("cache-control", "no-store");
    return c.body(text);
  });
}
