/**
 * The composition root's engine: builds every room from a `Config` and wires
 * them together. `main.ts` calls it once per isolate; end-to-end tests call
 * it in-process.
 *
 * @module
 */

import type { Config } from "./config_types.ts";
import { type Clock, systemClock } from "./clock.ts";
import { createLogger, type Logger } from "./log.ts";
import { createGenesysClient } from "./genesys/mod.ts";
import { createSimulator, type Simulator } from "./simulator/mod.ts";
import {
  buildSnapshot,
  createSnapshotStore,
  loadAlertRules,
} from "./snapshot/mod.ts";
import {
  createLease,
  createPollerMetrics,
  createRefreshRequest,
  runPoller,
} from "./poller/mod.ts";
import { createAuthenticator } from "./auth/mod.ts";
import { createRealtime } from "./realtime/mod.ts";
import { createApp } from "./http/mod.ts";

/** What the caller may replace (tests, benchmarks). */
export interface ServiceDeps {
  kv?: Deno.Kv;
  clock?: Clock;
  log?: Logger;
  /** Network fetch for Genesys and JWKS; defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** The wallboard page; defaults to `web/index.html`. */
  page?: string;
  /** Options of the in-process simulator (demo mode only). */
  simulator?: Simulator;
}

/** A running queuepulse isolate. */
export interface Service {
  /** The HTTP handler for `Deno.serve` / `deno serve`. */
  fetch(
    req: Request,
    info?: Deno.ServeHandlerInfo,
  ): Response | Promise<Response>;
  /** Asks the leader to reload the queue directory (wired to `Deno.cron`). */
  requestDirectoryRefresh(): void;
  /** The in-process simulator, when running in demo mode. */
  simulator: Simulator | null;
  /** Stops polling, closes clients with 1001, releases the lease, closes KV. */
  shutdown(): Promise<void>;
}

/**
 * Starts one isolate of queuepulse: KV, simulator or Genesys client, poller
 * (which polls only while it holds the lease), real-time hub and HTTP app.
 *
 * @example
 * ```ts ignore
 * const service = await startService(loadConfig(Deno.env));
 * Deno.serve(service.fetch);
 * ```
 */
export async function startService(
  config: Config,
  deps: ServiceDeps = {},
): Promise<Service> {
  const clock = deps.clock ?? systemClock();
  const log = deps.log ?? createLogger();
  if (config.credentials) log.redact(config.credentials.clientSecret);
  if (config.auth.jwtSecret) log.redact(config.auth.jwtSecret);
  if (config.metricsToken) log.redact(config.metricsToken);
  const rules = await loadAlertRules(config.alertRulesPath);

  const ownsKv = !deps.kv;
  const kv = deps.kv ?? await openKv(config.kvPath, clock, log);

  const simulator = config.credentials
    ? null
    : deps.simulator ?? createSimulator({ clock, timeZone: config.timeZone });
  const api = createGenesysClient({
    apiUrl: config.apiUrl,
    loginUrl: config.loginUrl,
    credentials: config.credentials ??
      { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: simulator ? simulator.fetch : deps.fetch ?? globalThis.fetch,
    clock,
  });
  const source = simulator ? "simulator" : "genesys";
  if (!config.auth.enabled) {
    log.warn(
      "Subscriber authentication is off: every client sees every queue and agent",
      {
        hint: config.credentials
          ? "AUTH_DISABLED=true is set"
          : "demo mode on the simulator; set AUTH_DISABLED=false and AUTH_JWT_SECRET or AUTH_JWKS_URL to require tokens",
      },
    );
  }

  const store = createSnapshotStore({ kv, clock, log });
  const lease = createLease({ kv, owner: crypto.randomUUID(), clock });
  const stop = new AbortController();
  const refresh = createRefreshRequest();
  const pollerMetrics = createPollerMetrics();
  const poller = runPoller({
    api,
    store,
    build: buildSnapshot,
    lease,
    kv,
    clock,
    log,
    signal: stop.signal,
    source,
    rules,
    staleAfterMs: config.staleAfterMs,
    pollIntervalMs: config.pollIntervalMs,
    aggregateIntervalMs: config.aggregateIntervalMs,
    timeZone: config.timeZone,
    queueFilter: config.queueFilter,
    directoryRefresh: refresh.directoryRefresh,
    onEvent: pollerMetrics.onEvent,
  });

  const auth = createAuthenticator(config.auth, { fetch: deps.fetch, clock });
  const realtime = createRealtime({
    store,
    auth,
    clock,
    log,
    source,
    staleAfterMs: config.staleAfterMs,
    maxConnections: config.maxConnections,
  });
  const page = deps.page ?? await readPage();
  const app = createApp({
    realtime,
    auth,
    config,
    clock,
    log,
    page,
    connectRate: config.connectRate,
    extraMetrics: () => pollerMetrics.render(),
  });

  let closing: Promise<void> | null = null;
  return {
    fetch: (req, info) => app.fetch(req, { remoteAddr: remoteAddress(info) }),
    requestDirectoryRefresh: refresh.requestDirectoryRefresh,
    simulator,
    shutdown() {
      closing ??= (async () => {
        stop.abort();
        await realtime.close();
        await poller.catch((error) => log.error("Poller failed", { error }));
        if (ownsKv) kv.close();
      })();
      return closing;
    },
  };
}

/** Attempts at opening KV; isolates opening one SQLite file race for its lock. */
const OPEN_ATTEMPTS = 5;
const OPEN_RETRY_MS = 100;

/** Opens KV, retrying the "database is locked" of a concurrent first open. */
async function openKv(
  path: string | null,
  clock: Clock,
  log: Logger,
): Promise<Deno.Kv> {
  for (let attempt = 1;; attempt++) {
    try {
      return await Deno.openKv(path ?? undefined);
    } catch (error) {
      if (attempt >= OPEN_ATTEMPTS) throw error;
      log.warn("Cannot open KV yet: retrying", { error, attempt });
      await clock.sleep(OPEN_RETRY_MS * attempt);
    }
  }
}

function remoteAddress(info: Deno.ServeHandlerInfo | undefined): string {
  const addr = info?.remoteAddr;
  return addr && "hostname" in addr ? addr.hostname : "unknown";
}

async function readPage(): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(
      new URL("../web/index.html", import.meta.url),
    );
  } catch {
    return undefined;
  }
}
