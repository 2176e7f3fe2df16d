/**
 * Genesys API budget: calls per minute the service makes (counted by the
 * standalone simulator's `/__sim/stats`) with 1, 100 and 1,000 viewers and
 * with one and two isolates, and their share of the allowance the poller
 * plans against (it must stay at or under 80 %). Each configuration gets a
 * fresh simulator, service and KV; calls are counted over a window of
 * `--duration` seconds and scaled to one minute. Prints markdown rows.
 *
 * ```sh
 * deno run -A bench/api_budget.ts --viewers 1,100,1000 --isolates 1,2 --duration 60
 * ```
 *
 * Flags: `--viewers` list (1,100,1000), `--isolates` list (1,2),
 * `--duration S` counting window (60), `--warmup S` (5), `--sim-queues`
 * (200), `--sim-agents` (1000), `--allowance` calls/min the service plans
 * against (300, the `GENESYS_RATE_LIMIT_PER_MINUTE` default).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { type FanoutResult, measureFanout } from "./_harness.ts";
import { assertProcAccess, clockTicks, freePort } from "./_proc.ts";
import { type Running, startService, startSimulator } from "./_servers.ts";
import { fmt, markdownHeader, markdownRow } from "./_stats.ts";

/** The answer of the simulator's `GET /__sim/stats`. */
export interface SimStats {
  requests: Record<string, number>;
  tokensIssued: number;
  rateLimited: number;
}

/** Calls per route between two stats readings (control-plane routes left out). */
export function callsBetween(
  before: SimStats,
  after: SimStats,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.requests)) {
    if (route.includes(" /__sim")) continue;
    const d = n - (before.requests[route] ?? 0);
    if (d > 0) out[route] = d;
  }
  return out;
}

/** One configuration's outcome. */
export interface BudgetResult {
  isolates: number;
  viewers: number;
  windowS: number;
  calls: Record<string, number>;
  total: number;
  perMinute: number;
  rateLimited: number;
  fanout: FanoutResult;
}

async function stats(port: number): Promise<SimStats> {
  const res = await fetch(`http://127.0.0.1:${port}/__sim/stats`, {
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`Cannot read simulator stats: status ${res.status}`);
  }
  return await res.json() as SimStats;
}

function list(name: string, text: string, max: number): number[] {
  return text.split(",").map((t) => {
    const n = Number(t.trim());
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new RangeError(
        `Cannot parse --${name}: "${t.trim()}" is not an integer in [1, ${max}]`,
      );
    }
    return n;
  });
}

async function measureOne(
  isolates: number,
  viewers: number,
  o: {
    durationS: number;
    warmupS: number;
    simQueues?: number;
    simAgents?: number;
  },
  signal: AbortSignal,
  ticks: number,
): Promise<BudgetResult> {
  const note = (msg: string) => console.error(`api_budget: ${msg}`);
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-budget-" });
  const simPort = freePort();
  let sim: Running | null = null;
  let service: Running | null = null;
  try {
    sim = await startSimulator({
      port: simPort,
      queues: o.simQueues,
      agents: o.simAgents,
    });
    const port = freePort();
    service = await startService({
      port,
      simPort,
      isolates,
      pollMs: 1000,
      kvPath: `${dir}/kv.sqlite3`,
    });
    note(`${isolates} isolate(s), ${viewers} viewer(s)`);
    let before: SimStats | null = null;
    let after: SimStats | null = null;
    const fanout = await measureFanout({
      server: service,
      mode: "service",
      urls: [`ws://127.0.0.1:${port}/ws`],
      clients: viewers,
      procs: viewers >= 500 ? 2 : 1,
      durationMs: o.durationS * 1000,
      warmupMs: o.warmupS * 1000,
      idleMs: 0,
      concurrency: 64,
      connectMs: 60_000,
      ticksPerSecond: ticks,
      signal,
      note,
      onWindow: async (edge) => {
        if (edge === "start") before = await stats(simPort);
        else after = await stats(simPort);
      },
    });
    const calls = callsBetween(before!, after!);
    const total = Object.values(calls).reduce((s, n) => s + n, 0);
    return {
      isolates,
      viewers,
      windowS: o.durationS,
      calls,
      total,
      perMinute: (total * 60) / o.durationS,
      rateLimited: after!.rateLimited - before!.rateLimited,
      fanout,
    };
  } finally {
    await service?.stop();
    await sim?.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** The markdown header matching the rows `api_budget.ts` prints. */
export const BUDGET_HEADER: string = markdownHeader([
  "isolates",
  "viewers",
  "window s",
  "Genesys calls in window",
  "calls / min",
  "% of allowance",
  "by route (per min)",
  "429s",
  "viewers ready",
]);

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      viewers: { type: "string", default: "1,100,1000" },
      isolates: { type: "string", default: "1,2" },
      duration: { type: "string", default: "60" },
      warmup: { type: "string", default: "5" },
      "sim-queues": { type: "string", default: "200" },
      "sim-agents": { type: "string", default: "1000" },
      allowance: { type: "string", default: "300" },
    },
  });
  let viewers: number[], isolates: number[], durationS: number, warmupS: number;
  try {
    assertProcAccess();
    viewers = list("viewers", values.viewers, 5_000);
    isolates = list("isolates", values.isolates, 8);
    [durationS] = list("duration", values.duration, 600);
    [warmupS] = list("warmup", values.warmup, 60);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  let simQueues: number, simAgents: number, allowance: number;
  try {
    [simQueues] = list("sim-queues", values["sim-queues"], 10_000);
    [simAgents] = list("sim-agents", values["sim-agents"], 100_000);
    [allowance] = list("allowance", values.allowance, 1_000_000);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  const o = { durationS, warmupS, simQueues, simAgents };
  const runs = isolates.length * viewers.length;
  const budgetMs = 1000 * runs * (durationS + warmupS + 180);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`Cannot finish: over ${budgetMs} ms`)),
    budgetMs,
  );
  const onSignal = () => controller.abort(new Error("Interrupted"));
  Deno.addSignalListener("SIGINT", onSignal);
  const ticks = await clockTicks();
  const results: BudgetResult[] = [];
  try {
    for (const i of isolates) {
      for (const v of viewers) {
        results.push(await measureOne(i, v, o, controller.signal, ticks));
      }
    }
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 1;
  } finally {
    clearTimeout(timer);
    Deno.removeSignalListener("SIGINT", onSignal);
    console.log(BUDGET_HEADER);
    for (const r of results) {
      const routes = Object.entries(r.calls)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([route, n]) => `${route} ${fmt((n * 60) / r.windowS, 0)}`)
        .join("; ");
      console.log(markdownRow([
        r.isolates,
        r.viewers,
        r.windowS,
        r.total,
        fmt(r.perMinute, 0),
        `${fmt((100 * r.perMinute) / allowance, 0)} %`,
        routes,
        r.rateLimited,
        `${r.fanout.ready} / ${r.viewers}`,
      ]));
    }
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
