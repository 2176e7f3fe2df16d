/**
 * The composition root's engine: builds every room from a `Config` and wires
 * them together. `boot.ts` calls it once per isolate; end-to-end tests call
 * it in-process.
 *
 * @module
 */

import { type Config, configSecrets } from "./config.ts";
import { type Clock, systemClock } from "./clock.ts";
import { createLogger, type Logger } from "./log.ts";
import {
  createGenesysClient,
  createNotificationClient,
  createTokenCache,
} from "./genesys/mod.ts";
import { createSimulator, type Simulator } from "./simulator/mod.ts";
import {
  buildSnapshot,
  createSnapshotStore,
  loadAlertRules,
} from "./snapshot/mod.ts";
import {
  createLease,
  followPollerStatus,
  freshnessOf,
  runPoller,
} from "./poller/mod.ts";
import { createAuthenticator } from "./auth/mod.ts";
import { createRealtime } from "./realtime/mod.ts";
import { createApp } from "./http/mod.ts";
import { type Board, loadBoards } from "./boards/mod.ts";
import { createTelemetry } from "./telemetry/mod.ts";

/** What the caller may replace (tests, benchmarks). */
export interface ServiceDeps {
  kv?: Deno.Kv;
  clock?: Clock;
  log?: Logger;
  /** Network fetch for Genesys and JWKS; defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** The wallboard page; defaults to `web/index.html`. */
  page?: string;
  /** Boards of the `BOARDS` file (validated with `loadBoards`); none when absent. */
  boards?: readonly Board[];
  /** Options of the in-process simulator (demo mode only). */
  simulator?: Simulator;
  /** This isolate's id in logs and metrics; default a random one. */
  isolate?: string;
}

/** A running queuepulse isolate. */
export interface Service {
  /** The HTTP handler for `Deno.serve` / `deno serve`. */
  fetch(
    req: Request,
    info?: Deno.ServeHandlerInfo,
  ): Response | Promise<Response>;
  /** The in-process simulator, when running in demo mode. */
  simulator: Simulator | null;
  /** Stops polling, closes clients with 1001, releases the lease, closes KV. */
  shutdown(): Promise<void>;
}

/**
 * Starts one isolate of queuepulse: KV, simulator or Genesys client and
 * notification client (sharing one token), poller (which feeds the
 * snapshot only while it holds the lease: by push, polling as fallback),
 * real-time hub and HTTP app.
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
  const log = deps.log ?? createLogger({ level: config.logLevel });
  for (const secret of configSecrets(config)) log.redact(secret);
  const rules = await loadAlertRules(config.alertRulesPath);

  const ownsKv = !deps.kv;
  const kv = deps.kv ?? await openKv(config.kvPath, clock, log);

  const stop = new AbortController();
  const pollerStatus = followPollerStatus({
    kv,
    clock,
    log,
    signal: stop.signal,
  });
  const telemetry = createTelemetry({
    kv,
    clock,
    log,
    isolate: deps.isolate ?? crypto.randomUUID().slice(0, 8),
    rateLimitPerMinute: config.genesys.rateLimitPerMinute,
    queueMetrics: config.http.metricsQueues,
    pollerStatus: pollerStatus.current,
  });
  const { genesys, poller: polling } = config;
  const ownsSimulator = !genesys.credentials && !deps.simulator;
  const simulator = genesys.credentials ? null : deps.simulator ??
    createSimulator({ clock, timeZone: polling.timeZone });
  const hosts = {
    apiUrl: genesys.apiUrl,
    loginUrl: genesys.loginUrl,
    credentials: genesys.credentials ?? simulator!.credentials,
    fetch: telemetry.instrument(
      simulator ? simulator.fetch : deps.fetch ?? globalThis.fetch,
    ),
    clock,
  };
  // One token for the REST calls and the notification channels.
  const tokenCache = createTokenCache(hosts);
  const api = createGenesysClient({ ...hosts, tokenCache });
  const notifications = genesys.notifications
    ? createNotificationClient({
      ...hosts,
      tokenCache,
      connect: simulator ? (url) => simulator.connect(url) : undefined,
    })
    : null;
  const source = simulator ? "simulator" : "genesys";
  if (!config.auth.enabled) {
    log.warn(
      "Subscriber authentication is off: every client sees every queue and agent",
      {
        hint: genesys.credentials
          ? "AUTH_DISABLED=true is set"
          : "demo mode on the simulator; set AUTH_DISABLED=false and AUTH_JWT_SECRET or AUTH_JWKS_URL to require tokens",
      },
    );
  }

  const store = createSnapshotStore({ kv, clock, log });
  const lease = createLease({ kv, owner: crypto.randomUUID(), clock });
  if (!polling.enabled) {
    log.info(
      "Polling is off (POLLER_ENABLED=false): serving what another deployment commits to this KV",
    );
  } else if (!notifications) {
    log.info(
      "Push is off (GENESYS_NOTIFICATIONS=false): the leader polls Genesys",
      { pollIntervalMs: polling.pollIntervalMs },
    );
  }
  const poller = !polling.enabled ? Promise.resolve() : runPoller({
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
    staleAfterMs: config.realtime.staleAfterMs,
    rateLimitPerMinute: genesys.rateLimitPerMinute,
    pollIntervalMs: polling.pollIntervalMs,
    aggregateIntervalMs: polling.aggregateIntervalMs,
    timeZone: polling.timeZone,
    queueFilter: polling.queueFilter,
    push: notifications
      ? {
        notifications,
        reconcileIntervalMs: polling.reconcileIntervalMs,
        commitMs: polling.pushCommitMs,
      }
      : undefined,
    onEvent: telemetry.onPollEvent,
  });

  const auth = createAuthenticator(config.auth, { fetch: deps.fetch, clock });
  const realtime = createRealtime({
    store,
    auth,
    clock,
    log,
    source,
    staleAfterMs: config.realtime.staleAfterMs,
    maxConnections: config.realtime.maxConnections,
    onFanout: telemetry.onFanout,
    freshness: (fetchedAt, now) =>
      freshnessOf(
        pollerStatus.current(),
        fetchedAt,
        now,
        config.realtime.staleAfterMs,
      ),
  });
  telemetry.start(realtime);
  const page = deps.page ?? await readPage();
  const app = createApp({
    realtime,
    auth,
    settings: config.http,
    clock,
    log,
    page,
    boards: deps.boards ?? await loadBoards(config.http.boardsPath),
    connectRate: config.http.connectRate,
    metrics: telemetry.scrape,
    feed: () => pollerStatus.current()?.ingest ?? null,
  });

  let closing: Promise<void> | null = null;
  return {
    fetch: (req, info) => app.fetch(req, { remoteAddr: remoteAddress(info) }),
    simulator,
    shutdown() {
      closing ??= (async () => {
        stop.abort();
        await realtime.close();
        await poller.catch((error) => log.error("Poller failed", { error }));
        if (ownsSimulator) simulator?.close();
        await telemetry.close();
        await pollerStatus.done;
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
