/**
 * Boots one isolate from the environment: reads the configuration (a bad
 * value exits with one line), starts the service, registers the cron chore
 * and the SIGINT/SIGTERM handlers. Called by the entry modules only.
 *
 * @module
 */

import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { type Service, startService } from "./service.ts";

/** Longest a shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 4_000;

/** A booted isolate: the handler and the configured listen address. */
export interface Booted extends Deno.ServeDefaultExport {
  port: number;
  hostname: string;
}

/**
 * Boots queuepulse in this isolate. Exits the process with status 1 and one
 * line on stderr when the configuration is invalid.
 *
 * @example
 * ```ts ignore
 * export default await boot();
 * ```
 */
export async function boot(): Promise<Booted> {
  let config;
  try {
    config = loadConfig(Deno.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    Deno.exit(1);
  }
  const log = createLogger({ level: config.logLevel });
  let service: Service;
  try {
    service = await startService(config, { log });
  } catch (error) {
    // A bad ALERT_RULES file, or KV that cannot be opened: one line, exit 1.
    console.error(`error: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
  // Once serving, a stray rejection must not take every client of this
  // process down: log it (it is a bug to fix) and keep serving.
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    log.error("Unhandled rejection", { error: event.reason });
  });
  const chores = new AbortController();

  // Minute-level chore; under `deno serve --parallel` it fires in every
  // isolate, and only the lease holder acts on it.
  Deno.cron(
    "queuepulse directory refresh",
    "*/5 * * * *",
    { backoffSchedule: [], signal: chores.signal },
    () => service.requestDirectoryRefresh(),
  );

  // Every isolate closes its own clients (1001), stops polling and releases
  // the lease; the process then exits once its event loop is empty. The
  // unref'd timer only forces the exit if something still holds the loop.
  function onSignal() {
    chores.abort();
    const timer = setTimeout(() => Deno.exit(0), SHUTDOWN_GRACE_MS);
    Deno.unrefTimer(timer);
    service.shutdown().catch((error) => {
      console.error(`error: Cannot shut down cleanly: ${error}`);
      Deno.exit(1);
    });
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, onSignal);
  }
  return {
    fetch: service.fetch,
    port: config.http.port,
    hostname: config.http.hostname,
  };
}
