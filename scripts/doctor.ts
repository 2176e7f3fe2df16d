/**
 * `deno task doctor`: reads `./.env` under the process environment, as
 * `deno task start` does, validates the configuration (a bad value is one
 * `error: …` line on stderr and exit 1), runs every check of the doctor
 * room against the configured Genesys Cloud org (or the in-process
 * simulator without credentials) and KV, prints one table on stdout and
 * exits 1 when any check failed.
 *
 * @module
 */

import { ConfigError, loadConfig } from "../src/config.ts";
import { layerEnv, readEnvFile } from "../src/env_file.ts";
import { renderTable, runDoctor } from "../src/doctor/mod.ts";

async function main(): Promise<number> {
  const cwd = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  let config;
  try {
    const extra = await readEnvFile(`${cwd}/.env`, Deno.env);
    config = loadConfig(layerEnv(Deno.env, extra));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof SyntaxError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const report = await runDoctor(config);
  await Deno.stdout.write(new TextEncoder().encode(renderTable(report.rows)));
  return report.failed ? 1 : 0;
}

Deno.exit(await main());
