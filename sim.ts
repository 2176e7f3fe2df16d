/**
 * The standalone Genesys simulator (`deno task sim`): serves the simulated
 * Genesys HTTP API on `SIM_PORT` (default 8787) until SIGINT or SIGTERM.
 * Settings come from `SIM_*` variables (see `readSimulatorEnv`).
 *
 * @example
 * ```sh
 * SIM_SEED=7 SIM_QUEUES=20 deno task sim
 * ```
 *
 * @module
 */

import { createLogger } from "./src/log.ts";
import {
  createSimulator,
  readSimulatorEnv,
  serveSimulator,
  type SimulatorEnv,
} from "./src/simulator/mod.ts";

/** Runs the simulator until SIGINT/SIGTERM; resolves to the exit code. */
export async function main(
  get: (name: string) => string | undefined = (name) => Deno.env.get(name),
): Promise<number> {
  let env: SimulatorEnv;
  try {
    env = readSimulatorEnv(get);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const log = createLogger();
  if (env.options.clientSecret) log.redact(env.options.clientSecret);
  const controller = new AbortController();
  const stop = () => controller.abort();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, stop);
  try {
    const server = serveSimulator(createSimulator(env.options), {
      port: env.port,
      hostname: env.hostname,
      signal: controller.signal,
      onListen: (url) => log.info("Simulator listening", { url }),
    });
    await server.finished;
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, stop);
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
