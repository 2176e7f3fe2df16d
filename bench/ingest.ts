/**
 * Push against poll: the service (`deno task start`, one isolate) on the
 * standalone simulator (real HTTP and WebSockets on loopback), fed by
 * Genesys notifications or by polling alone, at each org size. For each
 * run: change → screen latency (p50/p99, from the simulator's change stamp
 * of an agent, `routingStatusSince` / `presenceSince`, to the moment a
 * WebSocket subscriber received the frame), Genesys calls per minute
 * (`/__sim/stats`) and KV commits per second (`queuepulse_snapshot_version`
 * on `/metrics`), over `--duration` seconds once the service runs on the
 * path under test. Prints markdown rows; each run is bounded.
 *
 * ```sh
 * deno run -A bench/ingest.ts --orgs 12:400,1000:2000 --modes push,poll --duration 60
 * ```
 *
 * Flags: `--orgs Q:A[,Q:A…]` queues and agents of each simulated org
 * (12:400,1000:2000), `--modes` (push,poll), `--duration S` counting window
 * (60, at most 100 so a run stays within 2 minutes), `--poll-ms` the
 * service's `POLL_INTERVAL_MS` (5000), `--seed` (1).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { callsBetween, type SimStats } from "./api_budget.ts";
import { openIngestScreen } from "./_ingest_screen.ts";
import { freePort } from "./_proc.ts";
import { type Running, startService, startSimulator } from "./_servers.ts";
import { fmt, markdownHeader, markdownRow, summarize } from "./_stats.ts";

/** The flags of one benchmark run. */
export interface IngestArgs {
  orgs: { queues: number; agents: number }[];
  modes: ("push" | "poll")[];
  durationS: number;
  pollMs: number;
  seed: number;
}

/** Reads the flags; throws a `RangeError` naming the first bad one. */
export function parseIngestArgs(args: string[]): IngestArgs {
  const { values } = parseArgs({
    args,
    options: {
      orgs: { type: "string", default: "12:400,1000:2000" },
      modes: { type: "string", default: "push,poll" },
      duration: { type: "string", default: "60" },
      "poll-ms": { type: "string", default: "5000" },
      seed: { type: "string", default: "1" },
    },
  });
  const int = (name: string, text: string, min: number, max: number) => {
    const n = Number(text.trim());
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new RangeError(
        `Cannot parse --${name}: "${text.trim()}" is not an integer in [${min}, ${max}]`,
      );
    }
    return n;
  };
  const orgs = values.orgs.split(",").map((pair) => {
    const [q, a] = pair.split(":");
    if (a === undefined) {
      throw new RangeError(
        `Cannot parse --orgs: "${pair}" is not queues:agents`,
      );
    }
    return {
      queues: int("orgs", q, 1, 1000),
      agents: int("orgs", a, 0, 10_000),
    };
  });
  const modes = values.modes.split(",").map((m) => {
    if (m !== "push" && m !== "poll") {
      throw new RangeError(`Cannot parse --modes: "${m}" is not push or poll`);
    }
    return m;
  });
  return {
    orgs,
    modes,
    durationS: int("duration", values.duration, 10, 100),
    pollMs: int("poll-ms", values["poll-ms"], 1000, 60_000),
    seed: int("seed", values.seed, 0, 2 ** 31 - 1),
  };
}

/** What one run measured. */
export interface IngestResult {
  queues: number;
  agents: number;
  mode: "push" | "poll";
  windowS: number;
  changes: number;
  p50: number | null;
  p99: number | null;
  callsPerMinute: number;
  commitsPerSecond: number;
}

/** Start-up allowance of one run (the service reaching the path), ms. */
const START_MS = 20_000;

/** Resolves after `ms`, or rejects with the signal's reason. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`Cannot read ${url}: status ${res.status}`);
  }
  return await res.json() as T;
}

async function version(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  const match = /^queuepulse_snapshot_version (\d+)$/m.exec(text);
  if (!match) throw new Error("Cannot read queuepulse_snapshot_version");
  return Number(match[1]);
}

async function untilIngest(port: number, mode: string): Promise<void> {
  const deadline = Date.now() + START_MS;
  while (Date.now() < deadline) {
    const ready = await json<{ ingest?: string }>(
      `http://127.0.0.1:${port}/readyz`,
    ).catch(() => null);
    if (ready?.ingest === mode) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Cannot see the service on ${mode} within ${START_MS} ms`);
}

async function measureOne(
  org: { queues: number; agents: number },
  mode: "push" | "poll",
  args: IngestArgs,
  signal: AbortSignal,
): Promise<IngestResult> {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-ingest-" });
  const simPort = freePort();
  const port = freePort();
  let sim: Running | null = null;
  let service: Running | null = null;
  try {
    sim = await startSimulator({ port: simPort, seed: args.seed, ...org });
    service = await startService({
      port,
      simPort,
      isolates: 1,
      pollMs: args.pollMs,
      kvPath: `${dir}/kv.sqlite3`,
      env: { GENESYS_NOTIFICATIONS: String(mode === "push") },
    });
    await untilIngest(port, mode);
    const screen = await openIngestScreen(`ws://127.0.0.1:${port}/ws`);
    try {
      const stats = () =>
        json<SimStats>(`http://127.0.0.1:${simPort}/__sim/stats`);
      const [before, v0] = [await stats(), await version(port)];
      screen.startWindow();
      await sleep(args.durationS * 1000, signal);
      screen.stopWindow();
      const [after, v1] = [await stats(), await version(port)];
      const calls = Object.values(callsBetween(before, after))
        .reduce((sum, n) => sum + n, 0);
      const latency = summarize(screen.hist);
      return {
        ...org,
        mode,
        windowS: args.durationS,
        changes: latency.count,
        p50: latency.p50,
        p99: latency.p99,
        callsPerMinute: (calls * 60) / args.durationS,
        commitsPerSecond: (v1 - v0) / args.durationS,
      };
    } finally {
      screen.close();
    }
  } finally {
    await service?.stop();
    await sim?.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** The markdown header matching the rows `ingest.ts` prints. */
export const INGEST_HEADER: string = markdownHeader([
  "queues",
  "agents",
  "ingest",
  "window s",
  "changes seen",
  "change → screen p50 ms",
  "p99 ms",
  "Genesys calls / min",
  "KV commits / s",
]);

/** One markdown row of a result. */
export function ingestRow(r: IngestResult): string {
  return markdownRow([
    r.queues,
    r.agents,
    r.mode,
    r.windowS,
    r.changes,
    fmt(r.p50, 0),
    fmt(r.p99, 0),
    fmt(r.callsPerMinute, 1),
    fmt(r.commitsPerSecond, 2),
  ]);
}

async function main(): Promise<number> {
  let args: IngestArgs;
  try {
    args = parseIngestArgs(Deno.args);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  const results: IngestResult[] = [];
  // A whole-run watchdog (every run is its window plus start-up and stop)
  // and Ctrl-C: both end the window at once, and the servers are stopped.
  const budgetMs = args.orgs.length * args.modes.length *
    (args.durationS * 1000 + 60_000);
  const controller = new AbortController();
  const watchdog = setTimeout(
    () => controller.abort(new Error(`Cannot finish within ${budgetMs} ms`)),
    budgetMs,
  );
  const onSignal = () => controller.abort(new Error("Interrupted"));
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    for (const org of args.orgs) {
      for (const mode of args.modes) {
        console.error(`ingest: ${org.queues} queues, ${mode}`);
        results.push(await measureOne(org, mode, args, controller.signal));
      }
    }
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 1;
  } finally {
    clearTimeout(watchdog);
    Deno.removeSignalListener("SIGINT", onSignal);
    console.log(INGEST_HEADER);
    for (const r of results) console.log(ingestRow(r));
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
