/**
 * The Genesys room's settings: region and hosts, OAuth client credentials,
 * whether to use the Notifications API, and the client's request allowance.
 *
 * @module
 */

import type { EnvReader } from "../env.ts";
import { ConfigError } from "../env.ts";
import {
  DEFAULT_REGION,
  describeRegions,
  findRegion,
  regionHosts,
} from "./regions.ts";

/** Genesys OAuth client credentials. */
export interface GenesysCredentials {
  clientId: string;
  clientSecret: string;
}

/** How queuepulse reaches Genesys Cloud. */
export interface GenesysSettings {
  /** Region domain, e.g. `mypurecloud.ie`. */
  region: string;
  /** `https://api.<domain>` unless `GENESYS_API_URL` overrides it. */
  apiUrl: string;
  /** `https://login.<domain>` unless `GENESYS_LOGIN_URL` overrides it. */
  loginUrl: string;
  /** Null means: run on the built-in simulator. */
  credentials: GenesysCredentials | null;
  /** `GENESYS_NOTIFICATIONS`: push from the Notifications API when true. */
  notifications: boolean;
  /**
   * `GENESYS_RATE_LIMIT_PER_MINUTE`: requests a minute the OAuth client may
   * make (300 by default for client credentials); Genesys no longer reports
   * it in response headers.
   */
  rateLimitPerMinute: number;
}

/** The default request allowance of a client-credentials token, per minute. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 300;

/** Reads the Genesys settings; throws a `ConfigError` on the first bad value. */
export function readGenesysSettings(read: EnvReader): GenesysSettings {
  const region = readRegion(read);
  const hosts = regionHosts(region);
  return {
    region,
    apiUrl: read.url("GENESYS_API_URL") ?? hosts.apiUrl,
    loginUrl: read.url("GENESYS_LOGIN_URL") ?? hosts.loginUrl,
    credentials: readCredentials(read),
    notifications: read.bool("GENESYS_NOTIFICATIONS") ?? true,
    rateLimitPerMinute: read.int(
      "GENESYS_RATE_LIMIT_PER_MINUTE",
      DEFAULT_RATE_LIMIT_PER_MINUTE,
      1,
    ),
  };
}

function readRegion(read: EnvReader): string {
  const name = read.string("GENESYS_REGION") !== null
    ? "GENESYS_REGION"
    : "GENESYS_ENV";
  const value = read.string(name);
  if (value === null) return DEFAULT_REGION;
  return findRegion(value) ??
    read.fail(name, `unknown region "${value}" (${describeRegions()})`);
}

function readCredentials(read: EnvReader): GenesysCredentials | null {
  const clientId = read.string("GENESYS_CLIENT_ID");
  const clientSecret = read.string("GENESYS_CLIENT_SECRET");
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
