/**
 * Operator endpoints: `/healthz`, `/readyz` and `/metrics`.
 *
 * @module
 */

import type { Hono } from "hono";
import type { Realtime } from "../realtime/contracts.ts";
import { type MetricsDeps, registerMetrics } from "./_metrics.ts";
import type { Ingest } from "../snapshot/mod.ts";
import type { AppEnv } from "./options.ts";

/** What the operator endpoints read. */
export interface OpsDeps extends MetricsDeps {
  realtime: Realtime;
  /** Which path feeds the snapshot now (absent: the snapshot says). */
  feed?: () => Ingest | null;
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
    const { stale, reason } = realtime.freshness();
    const why = reason === null ? {} : { reason };
    if (!snapshot) {
      return c.json({ status: "starting", fetchedAt: null, ...why }, 503);
    }
    // Which path is live: push, or polling (the leader's word, else the
    // snapshot's).
    const live = deps.feed?.() ?? snapshot.ingest;
    const ingest = live ? { ingest: live } : {};
    if (stale) {
      return c.json(
        { status: "stale", fetchedAt: snapshot.fetchedAt, ...ingest, ...why },
        503,
      );
    }
    return c.json({
      status: "ready",
      fetchedAt: snapshot.fetchedAt,
      version: snapshot.version,
      ...ingest,
      ...why,
    });
  });

  registerMetrics(app, deps);
}
