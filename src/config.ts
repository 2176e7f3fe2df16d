/**
 * Environment → typed {@linkcode Config} (PROTOCOL.md §5). Every bad value
 * stops start-up with a one-line {@linkcode ConfigError} naming the variable,
 * the value and what is accepted; secret values are never echoed.
 *
 * An empty (or blank) variable counts as unset.
 *
 * @module
 */

import type { AuthConfig, Config, GenesysCredentials } from "./config_types.ts";
import {
  DEFAULT_REGION,
  describeRegions,
  findRegion,
  regionHosts,
} from "./genesys/mod.ts";

/** A bad configuration value; the message names the variable and never a secret. */
export class ConfigError extends Error {
  /** The variable at fault (or the first of a pair). */
  readonly variable: string;

  /** Creates the error for `variable` with a one-line `message`. */
  constructor(variable: string, message: string) {
    super(message);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

/** Where variables come from; `Deno.env` fits. */
export interface EnvSource {
  /** The value of `name`, or undefined when unset. */
  get(name: string): string | undefined;
}

export type { AuthConfig, Config, GenesysCredentials } from "./config_types.ts";

const MIN_JWT_SECRET_BYTES = 32;

/**
 * Reads the whole configuration from `env`.
 *
 * @throws {ConfigError} on the first bad value.
 * @example
 * ```ts
 * const config = loadConfig(Deno.env);
 * console.log(config.apiUrl); // "https://api.mypurecloud.com"
 * ```
 */
export function loadConfig(env: EnvSource): Config {
  const read = (name: string) => {
    const value = env.get(name)?.trim();
    return value ? value : null;
  };
  const region = readRegion(read);
  const hosts = regionHosts(region);
  const credentials = readCredentials(read);
  return {
    region,
    apiUrl: readUrl(read, "GENESYS_API_URL") ?? hosts.apiUrl,
    loginUrl: readUrl(read, "GENESYS_LOGIN_URL") ?? hosts.loginUrl,
    credentials,
    queueFilter: readList(read("GENESYS_QUEUES")),
    pollIntervalMs: readInt(read, "POLL_INTERVAL_MS", 5000, 1000),
    aggregateIntervalMs: readInt(read, "AGGREGATE_INTERVAL_MS", 30_000, 5000),
    staleAfterMs: readInt(read, "STALE_AFTER_MS", 12_000, 1),
    timeZone: readTimeZone(read("TIMEZONE")),
    port: readInt(read, "PORT", 8000, 0, 65535),
    kvPath: read("KV_PATH"),
    auth: readAuth(read, credentials !== null),
    allowedOrigins: readOrigins(read("ALLOWED_ORIGINS")),
    alertRulesPath: read("ALERT_RULES"),
    metricsToken: read("METRICS_TOKEN"),
    maxConnections: readInt(read, "MAX_CONNECTIONS", 10_000, 1),
    connectRate: {
      perSecond: readInt(read, "CONNECT_RATE_PER_SECOND", 50, 1),
      burst: readInt(read, "CONNECT_RATE_BURST", 200, 1),
    },
    frameAncestors: readFrameAncestors(read("FRAME_ANCESTORS")),
  };
}

type Read = (name: string) => string | null;

function fail(variable: string, detail: string): never {
  throw new ConfigError(variable, `Cannot parse ${variable}: ${detail}`);
}

function readRegion(read: Read): string {
  const name = read("GENESYS_REGION") !== null
    ? "GENESYS_REGION"
    : "GENESYS_ENV";
  const value = read(name);
  if (value === null) return DEFAULT_REGION;
  return findRegion(value) ??
    fail(name, `unknown region "${value}" (${describeRegions()})`);
}

function readCredentials(read: Read): GenesysCredentials | null {
  const clientId = read("GENESYS_CLIENT_ID");
  const clientSecret = read("GENESYS_CLIENT_SECRET");
  if (clientId !== null && clientSecret !== null) {
    return { clientId, clientSecret };
  }
  if (clientId === null && clientSecret === null) return null;
  const [missing, present] = clientId === null
    ? ["GENESYS_CLIENT_ID", "GENESYS_CLIENT_SECRET"]
    : ["GENESYS_CLIENT_SECRET", "GENESYS_CLIENT_ID"];
  throw new ConfigError(
    missing,
    `Cannot configure Genesys credentials: ${missing} is missing while ${present} is set (set both, or neither to run the built-in simulator)`,
  );
}

function readUrl(read: Read, name: string): string | null {
  const value = read(name);
  if (value === null) return null;
  const url = URL.parse(value);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    fail(name, `invalid URL "${value}" (expected an http or https URL)`);
  }
  return url.href.replace(/\/+$/, "");
}

function readInt(
  read: Read,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = read(name);
  if (value === null) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    const accepted = max === Number.MAX_SAFE_INTEGER
      ? `an integer of at least ${min}`
      : `an integer from ${min} to ${max}`;
    fail(name, `invalid value "${value}" (expected ${accepted})`);
  }
  return n;
}

function readTimeZone(value: string | null): string {
  if (value === null) return "UTC";
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: value })
      .resolvedOptions().timeZone;
  } catch {
    return fail(
      "TIMEZONE",
      `unknown time zone "${value}" (expected an IANA time zone such as "Europe/Berlin" or "UTC")`,
    );
  }
}

function readBool(read: Read, name: string): boolean | null {
  const value = read(name);
  if (value === null) return null;
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "1") return true;
  if (lower === "false" || lower === "0") return false;
  return fail(name, `invalid value "${value}" (expected true, false, 1 or 0)`);
}

function readAuth(read: Read, hasCredentials: boolean): AuthConfig {
  const disabled = readBool(read, "AUTH_DISABLED");
  const jwtSecret = read("AUTH_JWT_SECRET");
  if (
    jwtSecret !== null &&
    new TextEncoder().encode(jwtSecret).length < MIN_JWT_SECRET_BYTES
  ) {
    fail(
      "AUTH_JWT_SECRET",
      `the secret is too short (expected at least ${MIN_JWT_SECRET_BYTES} bytes)`,
    );
  }
  const jwksUrl = readJwksUrl(read("AUTH_JWKS_URL"));
  const enabled = disabled === null ? hasCredentials : !disabled;
  if (enabled && jwtSecret === null && jwksUrl === null) {
    const why = disabled === false
      ? "AUTH_DISABLED=false"
      : "Genesys credentials are set";
    throw new ConfigError(
      "AUTH_JWT_SECRET",
      `Cannot configure subscriber auth: auth is on (${why}) but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set (set one of them, or AUTH_DISABLED=true)`,
    );
  }
  return {
    enabled,
    jwtSecret,
    jwksUrl,
    issuer: read("AUTH_ISSUER"),
    audience: read("AUTH_AUDIENCE"),
  };
}

function readJwksUrl(value: string | null): string | null {
  if (value === null) return null;
  const url = URL.parse(value);
  const ok = url !== null &&
    (url.protocol === "https:" ||
      (url.protocol === "http:" && isLoopback(url.hostname)));
  if (!ok) {
    fail(
      "AUTH_JWKS_URL",
      `invalid URL "${value}" (expected an https URL, or http for localhost, 127.0.0.1 or [::1])`,
    );
  }
  return url!.href;
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function readList(value: string | null): string[] {
  if (value === null) return [];
  return value.split(",").map((item) => item.trim()).filter((item) => item);
}

function readOrigins(value: string | null): string[] {
  const origins = new Set<string>();
  for (const item of readList(value)) {
    const url = URL.parse(item);
    const ok = url !== null &&
      (url.protocol === "http:" || url.protocol === "https:") &&
      url.pathname === "/" && !url.search && !url.hash &&
      !url.username && !url.password && !/[?#]/.test(item);
    if (!ok) {
      fail(
        "ALLOWED_ORIGINS",
        `invalid origin "${item}" (expected a comma-separated list of origins such as https://wall.example.com or http://localhost:8080, without path or "*")`,
      );
    }
    origins.add(url!.origin);
  }
  return [...origins];
}

function readFrameAncestors(value: string | null): string {
  if (value === null) return "'self'";
  if (/[;,\r\n]/.test(value)) {
    fail(
      "FRAME_ANCESTORS",
      `invalid value "${value}" (expected space-separated CSP sources such as 'self' https://portal.example.com, without ";" or ",")`,
    );
  }
  return value;
}
