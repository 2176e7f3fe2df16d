/**
 * Where the service spends its CPU under fan-out load: starts the standalone
 * simulator and the service (two isolates, 1 s polls) with V8 CPU profiling,
 * connects N all-queue subscribers from two processes, holds them for a
 * window, stops everything and prints each isolate's top functions by self
 * time. Bounded in clients and time; stops by itself.
 *
 *   deno run -A bench/profile.ts [--clients 6000] [--seconds 30] [--top 12]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { spawnSubscriber, within } from "./_children.ts";
import { alive, freePort } from "./_proc.ts";
import { startService, startSimulator } from "./_servers.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (`name file:line` → µs) of one V8 CPU profile. */
export function selfTimes(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    if (!frame) return;
    const file = frame.url.split("/").at(-1) ?? "";
    const key = `${
      frame.functionName || "(anonymous)"
    } ${file}:${frame.lineNumber}`;
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      clients: { type: "string", default: "6000" },
      seconds: { type: "string", default: "30" },
      top: { type: "string", default: "12" },
    },
  });
  const clients = Math.min(20_000, Math.max(2, Number(values.clients)));
  const seconds = Math.min(120, Math.max(5, Number(values.seconds)));
  const top = Number(values.top);
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-profile-" });
  const simPort = freePort();
  const port = freePort();
  const sim = await startSimulator({
    port: simPort,
    queues: 200,
    agents: 1000,
    seed: 1,
    rateLimit: 100_000,
  });
  const service = await startService({
    port,
    simPort,
    isolates: 2,
    pollMs: 1000,
    kvPath: `${dir}/kv.sqlite`,
    cpuProfDir: dir,
  }).catch(async (error) => {
    await sim.stop();
    throw error;
  });
  const subs = [0, 1].map(() =>
    spawnSubscriber({
      urls: [`ws://127.0.0.1:${port}/ws`],
      count: Math.ceil(clients / 2),
      mode: "service",
      concurrency: 64,
      connectMs: 120_000,
      maxMs: (seconds + 150) * 1000,
    })
  );
  try {
    await within(Promise.all(subs.map((s) => s.ready)), 150_000, "connect");
    console.error(`profile: ${clients} subscribers ready, ${seconds} s window`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
  } finally {
    for (const s of subs) {
      try {
        s.child.kill("SIGKILL");
      } catch {
        // already gone
      }
      await s.child.status;
    }
    // A clean exit writes the profiles: SIGINT, then wait for it.
    const pids = service.serverPids();
    for (const pid of pids) Deno.kill(pid, "SIGINT");
    const deadline = Date.now() + 20_000;
    while (pids.some(alive) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await service.stop();
    await sim.stop();
  }
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.endsWith(".cpuprofile")) continue;
    const text = await Deno.readTextFile(`${dir}/${entry.name}`);
    let profile: CpuProfile;
    try {
      profile = JSON.parse(text) as CpuProfile;
    } catch {
      console.log(`\n${entry.name}: not a complete profile (${text.length} B)`);
      continue;
    }
    const times = selfTimes(profile);
    const total = [...times.values()].reduce((a, b) => a + b, 0);
    const idle = times.get("(idle) :-1") ?? 0;
    console.log(
      `\n${entry.name}: ${(total / 1e6).toFixed(1)} s profiled, ` +
        `${((total - idle) / 1e6).toFixed(1)} s busy`,
    );
    console.log("| function | self ms | % of busy |\n|---|---|---|");
    const rows = [...times].filter(([k]) => k !== "(idle) :-1")
      .sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [name, us] of rows) {
      console.log(
        `| ${name} | ${(us / 1000).toFixed(1)} | ${
          (us / (total - idle) * 100).toFixed(1)
        } |`,
      );
    }
  }
  await Deno.remove(dir, { recursive: true });
}

if (import.meta.main) await main();
