/**
 * How fast a committed version reaches the other isolates of one process:
 * `deno serve --parallel` with two isolates on one KV file, the leader
 * committing a synthetic org, every isolate watching the snapshot store.
 * Latency = when an isolate's watch yields the version − when the leader
 * stamped it (`committedAt`), in ms, per path: `channel` (BroadcastChannel,
 * then KV) and `watch` (`kv.watch` and the log only); `probe` times bare
 * `BroadcastChannel` messages of 1k to 300k characters. Prints markdown rows.
 *
 * ```sh
 * deno run -A bench/cross_isolate.ts --queues 200 --agents 1000 --versions 300 --interval 100  --paths channel,watch,probe
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { freePort, lines } from "./_proc.ts";
import { fmt, markdownHeader, markdownRow } from "./_stats.ts";

interface Options {
  queues: number;
  agents: number;
  churn: number;
  versions: number;
  interval: number;
}

/** What one run saw: stamps by version, and each isolate's receipts. */
interface Run {
  stamps: Map<number, number>;
  isolates: Map<string, { leader: boolean; seen: [number, number][] }>;
  /** Probe message delays by size (probe runs only). */
  probes: Map<number, number[]>;
}

async function runOnce(options: Options, path: string): Promise<Run> {
  const dir = await Deno.makeTempDir({ prefix: "qp-cross-" });
  const worker = new URL("./_cross_isolate_worker.ts", import.meta.url);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      "--parallel",
      "-A",
      "--port",
      String(freePort()),
      worker.pathname,
    ],
    env: {
      DENO_JOBS: "2",
      DENO_NO_UPDATE_CHECK: "1",
      QP_KV_PATH: `${dir}/kv.sqlite`,
      QP_BROADCAST: String(path === "channel"),
      QP_MODE: path,
      QP_QUEUES: String(options.queues),
      QP_AGENTS: String(options.agents),
      QP_CHURN: String(options.churn),
      QP_VERSIONS: String(options.versions),
      QP_INTERVAL_MS: String(options.interval),
    },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const run: Run = {
    stamps: new Map(),
    isolates: new Map(),
    probes: new Map(),
  };
  const watchdog = setTimeout(
    () => child.kill("SIGKILL"),
    options.versions * options.interval + 60_000,
  );
  let done = 0;
  try {
    for await (const line of lines(child.stdout)) {
      const at = line.indexOf("{");
      if (at < 0) continue;
      const m = JSON.parse(line.slice(at));
      if (typeof m.stamp === "number") run.stamps.set(m.stamp, m.at);
      else if (typeof m.probe === "number") {
        run.probes.set(m.probe, [...run.probes.get(m.probe) ?? [], m.ms]);
      } else if (m.done === true && ++done === 2) break;
      else if (typeof m.version === "number") {
        const isolate = run.isolates.get(m.isolate) ??
          { leader: m.leader === true, seen: [] as [number, number][] };
        isolate.seen.push([m.version, m.at]);
        run.isolates.set(m.isolate, isolate);
      }
    }
  } finally {
    clearTimeout(watchdog);
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
  return run;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** The header matching the rows this bench prints. */
export const CROSS_HEADER: string = markdownHeader([
  "path",
  "queues / agents",
  "isolate",
  "delivered / committed",
  "gaps / dups",
  "p50 ms",
  "p95 ms",
  "p99 ms",
  "max ms",
]);

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      queues: { type: "string", default: "200" },
      agents: { type: "string", default: "1000" },
      churn: { type: "string", default: "0.1" },
      versions: { type: "string", default: "300" },
      interval: { type: "string", default: "100" },
      paths: { type: "string", default: "channel,watch" },
    },
  });
  const options: Options = {
    queues: Number(values.queues),
    agents: Number(values.agents),
    churn: Number(values.churn),
    versions: Number(values.versions),
    interval: Number(values.interval),
  };
  console.log(CROSS_HEADER);
  const summary: string[] = [];
  for (const path of values.paths.split(",")) {
    const run = await runOnce(options, path);
    for (const [size, delays] of run.probes) {
      delays.sort((a, b) => a - b);
      summary.push(
        `probe: a ${size}-character message arrives in ${
          fmt(percentile(delays, 0.5), 2)
        } ms (p50), ${fmt(percentile(delays, 0.95), 2)} ms (p95)`,
      );
    }
    const p50: Record<string, number> = {};
    for (
      const isolate of [...run.isolates.values()].sort((a) => a.leader ? -1 : 1)
    ) {
      const role = isolate.leader ? "leader" : "follower";
      const latency: number[] = [];
      let last = 0;
      let gaps = 0;
      let dups = 0;
      for (const [version, at] of isolate.seen) {
        if (version <= last) dups++;
        else if (version !== last + 1) gaps++;
        last = Math.max(last, version);
        const stamp = run.stamps.get(version);
        if (stamp !== undefined) latency.push(at - stamp);
      }
      latency.sort((a, b) => a - b);
      p50[role] = percentile(latency, 0.5);
      console.log(markdownRow([
        path,
        `${options.queues} / ${options.agents}`,
        role,
        `${latency.length} / ${run.stamps.size}`,
        `${gaps} / ${dups}`,
        fmt(p50[role], 2),
        fmt(percentile(latency, 0.95), 2),
        fmt(percentile(latency, 0.99), 2),
        fmt(latency.at(-1) ?? null, 2),
      ]));
    }
    if (run.isolates.size === 0) continue;
    summary.push(
      `${path}: follower p50 − leader p50 = ${
        fmt(p50.follower - p50.leader, 2)
      } ms`,
    );
  }
  console.log();
  for (const line of summary) console.log(line);
}

if (import.meta.main) await main();
