/**
 * Boots one isolate from the environment: reads the configuration (a bad
 * value exits with one JSON line on stderr), starts the service and registers
 * the SIGINT/SIGTERM handlers. Called by the entry modules only.
 *
 * No `Deno.cron` here: the poll loop already reloads the queue directory
 * every five minutes, and a cron would fire in every isolate under
 * `deno serve --parallel` and, on Deno Deploy, only if registered at module
 * top level before any await.
 *
 * @module
 */

import { ConfigError, loadConfig } from "./config.ts";
import {
  createLogger,
  createLogWriter,
  type Logger,
  logSinkFor,
} from "./log.ts";
import { type Service, startService } from "./service.ts";

/** Longest a shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 4_000;

/** A booted isolate: the handler, its listen callback and address. */
export interface Booted extends Deno.ServeDefaultExport {
  /** Logs the listen address as one JSON line (replaces Deno's own line). */
  onListen(addr: Deno.Addr): void;
  port: number;
  hostname: string;
}

/**
 * Boots queuepulse in this isolate. Exits the process with status 1 and one
 * JSON line on stderr when the configuration is invalid or KV cannot open.
 *
 * @example
 * ```ts ignore
 * export default await boot();
 * ```
 */
export async function boot(): Promise<Booted> {
  // Tells the lines of the isolates of one process (and of several
  // instances) apart; the metrics label their series with it too.
  const isolate = crypto.randomUUID().slice(0, 8);
  const write = createLogWriter(logSinkFor(Deno.env));
  let config;
  try {
    config = loadConfig(Deno.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    exitWith(createLogger({ write, fields: { isolate } }), error);
  }
  const log = createLogger({
    level: config.logLevel,
    write,
    fields: { isolate },
  });
  let service: Service;
  try {
    service = await startService(config, { log, isolate });
  } catch (error) {
    // A bad ALERT_RULES file, or KV that cannot be opened.
    exitWith(log, error);
  }
  // Once serving, a stray rejection must not take every client of this
  // process down: log it (it is a bug to fix) and keep serving.
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    log.error("Unhandled rejection", { error: event.reason });
  });

  // Every isolate closes its own clients (1001), stops polling and releases
  // the lease; the process then exits once its event loop is empty. The
  // unref'd timer only forces the exit if something still holds the loop.
  function onSignal() {
    const timer = setTimeout(() => Deno.exit(0), SHUTDOWN_GRACE_MS);
    Deno.unrefTimer(timer);
    service.shutdown().catch((error) => {
      log.error("Cannot shut down cleanly", { error });
      Deno.exit(1);
    });
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, onSignal);
  }
  return {
    fetch: service.fetch,
    onListen(addr) {
      if (addr.transport !== "tcp") return;
      const host = addr.hostname.includes(":")
        ? `[${addr.hostname}]`
        : addr.hostname;
      log.info(`Listening on http://${host}:${addr.port}/`, {
        hostname: addr.hostname,
        port: addr.port,
      });
    },
    port: config.http.port,
    hostname: config.http.hostname,
  };
}

function exitWith(log: Logger, error: unknown): never {
  log.error(error instanceof Error ? error.message : String(error));
  Deno.exit(1);
}
