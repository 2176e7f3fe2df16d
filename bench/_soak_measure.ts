/**
 * What the soak reads off the server: the process's RSS, open file
 * descriptors and threads (`/proc`), open connections (`/metrics`), and per
 * isolate through the inspector: heap in use after a forced GC, pending
 * timers (live node `Timeout`s: every timer of the service goes through
 * `src/clock.ts`) and `WebSocket`s, and, on request, a heap snapshot's size.
 *
 * @module
 */

import {
  countInstances,
  heapFigures,
  Inspector,
  inspectorTargets,
  TIMEOUT_PROTOTYPE,
} from "./_inspector.ts";
import { readRssBytes } from "./_proc.ts";

/** One isolate's figures. */
export interface IsolateFigures {
  title: string;
  /** Heap in use after a full GC, MiB. */
  heapMiB: number;
  /** From a heap snapshot (null when none was taken). */
  liveMiB: number | null;
  snapshotMiB: number | null;
  /** Pending timers: live node `Timeout`s. */
  timers: number;
  /** Live `WebSocket` objects. */
  websockets: number;
  /** Entries of the isolate's resource table (sockets, files, KV…). */
  resources: number;
  /** Those entries by resource name. */
  resourcesByName: Record<string, number>;
}

/** The server at one moment. */
export interface ServerFigures {
  at: number;
  /** RSS when the reading began, MiB. */
  rssMiB: number;
  /** RSS after every isolate's forced GC (before any snapshot), MiB. */
  rssAfterGcMiB: number;
  /** Anonymous (heap) and file-backed parts of the RSS, MiB. */
  rssAnonMiB: number;
  fds: number;
  threads: number;
  /** `queuepulse_connections` summed over isolates. */
  connections: number;
  isolates: IsolateFigures[];
}

const MIB = 1024 * 1024;

/** Counts an isolate's resource table by name (evaluated in the isolate). */
const RESOURCES_BY_NAME = `Object.values(Deno[Deno.internal].core.resources())
  .reduce((by, name) => (by[name] = (by[name] ?? 0) + 1, by), {})`;

/** Inspector sessions with every isolate, kept open for the whole run. */
export async function inspectAll(port: number): Promise<Inspector[]> {
  const targets = await inspectorTargets(port);
  return await Promise.all(targets.map((t) => Inspector.connect(t)));
}

/**
 * Reads the server's figures: RSS, then a forced GC in every isolate, RSS
 * again, then per isolate the heap in use, timers and sockets, and with
 * `snapshot` a heap snapshot (seconds of pause, and the ~300 MiB it costs
 * stay in the RSS: only as the very last reading).
 */
export async function measure(
  pid: number,
  metricsUrl: string,
  sessions: Inspector[],
  snapshot: boolean,
): Promise<ServerFigures> {
  const rss = readRssBytes(pid) ?? 0;
  for (const session of sessions) {
    await session.send("HeapProfiler.enable");
    await session.send("HeapProfiler.collectGarbage");
  }
  const rssAfterGc = readRssBytes(pid) ?? 0;
  const rssAnon = Number(
    /RssAnon:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`))
      ?.[1] ?? 0,
  ) * 1024;
  const isolates: IsolateFigures[] = [];
  for (const session of sessions) {
    const usage = await session.send("Runtime.getHeapUsage");
    const timers = await countInstances(session, TIMEOUT_PROTOTYPE);
    const websockets = await countInstances(session, "WebSocket.prototype");
    const heap = snapshot ? await heapFigures(session, []) : null;
    const evaluated = await session.send("Runtime.evaluate", {
      expression: RESOURCES_BY_NAME,
      returnByValue: true,
    });
    const resourcesByName: Record<string, number> = evaluated.result.value;
    isolates.push({
      title: session.title,
      heapMiB: usage.usedSize / MIB,
      liveMiB: heap && heap.liveBytes / MIB,
      snapshotMiB: heap && heap.snapshotBytes / MIB,
      timers,
      websockets,
      resources: Object.values(resourcesByName).reduce((a, n) => a + n, 0),
      resourcesByName,
    });
  }
  return {
    at: Date.now(),
    rssMiB: rss / MIB,
    rssAfterGcMiB: rssAfterGc / MIB,
    rssAnonMiB: rssAnon / MIB,
    fds: [...Deno.readDirSync(`/proc/${pid}/fd`)].length,
    threads: Number(
      /Threads:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`))
        ?.[1] ?? 0,
    ),
    connections: await connections(metricsUrl),
    isolates,
  };
}

/** `queuepulse_connections` summed over the isolates in `/metrics`. */
async function connections(url: string): Promise<number> {
  const text = await (await fetch(url)).text();
  let sum = 0;
  for (const m of text.matchAll(/^queuepulse_connections\{[^}]*\} (\d+)$/gm)) {
    sum += Number(m[1]);
  }
  return sum;
}
