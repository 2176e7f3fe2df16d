/**
 * `GET /metrics`: the text the telemetry room renders (Prometheus text
 * exposition format 0.0.4), behind `METRICS_TOKEN` when one is set.
 *
 * @module
 */

import type { Hono } from "hono";
import { METRICS_CONTENT_TYPE } from "../telemetry/mod.ts";
import { HttpError } from "./_errors.ts";
import { bearerToken } from "./_principal.ts";
import type { AppEnv } from "./options.ts";

/** What `/metrics` reads. */
export interface MetricsDeps {
  /** Bearer token protecting `/metrics`; null = open. */
  metricsToken: string | null;
  /** The exposition text; empty when absent. */
  metrics?: () => string | Promise<string>;
}

/** Registers `/metrics` on `app`. */
export function registerMetrics(app: Hono<AppEnv>, deps: MetricsDeps): void {
  const { metricsToken, metrics } = deps;
  app.get("/metrics", async (c) => {
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
    const text = await metrics?.() ?? "";
    c.header("content-type", METRICS_CONTENT_TYPE);
    c.header("cache-control", "no-store");
    return c.body(text);
  });
}

/** Compares two strings in time that depends only on their lengths. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  const length = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
