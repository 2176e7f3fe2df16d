/**
 * Fan-out benchmark: the service (`deno task start`, against the standalone
 * simulator, 1 s poll) and the baseline server (`baseline_server.ts`, same
 * isolate count, same message size) measured with the same harness in one
 * run. Prints markdown rows for BENCHMARKS.md on stdout, progress on stderr.
 * Needs `-A`: Deno grants `/proc` reads (server RSS and CPU) only then.
 *
 * ```sh
 * deno run -A bench/fanout.ts --clients 500 --procs 2 --duration 20
 * ```
 *
 * Flags: `--target service|baseline|both` (both), `--clients N` (500),
 * `--procs K[,K…]` subscriber processes, one run per value (2),
 * `--duration S` measured seconds (20), `--warmup S` (3), `--idle S` the
 * server runs alone before the first connection, so that memory that grows
 * with time (ring of recent versions, heap) has settled (5), `--isolates I`
 * (2), `--bytes B` baseline message size (default: the service run's median
 * delta size, else 2048), `--addresses A` loopback addresses 127.0.0.1…A
 * the sockets spread over (one per 25,000 sockets), `--concurrency C`
 * connects in flight per process (64), `--sim-queues` (200),
 * `--sim-agents` (1000), `--sim-seed` (1), `--filter-queues N` (subscribe
 * to the first N queues only; 0 = all), `--in-process` (the service's
 * built-in simulator instead of `sim.ts`), `--json FILE` (raw results).
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  type FanoutOptions,
  type FanoutResult,
  measureFanout,
} from "./_harness.ts";
import { assertProcAccess, clockTicks, freePort } from "./_proc.ts";
import {
  type Running,
  startBaseline,
  startService,
  startSimulator,
} from "./_servers.ts";
import { FANOUT_HEADER, fanoutRow, RATIO_HEADER, ratioRow } from "./_report.ts";

/** Parsed flags of `fanout.ts`. */
export interface FanoutArgs {
  target: "service" | "baseline" | "both";
  clients: number;
  procs: number[];
  durationS: number;
  warmupS: number;
  /** Seconds the server runs without subscribers first (idle CPU and RSS). */
  idleS: number;
  isolates: number;
  bytes: number | null;
  addresses: number;
  concurrency: number;
  simQueues: number;
  simAgents: number;
  simSeed: number;
  inProcess: boolean;
  /** Subscribe to the first N queues only (0 = every queue). */
  filterQueues: number;
  json: string | null;
}

/** Upper bounds that keep every run finite. */
export const LIMITS = {
  clients: 60_000,
  procs: 16,
  durationS: 600,
  warmupS: 60,
  idleS: 600,
  isolates: 8,
  addresses: 8,
} as const;

function int(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(
      `Cannot parse --${name}: "${text}" is not an integer in [${min}, ${max}]`,
    );
  }
  return n;
}

/** Parses the flags of `fanout.ts`; a bad value throws a RangeError. */
export function parseFanoutArgs(args: string[]): FanoutArgs {
  const { values } = parseArgs({
    args,
    options: {
      target: { type: "string", default: "both" },
      clients: { type: "string", default: "500" },
      procs: { type: "string", default: "2" },
      duration: { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
      idle: { type: "string", default: "5" },
      isolates: { type: "string", default: "2" },
      bytes: { type: "string" },
      addresses: { type: "string" },
      concurrency: { type: "string", default: "64" },
      "sim-queues": { type: "string", default: "200" },
      "sim-agents": { type: "string", default: "1000" },
      "sim-seed": { type: "string", default: "1" },
      "in-process": { type: "boolean", default: false },
      "filter-queues": { type: "string", default: "0" },
      json: { type: "string" },
    },
  });
  const target = values.target;
  if (target !== "service" && target !== "baseline" && target !== "both") {
    throw new RangeError(
      `Cannot parse --target: "${target}" is not "service", "baseline" or "both"`,
    );
  }
  const clients = int("clients", values.clients, 1, LIMITS.clients);
  const opt = (name: string, v: string | undefined, min: number, max: number) =>
    v === undefined ? null : int(name, v, min, max);
  return {
    target,
    clients,
    procs: values.procs.split(",").map((p) =>
      int("procs", p.trim(), 1, LIMITS.procs)
    ),
    durationS: int("duration", values.duration, 1, LIMITS.durationS),
    warmupS: int("warmup", values.warmup, 0, LIMITS.warmupS),
    idleS: int("idle", values.idle, 1, LIMITS.idleS),
    isolates: int("isolates", values.isolates, 1, LIMITS.isolates),
    bytes: opt("bytes", values.bytes, 0, 1 << 20),
    addresses: opt("addresses", values.addresses, 1, LIMITS.addresses) ??
      Math.ceil(clients / 25_000),
    concurrency: int("concurrency", values.concurrency, 1, 1024),
    simQueues: int("sim-queues", values["sim-queues"], 1, 10_000),
    simAgents: int("sim-agents", values["sim-agents"], 0, 100_000),
    simSeed: int("sim-seed", values["sim-seed"], 0, 2 ** 31),
    inProcess: values["in-process"],
    filterQueues: int("filter-queues", values["filter-queues"], 0, 10_000),
    json: values.json ?? null,
  };
}

async function withServer<T>(
  start: () => Promise<Running>,
  use: (s: Running) => Promise<T>,
): Promise<T> {
  const server = await start();
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

/** The standalone simulator's allowance for the fan-out runs, calls/min. */
const SIM_RATE_LIMIT = 100_000;

/** One service run: fresh simulator, KV and service, then the harness. */
async function serviceRun(
  a: FanoutArgs,
  procs: number,
  common: Omit<FanoutOptions, "server" | "mode" | "urls" | "procs">,
): Promise<FanoutResult> {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-bench-" });
  const simPort = a.inProcess ? null : freePort();
  let sim: Running | null = null;
  try {
    if (simPort !== null) {
      sim = await startSimulator({
        port: simPort,
        queues: a.simQueues,
        agents: a.simAgents,
        seed: a.simSeed,
        // Enough allowance that the rate budget keeps the 1 s poll interval
        // (the poller stretches it above 80% of the allowance).
        rateLimit: SIM_RATE_LIMIT,
      });
    }
    const port = freePort();
    common.note(`service on ${port}: ${a.isolates} isolates, K=${procs}`);
    return await withServer(
      () =>
        startService({
          port,
          simPort,
          isolates: a.isolates,
          pollMs: 1000,
          kvPath: `${dir}/kv.sqlite3`,
          // Room for every socket in each isolate: the process's file
          // descriptors, not this cap, limit a run of 50,000.
          maxConnections: Math.max(20_000, a.clients + 1000),
          // The planner keeps to 80 % of the allowance it is told: tell it
          // the simulator's, so that it polls every second as planned.
          env: { GENESYS_RATE_LIMIT_PER_MINUTE: String(SIM_RATE_LIMIT) },
        }),
      async (server) =>
        measureFanout({
          ...common,
          server,
          mode: "service",
          urls: urls(a.addresses, port, "/ws"),
          procs,
          subscribe: await subscribeMessage(port, a.filterQueues),
        }),
    );
  } finally {
    await sim?.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** One baseline run on a fresh baseline server. */
function baselineRun(
  a: FanoutArgs,
  procs: number,
  bytes: number,
  common: Omit<FanoutOptions, "server" | "mode" | "urls" | "procs">,
): Promise<FanoutResult> {
  const port = freePort();
  common.note(
    `baseline on ${port}: ${a.isolates} isolates, ${bytes} B, K=${procs}`,
  );
  return withServer(
    () =>
      startBaseline({ port, isolates: a.isolates, bytes, intervalMs: 1000 }),
    (server) =>
      measureFanout({
        ...common,
        server,
        mode: "baseline",
        urls: urls(a.addresses, port, "/"),
        procs,
      }),
  );
}

/** The subscribe message: every queue, or the first `n` queue ids. */
async function subscribeMessage(port: number, n: number): Promise<string> {
  if (n === 0) return '{"type":"subscribe"}';
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/queues`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`Cannot list queues: status ${res.status}`);
  }
  const queues = await res.json() as { id: string }[];
  const ids = queues.slice(0, n).map((q) => q.id);
  return JSON.stringify({ type: "subscribe", queues: ids });
}

function urls(addresses: number, port: number, path: string): string[] {
  return Array.from(
    { length: addresses },
    (_, i) => `ws://127.0.0.${i + 1}:${port}${path}`,
  );
}

async function run(a: FanoutArgs, signal: AbortSignal): Promise<void> {
  const common = {
    clients: a.clients,
    durationMs: a.durationS * 1000,
    warmupMs: a.warmupS * 1000,
    idleMs: a.idleS * 1000,
    concurrency: a.concurrency,
    // The service runs with its per-address connection rate lifted.
    connectMs: 60_000 + a.clients * 5,
    ticksPerSecond: await clockTicks(),
    signal,
    note: (msg: string) => console.error(`fanout: ${msg}`),
  };
  const service: FanoutResult[] = [];
  const baseline: FanoutResult[] = [];
  if (a.target !== "baseline") {
    for (const procs of a.procs) {
      service.push(await serviceRun(a, procs, common));
    }
  }
  if (a.target !== "service") {
    const bytes = Math.round(a.bytes ?? service[0]?.frameBytes ?? 2048);
    for (const procs of a.procs) {
      baseline.push(await baselineRun(a, procs, bytes, common));
    }
  }

  console.log(FANOUT_HEADER);
  for (const r of [...service, ...baseline]) {
    console.log(fanoutRow(r, a.isolates));
  }
  if (service.length && baseline.length) {
    console.log();
    console.log(RATIO_HEADER);
    for (const s of service) {
      const b = baseline.find((x) => x.procs === s.procs);
      if (b) console.log(ratioRow(s, b));
    }
  }
  if (a.json) {
    await Deno.writeTextFile(
      a.json,
      JSON.stringify({ args: a, service, baseline }, null, 2),
    );
  }
}

async function main(): Promise<number> {
  let args: FanoutArgs;
  try {
    args = parseFanoutArgs(Deno.args);
    assertProcAccess();
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  // Hard bound: every phase is itself bounded; this catches the rest.
  const perRun = args.idleS + args.warmupS + args.durationS + 200 +
    args.clients * 0.03;
  const budgetMs = 1000 * (60 + 2 * args.procs.length * perRun);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`Cannot finish: over ${budgetMs} ms`)),
    budgetMs,
  );
  const onSignal = () => controller.abort(new Error("Interrupted"));
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  try {
    await run(args, controller.signal);
    return 0;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 1;
  } finally {
    clearTimeout(timer);
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
  }
}

if (import.meta.main) Deno.exit(await main());
