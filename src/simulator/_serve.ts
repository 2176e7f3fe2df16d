/**
 * The standalone simulator (`deno task sim`): settings from `SIM_*`
 * environment variables and serving a simulator on a port.
 *
 * @module
 */

import { MAX_AGENTS, MAX_QUEUES, MAX_TIMER_MS } from "./_options.ts";
import type { Simulator, SimulatorOptions } from "./_types.ts";
import { createZone } from "../time_zone.ts";

/** Where and how the standalone simulator runs. */
export interface SimulatorEnv {
  port: number;
  hostname: string;
  options: SimulatorOptions;
}

/**
 * Reads `SIM_PORT` (8787), `SIM_HOST` (127.0.0.1), `SIM_SEED`,
 * `SIM_QUEUES`, `SIM_AGENTS`, `SIM_CLIENT_ID`, `SIM_CLIENT_SECRET`,
 * `SIM_TOKEN_LIFETIME_S`, `SIM_RATE_LIMIT`, `SIM_TIMEZONE`,
 * `SIM_ACTIVITY_ENTITY_CAP`, `SIM_HEARTBEAT_MS` and
 * `SIM_CHANNEL_LIFETIME_MS`. Unset or
 * empty means the default. A bad value throws a one-line RangeError naming
 * the variable, the value (never a secret's) and what is accepted.
 *
 * @example
 * ```ts
 * import { readSimulatorEnv } from "./mod.ts";
 *
 * const env = readSimulatorEnv((name) => Deno.env.get(name));
 * console.log(env.port);
 * ```
 */
export function readSimulatorEnv(
  get: (name: string) => string | undefined,
): SimulatorEnv {
  const value = (name: string) => {
    const v = get(name)?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  function int(name: string, min: number, max: number): number | undefined {
    const text = value(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!/^-?\d+$/.test(text) || n < min || n > max) {
      throw new RangeError(
        `Cannot parse ${name}: "${text}" is not an integer from ${min} to ${max}`,
      );
    }
    return n;
  }
  const timeZone = value("SIM_TIMEZONE");
  if (timeZone !== undefined) {
    try {
      createZone(timeZone);
    } catch {
      throw new RangeError(
        `Cannot parse SIM_TIMEZONE: unknown time zone "${timeZone}"`,
      );
    }
  }
  const options: SimulatorOptions = {
    seed: int("SIM_SEED", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    queues: int("SIM_QUEUES", 1, MAX_QUEUES),
    agents: int("SIM_AGENTS", 0, MAX_AGENTS),
    clientId: value("SIM_CLIENT_ID"),
    clientSecret: value("SIM_CLIENT_SECRET"),
    tokenLifetimeSeconds: int("SIM_TOKEN_LIFETIME_S", 1, 2_147_483),
    rateLimitPerMinute: int("SIM_RATE_LIMIT", 1, 1_000_000),
    timeZone,
    activityEntityCap: int("SIM_ACTIVITY_ENTITY_CAP", 1, MAX_AGENTS),
    heartbeatMs: int("SIM_HEARTBEAT_MS", 1, MAX_TIMER_MS),
    channelLifetimeMs: int("SIM_CHANNEL_LIFETIME_MS", 1, MAX_TIMER_MS),
  };
  for (const key of Object.keys(options) as (keyof SimulatorOptions)[]) {
    if (options[key] === undefined) delete options[key];
  }
  return {
    port: int("SIM_PORT", 0, 65535) ?? 8787,
    hostname: value("SIM_HOST") ?? "127.0.0.1",
    options,
  };
}

/** Options of {@linkcode serveSimulator}. */
export interface ServeSimulatorOptions {
  port: number;
  hostname: string;
  /** Stops the server when aborted. */
  signal?: AbortSignal;
  /** Called once listening, with the base URL. */
  onListen?: (url: string) => void;
}

/**
 * Serves `simulator.handler` over HTTP with `Deno.serve`, notification
 * WebSockets included (`ws://<host>/channels/<id>`); aborting the signal
 * closes the sockets and stops the server.
 *
 * @example
 * ```ts
 * import { createSimulator, serveSimulator } from "./mod.ts";
 *
 * const controller = new AbortController();
 * const server = serveSimulator(createSimulator(), {
 *   port: 0,
 *   hostname: "127.0.0.1",
 *   signal: controller.signal,
 *   onListen: (url) => console.log(url),
 * });
 * controller.abort();
 * await server.finished;
 * ```
 */
export function serveSimulator(
  simulator: Simulator,
  options: ServeSimulatorOptions,
): Deno.HttpServer<Deno.NetAddr> {
  options.signal?.addEventListener("abort", () => simulator.close(), {
    once: true,
  });
  return Deno.serve({
    port: options.port,
    hostname: options.hostname,
    signal: options.signal,
    onListen(addr) {
      const host = addr.hostname.includes(":")
        ? `[${addr.hostname}]`
        : addr.hostname;
      options.onListen?.(`http://${host}:${addr.port}`);
    },
  }, (req) => simulator.handler(req));
}
