/**
 * `deno task start`: validates the configuration once (so a bad value stops
 * start-up with one line, not one per isolate), then runs
 * `deno serve --parallel` on `PORT` and passes signals through.
 *
 * @module
 */

import { ConfigError, loadConfig } from "../src/config.ts";

const PERMISSIONS = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
];

function main(): Promise<number> | number {
  let port: number;
  try {
    port = loadConfig(Deno.env).port;
  } catch (error) {
    if (error instanceof ConfigError) {
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
      entry,
    ],
    stdin: "null",
  }).spawn();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => child.kill(signal));
  }
  return child.status.then((status) => status.code);
}

Deno.exit(await main());
