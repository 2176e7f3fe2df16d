/**
 * Starts the processes a load benchmark measures: the standalone simulator,
 * the service (`deno task start`) and the baseline server, each with a
 * bounded start-up and a `stop()` that kills its whole process tree.
 *
 * @module
 */

import { cmdline, descendants, killTree, waitHttp } from "./_proc.ts";

/** The repository root (parent of `bench/`). */
export const ROOT: string = new URL("..", import.meta.url).pathname;

/** A started server process tree. */
export interface Running {
  /** What it is, for messages. */
  name: string;
  port: number;
  /** Pids whose RSS and CPU count as "the server". */
  serverPids(): number[];
  /** The last lines it wrote on stdout/stderr. */
  tail(): string[];
  /** Kills the process tree (idempotent). */
  stop(): Promise<void>;
}

const TAIL_LINES = 40;

function spawn(
  name: string,
  port: number,
  args: string[],
  env: Record<string, string>,
  pickServer: (root: number) => number[],
): Running {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    (async () => {
      const decoder = new TextDecoderStream();
      for await (const chunk of stream.pipeThrough(decoder)) {
        for (const line of chunk.split("\n")) {
          if (!line) continue;
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
        }
      }
    })().catch(() => {});
  }
  let stopped: Promise<void> | null = null;
  return {
    name,
    port,
    serverPids: () => pickServer(child.pid),
    tail: () => [...tail],
    stop: () => stopped ??= killTree(child),
  };
}

/** Pids in the tree of `root` that run `deno serve` (else `root`). */
function servePids(root: number): number[] {
  const all = [root, ...descendants(root)];
  const serve = all.filter((pid) => / serve /.test(` ${cmdline(pid)} `));
  return serve.length ? serve : [root];
}

async function started(
  running: Running,
  url: string,
  timeoutMs: number,
): Promise<Running> {
  try {
    await waitHttp(url, timeoutMs);
    return running;
  } catch (error) {
    const tail = running.tail().slice(-10).join("\n");
    await running.stop();
    throw new Error(
      `Cannot start ${running.name}: ${(error as Error).message}${
        tail ? `\n${tail}` : ""
      }`,
    );
  }
}

/** Options of {@linkcode startSimulator}. */
export interface SimulatorOptions {
  port: number;
  seed?: number;
  queues?: number;
  agents?: number;
  /** Requests per minute per token (`SIM_RATE_LIMIT`). */
  rateLimit?: number;
  /** Further `SIM_*` variables. */
  env?: Record<string, string>;
}

/** Starts `sim.ts` and waits for `GET /__sim/stats`. */
export function startSimulator(options: SimulatorOptions): Promise<Running> {
  const env: Record<string, string> = {
    ...options.env,
    SIM_PORT: String(options.port),
  };
  if (options.seed !== undefined) env.SIM_SEED = String(options.seed);
  if (options.queues !== undefined) env.SIM_QUEUES = String(options.queues);
  if (options.agents !== undefined) env.SIM_AGENTS = String(options.agents);
  if (options.rateLimit !== undefined) {
    env.SIM_RATE_LIMIT = String(options.rateLimit);
  }
  const running = spawn(
    "simulator",
    options.port,
    ["run", "--allow-net", "--allow-env", "sim.ts"],
    env,
    (root) => [root],
  );
  return started(
    running,
    `http://127.0.0.1:${options.port}/__sim/stats`,
    30_000,
  );
}

/** Options of {@linkcode startService}. */
export interface ServiceOptions {
  port: number;
  /** Standalone simulator port; null = the in-process simulator. */
  simPort: number | null;
  isolates: number;
  pollMs: number;
  kvPath: string;
  maxConnections?: number;
  /**
   * Write V8 CPU profiles of every isolate into this directory: the service
   * then runs as `deno serve --parallel --cpu-prof` directly instead of
   * through `deno task start` (the profiles are written on exit).
   */
  cpuProfDir?: string;
  /** Further environment of the service (`GENESYS_NOTIFICATIONS=true` for push). */
  env?: Record<string, string>;
  /**
   * Open the V8 inspector of every isolate on this port of 127.0.0.1 (each
   * isolate is one target of `/json/list`): the service then runs as
   * `deno serve --parallel --inspect` directly.
   */
  inspectPort?: number;
}

/** Starts `deno task start` and waits for `GET /readyz` to answer 200. */
export function startService(options: ServiceOptions): Promise<Running> {
  const env: Record<string, string> = {
    AUTH_DISABLED: "true",
    POLL_INTERVAL_MS: String(options.pollMs),
    KV_PATH: options.kvPath,
    PORT: String(options.port),
    MAX_CONNECTIONS: String(options.maxConnections ?? 20_000),
    // Every benchmark client comes from loopback: lift the per-address
    // connection rate that protects a real deployment.
    CONNECT_RATE_PER_SECOND: "100000",
    CONNECT_RATE_BURST: "100000",
    DENO_JOBS: String(options.isolates),
    // The load benchmarks drive versions at `pollMs`: polling only, unless
    // a benchmark asks for push (`bench/ingest.ts`).
    GENESYS_NOTIFICATIONS: "false",
    ...options.env,
  };
  if (options.simPort !== null) {
    const sim = `http://127.0.0.1:${options.simPort}`;
    Object.assign(env, {
      GENESYS_API_URL: sim,
      GENESYS_LOGIN_URL: sim,
      GENESYS_CLIENT_ID: "sim-client",
      GENESYS_CLIENT_SECRET: "sim-secret",
    });
  }
  const direct = [
    ...(options.cpuProfDir === undefined
      ? []
      : ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`]),
    ...(options.inspectPort === undefined
      ? []
      : [`--inspect=127.0.0.1:${options.inspectPort}`]),
  ];
  const args = direct.length === 0 ? ["task", "start"] : [
    "serve",
    "--parallel",
    "-A",
    ...direct,
    "--port",
    String(options.port),
    "main.ts",
  ];
  const running = spawn("service", options.port, args, env, servePids);
  return started(running, `http://127.0.0.1:${options.port}/readyz`, 60_000);
}

/** Options of {@linkcode startBaseline}. */
export interface BaselineProcessOptions {
  port: number;
  isolates: number;
  bytes: number;
  intervalMs: number;
}

/** Starts `bench/baseline_server.ts` under `deno serve --parallel`. */
export function startBaseline(
  options: BaselineProcessOptions,
): Promise<Running> {
  const running = spawn(
    "baseline server",
    options.port,
    [
      "serve",
      "--parallel",
      "--allow-env",
      "--port",
      String(options.port),
      "bench/baseline_server.ts",
    ],
    {
      DENO_JOBS: String(options.isolates),
      BASELINE_BYTES: String(options.bytes),
      BASELINE_INTERVAL_MS: String(options.intervalMs),
      // The Deno WebSocket settings the service runs with (it turns on
      // vectored writes itself): the same runtime, without the protocol.
      DENO_USE_WRITEV: "1",
    },
    servePids,
  );
  return started(running, `http://127.0.0.1:${options.port}/`, 30_000);
}
