/**
 * What `createApp` needs, and the hono environment its handlers see.
 *
 * @module
 */

import type { Authenticator } from "../auth/mod.ts";
import type { Board } from "../boards/mod.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Realtime } from "../realtime/contracts.ts";
import type { Ingest } from "../snapshot/mod.ts";
import type { RateLimit } from "./_rate_limit.ts";
import type { HttpSettings } from "./settings.ts";

export type { RateLimit } from "./_rate_limit.ts";

/** Options of `createApp`. */
export interface AppOptions {
  /** The per-isolate real-time service behind `/ws`, SSE and REST. */
  realtime: Realtime;
  /** Verifies subscriber tokens. */
  auth: Authenticator;
  /** Origins, `/metrics` token and frame ancestors (validated by `readHttpSettings`). */
  settings: Pick<
    HttpSettings,
    "allowedOrigins" | "metricsToken" | "frameAncestors"
  >;
  /** Time for the connection rate limiter. */
  clock: Clock;
  /** Where unexpected errors are logged (the caller registers secrets). */
  log: Logger;
  /** The wallboard page HTML served at `/`; a placeholder when absent. */
  page?: string;
  /** Boards of the `BOARDS` file, served at `/boards/<id>`; none when absent. */
  boards?: readonly Board[];
  /** WebSocket connections per remote address; default 50/s, burst 200. */
  connectRate?: RateLimit;
  /** The `/metrics` text (the telemetry room's scrape); empty when absent. */
  metrics?: () => string | Promise<string>;
  /** Which path feeds the snapshot now, for `/readyz` (the poller's status record). */
  feed?: () => Ingest | null;
}

/**
 * The hono environment: `service.ts` passes the peer address as the env of
 * `app.fetch(req, { remoteAddr })` (a hostname string or `Deno.Addr`).
 */
export interface AppEnv {
  /** The env object of `app.fetch(req, env)`. */
  Bindings: { remoteAddr?: string | Deno.Addr };
}
