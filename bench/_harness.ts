/**
 * The fan-out measurement: spawns K subscriber processes against a running
 * server, opens N sockets, measures one window, and folds the subscribers'
 * reports and the server's `/proc` readings into one result.
 *
 * @module
 */

import { sleep, spawnSubscriber, type Sub, within } from "./_children.ts";
import { readCpuTicks, readRssBytes } from "./_proc.ts";
import type { PoolResult } from "./_pool.ts";
import type { Running } from "./_servers.ts";
import {
  type Histogram,
  type LatencySummary,
  median,
  mergeHistograms,
  summarize,
} from "./_stats.ts";

/** Options of {@linkcode measureFanout}. */
export interface FanoutOptions {
  server: Running;
  mode: "service" | "baseline";
  /** WebSocket URLs the sockets spread over (one per loopback address). */
  urls: string[];
  clients: number;
  procs: number;
  durationMs: number;
  warmupMs: number;
  /** Idle phase before the subscribers connect (CPU rate and RSS). */
  idleMs: number;
  /** Subscribe message (service mode); default subscribes to everything. */
  subscribe?: string;
  /** Connect concurrency per subscriber process. */
  concurrency: number;
  connectMs: number;
  ticksPerSecond: number;
  signal: AbortSignal;
  /** Progress messages (stderr). */
  note: (msg: string) => void;
  /** Called when the measurement window opens and when it closes. */
  onWindow?: (edge: "start" | "end") => Promise<void>;
}

/** The folded result of one fan-out run. */
export interface FanoutResult {
  target: string;
  clients: number;
  procs: number;
  ready: number;
  failed: number;
  eligible: number;
  closedEarly: number;
  closeCodes: Record<string, number>;
  durationMs: number;
  versions: number;
  expected: number;
  delivered: number;
  gaps: number;
  duplicates: number;
  coalesced: number;
  latency: LatencySummary;
  /** Median UTF-8 bytes of the window's delta frames. */
  frameBytes: number | null;
  rssIdleBytes: number | null;
  rssLoadedBytes: number | null;
  /** (loaded − idle) / connections. */
  rssPerConnBytes: number | null;
  /** RSS growth per connection from the first half to all connections. */
  rssMarginalPerConnBytes: number | null;
  cpuSeconds: number | null;
  cpuPerFrameUs: number | null;
  /** Server CPU seconds per second with no subscriber (polling, KV). */
  idleCpuPerSecond: number | null;
  /** CPU per frame after taking the idle rate off the window's CPU. */
  cpuPerFrameNetUs: number | null;
  /** Connection attempts refused and retried (e.g. 429 rate limit). */
  retries: number;
}

function sumOver(
  pids: number[],
  read: (pid: number) => number | null,
): number | null {
  let total = 0;
  for (const pid of pids) {
    const v = read(pid);
    if (v === null) return null;
    total += v;
  }
  return pids.length ? total : null;
}

/** Splits `n` into `k` near-equal non-negative parts. */
export function split(n: number, k: number): number[] {
  return Array.from(
    { length: k },
    (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0),
  );
}

/** Folds the subscribers' reports (pure; exported for tests). */
export function foldResults(results: PoolResult[]): {
  versions: Record<string, { committedAt: number; bytes: number }>;
  eligible: number;
  expected: number;
  delivered: number;
  latency: Histogram;
} {
  const versions: Record<string, { committedAt: number; bytes: number }> = {};
  for (const r of results) Object.assign(versions, r.versions);
  const nVersions = Object.keys(versions).length;
  let eligible = 0;
  let delivered = 0;
  for (const r of results) {
    eligible += r.eligible;
    for (const [got, sockets] of Object.entries(r.deliveredHist)) {
      delivered += Math.min(Number(got), nVersions) * sockets;
    }
  }
  return {
    versions,
    eligible,
    expected: eligible * nVersions,
    delivered,
    latency: mergeHistograms(results.map((r) => r.latency)),
  };
}

/**
 * Runs one fan-out measurement against `o.server`; subscriber processes
 * are killed at the end even on error.
 */
export async function measureFanout(o: FanoutOptions): Promise<FanoutResult> {
  // Idle phase: the server's own CPU rate and RSS with no subscriber.
  const idle0 = sumOver(o.server.serverPids(), readCpuTicks);
  await sleep(o.idleMs, o.signal);
  const idle1 = sumOver(o.server.serverPids(), readCpuTicks);
  const rssIdle = sumOver(o.server.serverPids(), readRssBytes);
  const idleCpuPerSecond = idle0 === null || idle1 === null || o.idleMs === 0
    ? null
    : (idle1 - idle0) / o.ticksPerSecond / (o.idleMs / 1000);
  const counts = split(o.clients, o.procs).filter((n) => n > 0);
  const subs: Sub[] = [];
  try {
    // Two steps (the first half of the processes, then the rest) give the
    // marginal RSS per connection besides the average over the idle RSS.
    const half = counts.length > 1 ? Math.floor(counts.length / 2) : 0;
    const steps = half > 0 ? [counts.slice(0, half), counts.slice(half)] : [
      counts,
    ];
    const ready: { ready: number; failed: number }[] = [];
    const rssSteps: { n: number; rss: number | null }[] = [];
    for (const step of steps) {
      const spawned = step.map((n) => {
        const i = subs.length;
        // Rotate the URL list so each process starts on another address.
        const urls = [...o.urls.slice(i % o.urls.length), ...o.urls].slice(
          0,
          o.urls.length,
        );
        const sub = spawnSubscriber({
          urls,
          count: n,
          mode: o.mode,
          concurrency: o.concurrency,
          connectMs: o.connectMs,
          maxMs: o.idleMs + o.connectMs + o.warmupMs + o.durationMs + 60_000,
          subscribe: o.subscribe,
        });
        subs.push(sub);
        return sub;
      });
      ready.push(
        ...(await within(
          Promise.all(spawned.map((s) => s.ready)),
          o.connectMs + 30_000,
          "connecting subscribers",
        )).map((text) => JSON.parse(text) as { ready: number; failed: number }),
      );
      await sleep(1_000, o.signal);
      rssSteps.push({
        n: ready.reduce((s, r) => s + r.ready, 0),
        rss: sumOver(o.server.serverPids(), readRssBytes),
      });
    }
    const readyN = ready.reduce((s, r) => s + r.ready, 0);
    o.note(`${o.server.name}: ${readyN}/${o.clients} subscribers ready`);
    const [a, b] = rssSteps;
    const rssMarginal = b && a.rss !== null && b.rss !== null && b.n > a.n
      ? (b.rss - a.rss) / (b.n - a.n)
      : null;
    const start = Date.now() + o.warmupMs;
    const end = start + o.durationMs;
    const enc = new TextEncoder();
    for (const s of subs) {
      await s.stdin.write(enc.encode(`window ${start} ${end}\n`));
    }
    await sleep(start - Date.now(), o.signal);
    const cpu0 = sumOver(o.server.serverPids(), readCpuTicks);
    await o.onWindow?.("start");
    await sleep(end - Date.now(), o.signal);
    const cpu1 = sumOver(o.server.serverPids(), readCpuTicks);
    await o.onWindow?.("end");
    const rssLoaded = sumOver(o.server.serverPids(), readRssBytes);
    // Let frames committed just before `end` arrive.
    await sleep(1_500, o.signal);
    for (const s of subs) {
      await s.stdin.write(enc.encode("stop\n"));
      await s.stdin.close().catch(() => {});
    }
    const results = (await within(
      Promise.all(subs.map((s) => s.result)),
      60_000,
      "collecting subscriber reports",
    )).map((text) => JSON.parse(text) as PoolResult);
    const fold = foldResults(results);
    const closed = results.reduce((s, r) => s + r.closedEarly, 0);
    if (closed > 0 || rssLoaded === null) {
      o.note(
        `${o.server.name}: ${closed} sockets closed early${
          rssLoaded === null ? ", server process gone" : ""
        }; last server lines:\n${o.server.tail().slice(-15).join("\n")}`,
      );
    }
    const cpuSeconds = cpu0 === null || cpu1 === null
      ? null
      : (cpu1 - cpu0) / o.ticksPerSecond;
    const bytes = Object.values(fold.versions).map((v) => v.bytes);
    return {
      target: o.server.name,
      clients: o.clients,
      procs: counts.length,
      ready: readyN,
      failed: ready.reduce((s, r) => s + r.failed, 0),
      eligible: fold.eligible,
      closedEarly: results.reduce((s, r) => s + r.closedEarly, 0),
      closeCodes: mergeHistograms(results.map((r) => r.closeCodes)),
      durationMs: o.durationMs,
      versions: Object.keys(fold.versions).length,
      expected: fold.expected,
      delivered: fold.delivered,
      gaps: results.reduce((s, r) => s + r.gaps, 0),
      duplicates: results.reduce((s, r) => s + r.duplicates, 0),
      coalesced: results.reduce((s, r) => s + r.coalesced, 0),
      latency: summarize(fold.latency),
      frameBytes: median(bytes),
      rssIdleBytes: rssIdle,
      rssLoadedBytes: rssLoaded,
      rssPerConnBytes: rssIdle === null || rssLoaded === null || readyN === 0
        ? null
        : (rssLoaded - rssIdle) / readyN,
      rssMarginalPerConnBytes: rssMarginal,
      cpuSeconds,
      cpuPerFrameUs: cpuSeconds === null || fold.delivered === 0
        ? null
        : (cpuSeconds * 1e6) / fold.delivered,
      idleCpuPerSecond,
      cpuPerFrameNetUs: cpuSeconds === null || idleCpuPerSecond === null ||
          fold.delivered === 0
        ? null
        : ((cpuSeconds - idleCpuPerSecond * (o.durationMs / 1000)) * 1e6) /
          fold.delivered,
      retries: results.reduce((s, r) => s + r.retries, 0),
    };
  } finally {
    await Promise.all(subs.map(async (s) => {
      try {
        s.child.kill("SIGKILL");
      } catch {
        // already exited
      }
      await s.child.status.catch(() => {});
    }));
  }
}
