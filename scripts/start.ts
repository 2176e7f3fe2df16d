/**
 * `deno task start`: validates the configuration and the alert rules once (so
 * a bad value stops start-up with one line, not one per isolate), then runs
 * `deno serve --parallel` on `PORT` and passes signals through.
 *
 * @module
 */

import { ConfigError, loadConfig } from "../src/config.ts";
import { loadAlertRules } from "../src/snapshot/mod.ts";
import { loadBoards } from "../src/boards/mod.ts";

const PERMISSIONS = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
];

async function main(): Promise<number> {
  let port: number;
  let hostname: string;
  try {
    const config = loadConfig(Deno.env);
    await loadAlertRules(config.alertRulesPath);
    await loadBoards(config.http.boardsPath);
    port = config.http.port;
    hostname = config.http.hostname;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof TypeError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const entry = new URL("../main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      "--parallel",
      ...PERMISSIONS,
      "--port",
      String(port),
      "--host",
      hostname,
      entry,
    ],
    stdin: "null",
  }).spawn();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => child.kill(signal));
  }
  return (await child.status).code;
}

Deno.exit(await main());
