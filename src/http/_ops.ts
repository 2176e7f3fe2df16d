/**
 * Operator endpoints: `/healthz`, `/readyz` and `/metrics`.
 *
 * @module
 */

import type { Hono } from "hono";
import type { Realtime } from "../realtime/contracts.ts";
import { type MetricsDeps, registerMetrics } from "./_metrics.ts";
import type { AppEnv, Feed } from "./options.ts";

/** What the operator endpoints read. */
export interface OpsDeps extends MetricsDeps {
  realtime: Realtime;
  /** Which path feeds the snapshot now (absent: the snapshot says). */
  feed?: () => Feed | null;
}

/** Registers `/healthz`, `/readyz` and `/metrics` on `app`. */
export function registerOps(app: Hono<AppEnv>, deps: OpsDeps): void {
  const { realtime } = deps;

  app.get("/healthz", (c) => {
    c.header("cache-control", "no-store");
    return c.json({ status: "ok" });
  });

  app.get("/readyz", (c) => {
    c.header("cache-control", "no-store");
    const snapshot = realtime.current();
    if (!snapshot) return c.json({ status: "starting", fetchedAt: null }, 503);
    // Which path is live, push or polling, and why when something is off.
    const feed = deps.feed?.() ?? null;
    const live = feed?.ingest ?? snapshot.ingest;
    const ingest = {
      ...(live ? { ingest: live } : {}),
      ...(feed?.reason ? { reason: feed.reason } : {}),
    };
    if (realtime.stale()) {
      return c.json(
        { status: "stale", fetchedAt: snapshot.fetchedAt, ...ingest },
        503,
      );
    }
    return c.json({
      status: "ready",
      fetchedAt: snapshot.fetchedAt,
      version: snapshot.version,
      ...ingest,
    });
  });

  registerMetrics(app, deps);
}
