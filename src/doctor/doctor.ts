/**
 * `runDoctor`: every check of `deno task doctor` against the configured
 * Genesys Cloud org, or the in-process simulator when no credentials are
 * set, then KV; one row each, secrets redacted.
 *
 * @module
 */

import { type Clock, systemClock } from "../clock.ts";
import { type Config, configSecrets } from "../config.ts";
import {
  createGenesysClient,
  createNotificationClient,
  createTokenCache,
  type FetchLike,
  type GenesysSettings,
  regionHosts,
  type SocketFactory,
} from "../genesys/mod.ts";
import { redactText } from "../log.ts";
import { createSimulator, type Simulator } from "../simulator/mod.ts";
import { checkRest } from "./_genesys.ts";
import { checkKv, type KvOpener } from "./_kv.ts";
import { checkPush, topicsFor } from "./_push.ts";
import { type DoctorRow, ok, skip } from "./_row.ts";

/** What the doctor may be given instead of the real thing (tests). */
export interface DoctorDeps {
  /** Default the system clock. */
  clock?: Clock;
  /** Reaches Genesys when credentials are set; default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Opens notification sockets; default `new WebSocket(url)`. */
  connect?: SocketFactory;
  /** Default `Deno.openKv`. */
  openKv?: KvOpener;
  /** The simulator to use without credentials; default a new one. */
  simulator?: Simulator;
}

/** The doctor's findings. */
export interface DoctorReport {
  /** One row per check, in order; no detail holds a secret. */
  rows: DoctorRow[];
  /** True when any row is `FAIL`. */
  failed: boolean;
}

/**
 * Runs every check once. Never throws for what it checks: a failure is a
 * `FAIL` row, and the checks that depend on it are `SKIP` rows.
 *
 * @example
 * ```ts ignore
 * const report = await runDoctor(loadConfig(Deno.env));
 * console.log(renderTable(report.rows));
 * ```
 */
export async function runDoctor(
  config: Config,
  deps: DoctorDeps = {},
): Promise<DoctorReport> {
  const clock = deps.clock ?? systemClock();
  const { genesys, poller } = config;
  const simulator = genesys.credentials ? null : deps.simulator ??
    createSimulator({ clock, timeZone: poller.timeZone });
  const credentials = genesys.credentials ?? simulator!.credentials;
  const fetch = simulator?.fetch ?? deps.fetch ?? globalThis.fetch;
  const connect = simulator
    ? (url: string) => simulator.connect(url)
    : deps.connect;
  const secrets = new Set([...configSecrets(config), credentials.clientSecret]);
  const rows = [regionRow(genesys, simulator !== null)];
  try {
    const hosts = { apiUrl: genesys.apiUrl, loginUrl: genesys.loginUrl };
    const tokens = createTokenCache({ ...hosts, credentials, fetch, clock });
    const api = createGenesysClient({
      ...hosts,
      credentials,
      fetch,
      clock,
      tokenCache: tokens,
    });
    const checked = await checkRest(
      {
        api,
        tokens,
        clock,
        queueFilter: poller.queueFilter,
        timeZone: poller.timeZone,
      },
      rows,
      secrets,
    );
    if (!genesys.notifications) {
      rows.push(
        skip("notifications", "GENESYS_NOTIFICATIONS=false: polling only"),
      );
    } else if (!checked) {
      rows.push(skip("notifications", "needs a token and a queue to check"));
    } else {
      const push = createNotificationClient({
        ...hosts,
        credentials,
        fetch,
        clock,
        connect,
        tokenCache: tokens,
      });
      rows.push(await checkPush(push, topicsFor(checked)));
    }
    rows.push(
      await checkKv(deps.openKv ?? Deno.openKv, config.kvPath, clock.now()),
    );
  } finally {
    if (!deps.simulator) simulator?.close();
  }
  const clean = rows.map((row) => ({
    ...row,
    detail: redactText(row.detail, secrets),
  }));
  return { rows: clean, failed: clean.some((row) => row.result === "FAIL") };
}

/** Where the doctor is looking: the simulator, or the region and its hosts. */
function regionRow(genesys: GenesysSettings, simulated: boolean): DoctorRow {
  if (simulated) {
    return ok(
      "region",
      "in-process simulator (GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET unset)",
    );
  }
  const hosts = regionHosts(genesys.region);
  const api = genesys.apiUrl === hosts.apiUrl
    ? genesys.apiUrl
    : `${genesys.apiUrl} (GENESYS_API_URL)`;
  const login = genesys.loginUrl === hosts.loginUrl
    ? genesys.loginUrl
    : `${genesys.loginUrl} (GENESYS_LOGIN_URL)`;
  return ok("region", `${genesys.region}: API ${api}, login ${login}`);
}
