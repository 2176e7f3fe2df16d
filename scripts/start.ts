/**
 * `deno task start`: reads `./.env` (of the directory the task was started
 * from) under the process environment, validates the configuration and the
 * alert rules once (so a bad value stops start-up with one line, not one per
 * isolate), then runs `deno serve --parallel` with the `serve` permission set
 * of deno.json on `HOSTNAME`:`PORT`, the file's variables added to its
 * environment, and passes signals through.
 *
 * @module
 */

import { ConfigError, loadConfig } from "../src/config.ts";
import { layerEnv, readEnvFile } from "../src/env_file.ts";
import { loadAlertRules } from "../src/snapshot/mod.ts";
import { loadBoards } from "../src/boards/mod.ts";

const ROOT = new URL("../", import.meta.url);

async function main(): Promise<number> {
  const cwd = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  let extra: Record<string, string>;
  let port: number;
  let hostname: string;
  try {
    extra = await readEnvFile(`${cwd}/.env`, Deno.env);
    const config = loadConfig(layerEnv(Deno.env, extra));
    await loadAlertRules(config.alertRulesPath);
    await loadBoards(config.http.boardsPath);
    port = config.http.port;
    hostname = config.http.hostname;
  } catch (error) {
    if (
      error instanceof ConfigError || error instanceof TypeError ||
      error instanceof SyntaxError
    ) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      // -q drops Deno's own non-JSON lines (the "permissions in the config
      // file" notice); the service logs its listen address itself.
      "-q",
      "--parallel",
      "--config",
      new URL("deno.json", ROOT).pathname,
      "-P=serve",
      "--port",
      String(port),
      "--host",
      hostname,
      new URL("main.ts", ROOT).pathname,
    ],
    env: extra,
    stdin: "null",
  }).spawn();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => child.kill(signal));
  }
  return (await child.status).code;
}

Deno.exit(await main());
