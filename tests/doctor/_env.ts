/**
 * Shared fixtures of the doctor tests: configurations from plain records
 * and the secrets no output may contain.
 *
 * @module
 */

import { type Config, loadConfig } from "../../src/config.ts";

/** Secrets set in every test environment; none may ever be printed. */
export const SECRETS = {
  AUTH_JWT_SECRET: "jwt-secret-0123456789abcdef0123456789abcdef",
  METRICS_TOKEN: "metrics-token-5d41402abc4b2a76",
};

/** The configuration of `vars` plus {@linkcode SECRETS}. */
export function configOf(vars: Record<string, string> = {}): Config {
  const env: Record<string, string> = { ...SECRETS, ...vars };
  return loadConfig({ get: (name) => env[name] });
}

/** The configuration of a client for the simulator (`sim-client`). */
export function simClientConfig(vars: Record<string, string> = {}): Config {
  return configOf({
    GENESYS_CLIENT_ID: "sim-client",
    GENESYS_CLIENT_SECRET: "sim-secret",
    AUTH_DISABLED: "true",
    ...vars,
  });
}

/** Opens a fresh in-memory KV, whatever path is asked for. */
export function memoryKv(): Promise<Deno.Kv> {
  return Deno.openKv(":memory:");
}
