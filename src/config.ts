/**
 * Environment → typed {@linkcode Config}: each room reads its own settings
 * (`genesys/settings.ts`, `poller/settings.ts`, …) with the parsers of
 * `env.ts`, and this module composes them. Every bad value stops start-up
 * with a one-line {@linkcode ConfigError} naming the variable, the value and
 * what is accepted; secret values are never echoed. A blank variable counts
 * as unset.
 *
 * @module
 */

import { type AuthConfig, readAuthSettings } from "./auth/mod.ts";
import { createEnvReader, type EnvSource } from "./env.ts";
import { type GenesysSettings, readGenesysSettings } from "./genesys/mod.ts";
import { type HttpSettings, readHttpSettings } from "./http/mod.ts";
import { type LogLevel, readLogLevel } from "./log.ts";
import { type PollerSettings, readPollerSettings } from "./poller/mod.ts";
import { readRealtimeSettings, type RealtimeSettings } from "./realtime/mod.ts";

export { ConfigError, type EnvSource } from "./env.ts";

/** The whole service configuration, one part per room. */
export interface Config {
  genesys: GenesysSettings;
  poller: PollerSettings;
  realtime: RealtimeSettings;
  http: HttpSettings;
  auth: AuthConfig;
  /** `ALERT_RULES`: path of a JSON rule file; null = built-in defaults. */
  alertRulesPath: string | null;
  /** `KV_PATH`: KV location (file path or KV Connect URL); null = Deno's default. */
  kvPath: string | null;
  /** `LOG_LEVEL`: lowest level logged. */
  logLevel: LogLevel;
}

/**
 * Reads the whole configuration from `env`.
 *
 * @throws {ConfigError} on the first bad value.
 * @example
 * ```ts
 * const config = loadConfig(Deno.env);
 * console.log(config.genesys.apiUrl); // "https://api.mypurecloud.com"
 * ```
 */
export function loadConfig(env: EnvSource): Config {
  const read = createEnvReader(env);
  const genesys = readGenesysSettings(read);
  return {
    genesys,
    poller: readPollerSettings(read),
    realtime: readRealtimeSettings(read),
    http: readHttpSettings(read),
    auth: readAuthSettings(read, genesys.credentials !== null),
    alertRulesPath: read.string("ALERT_RULES"),
    kvPath: read.string("KV_PATH"),
    logLevel: readLogLevel(read),
  };
}

/** Every secret value of `config`, for the logger's redaction list. */
export function configSecrets(config: Config): string[] {
  return [
    config.genesys.credentials?.clientSecret,
    config.auth.jwtSecret,
    config.http.metricsToken,
  ].filter((secret): secret is string => secret !== null && !!secret);
}
