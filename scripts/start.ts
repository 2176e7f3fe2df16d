/**
 * `deno task start`: reads `./.env` (of the directory the task was started
 * from) under the process environment, validates the configuration and the
 * alert rules once (so a bad value stops start-up with one line, not one per
 * isolate), then runs `deno serve --parallel` with the `serve` permission set
 * of deno.json on `HOSTNAME`:`PORT`, the file's variables added to its
 * environment, and passes signals through. When the process's open-file
 * limit cannot carry `MAX_CONNECTIONS` in every isolate, it lowers
 * `MAX_CONNECTIONS` to what fits and says so in one log line.
 *
 * @module
 */

import { ConfigError, loadConfig } from "../src/config.ts";
import { layerEnv, readEnvFile } from "../src/env_file.ts";
import { loadAlertRules } from "../src/snapshot/mod.ts";
import { loadBoards } from "../src/boards/mod.ts";
import { createLogger } from "../src/log.ts";
import { fdShortfall, parseOpenFilesLimit } from "../src/realtime/mod.ts";

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
    const fits = await connectionsThatFit(config.realtime.maxConnections);
    if (fits !== null) {
      createLogger({ level: config.logLevel }).warn(
        "Lowering MAX_CONNECTIONS: the open-file limit cannot carry it in every isolate, and at the limit the listener stops",
        { maxConnections: config.realtime.maxConnections, ...fits },
      );
      extra = { ...extra, MAX_CONNECTIONS: String(fits.lowered) };
    }
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

/**
 * What fits per isolate when `maxConnections` does not; null when it fits
 * or the limit cannot be read. The limit is the soft one this process (and
 * so the child) runs under, from `ulimit -n`: Deno grants reads of
 * /proc/self only with all permissions.
 */
async function connectionsThatFit(
  maxConnections: number,
): Promise<
  { lowered: number; openFilesLimit: number; isolates: number } | null
> {
  let limit: number | null;
  try {
    const { stdout } = await new Deno.Command("sh", {
      args: ["-c", "ulimit -n"],
      stdin: "null",
      stderr: "null",
    }).output();
    limit = parseOpenFilesLimit(new TextDecoder().decode(stdout));
  } catch {
    return null; // no POSIX shell (Windows): nothing to check
  }
  if (limit === null) return null;
  // `deno serve --parallel` runs DENO_JOBS isolates, else one per core.
  const isolates = Number(Deno.env.get("DENO_JOBS")) ||
    navigator.hardwareConcurrency;
  const lowered = fdShortfall({ limit, maxConnections, isolates });
  return lowered === null
    ? null
    : { lowered: Math.max(1, lowered), openFilesLimit: limit, isolates };
}

Deno.exit(await main());
