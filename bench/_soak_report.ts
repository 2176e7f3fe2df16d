/**
 * The soak's report: markdown tables on stdout, then one JSON line with
 * every figure (`soak {json}`) for the record.
 *
 * @module
 */

import type { ScreenCounts } from "./_soak_clients.ts";
import type { ServerFigures } from "./_soak_measure.ts";
import type { SoakArgs } from "./_soak_plan.ts";
import { fmt, markdownHeader, markdownRow } from "./_stats.ts";

/** What one soak run found. */
export interface SoakResult {
  args: SoakArgs;
  counts: ScreenCounts;
  crashes: number;
  /** Under load: after the warm-up, every 30 s, and at the end of the load. */
  loaded: ServerFigures[];
  /** No screen connected: at the start, after each round, at the end. */
  idle: ServerFigures[];
  /** The end's reading again, with heap snapshots (taken last). */
  snapshot: ServerFigures;
  /** A reading after those snapshots (what they cost in RSS). */
  afterSnapshot: ServerFigures;
  /** The service's last log lines. */
  tail: string[];
}

const sum = (values: (number | null)[]) =>
  values.reduce<number>((a, b) => a + (b ?? 0), 0);

/** RSS growth from the first to the last loaded sample, percent. */
export function rssGrowth(loaded: readonly ServerFigures[]): number {
  const first = loaded[0].rssMiB;
  return ((loaded.at(-1)!.rssMiB - first) / first) * 100;
}

/** Prints the report. */
export function printReport(r: SoakResult): void {
  const { counts } = r;
  console.log(
    `## Soak: ${r.args.minutes} min, ${r.args.clients} screens (${r.args.sse} SSE), ${r.args.rounds} rounds\n`,
  );
  console.log(
    markdownHeader([
      "crashes",
      "gaps",
      "duplicates",
      "frames",
      "snapshots",
      "resumed",
      "dropped",
      "close codes",
      "refused",
      "closes unconfirmed after 5 s",
    ]),
  );
  console.log(markdownRow([
    r.crashes,
    counts.gaps,
    counts.duplicates,
    counts.frames,
    counts.snapshots,
    counts.resumed,
    counts.dropped,
    JSON.stringify(counts.closeCodes),
    counts.refused,
    JSON.stringify(counts.unconfirmedCloses),
  ]));
  const rss = r.loaded.map((f) => f.rssMiB);
  console.log(
    `\nRSS under load: ${fmt(rss[0])} MiB after the warm-up, ${
      fmt(rss.at(-1)!)
    } MiB at the end (growth ${fmt(rssGrowth(r.loaded))} %), max ${
      fmt(Math.max(...rss))
    } MiB\n`,
  );
  console.log(
    markdownHeader([
      "no screen",
      "RSS MiB",
      "after GC",
      "anon",
      "fds",
      "threads",
      "connections",
      "heap after GC MiB",
      "timers",
      "WebSockets",
      "resources",
    ]),
  );
  r.idle.forEach((f, i) => {
    const when = i === 0
      ? "start"
      : i === r.idle.length - 1
      ? "end"
      : `round ${i}`;
    const per = (
      pick: (x: ServerFigures["isolates"][number]) => number | null,
    ) => f.isolates.map((x) => fmt(pick(x))).join(" + ");
    console.log(markdownRow([
      when,
      fmt(f.rssMiB),
      fmt(f.rssAfterGcMiB),
      fmt(f.rssAnonMiB),
      f.fds,
      f.threads,
      f.connections,
      per((x) => x.heapMiB),
      sum(f.isolates.map((x) => x.timers)),
      sum(f.isolates.map((x) => x.websockets)),
      sum(f.isolates.map((x) => x.resources)),
    ]));
  });
  const byName = (f: ServerFigures) => {
    const all: Record<string, number> = {};
    for (const x of f.isolates) {
      for (const [name, n] of Object.entries(x.resourcesByName)) {
        all[name] = (all[name] ?? 0) + n;
      }
    }
    return JSON.stringify(all);
  };
  console.log(
    `\nResources by name, no screen: at the start ${
      byName(r.idle[0])
    }, at the end ${byName(r.idle.at(-1)!)}`,
  );
  const snap = r.snapshot.isolates;
  console.log(
    `\nHeap snapshots at the end (taken last): ${
      snap.map((x) => fmt(x.snapshotMiB)).join(" + ")
    } MiB of JSON, live heap ${
      snap.map((x) => fmt(x.liveMiB)).join(" + ")
    } MiB; RSS after them ${fmt(r.afterSnapshot.rssMiB)} MiB`,
  );
  console.log(`\nsoak ${JSON.stringify({ ...r, tail: r.tail.slice(-10) })}`);
}
