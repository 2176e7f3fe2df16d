/**
 * Markdown rows of the fan-out benchmark: one row per run and one row per
 * service/baseline pair measured with the same K.
 *
 * @module
 */

import type { FanoutResult } from "./_harness.ts";
import { fmt, markdownHeader, markdownRow, ratioOf } from "./_stats.ts";

/** The markdown header matching {@linkcode fanoutRow}. */
export const FANOUT_HEADER: string = markdownHeader([
  "target",
  "N",
  "K",
  "isolates",
  "window s",
  "delivered / expected",
  "gaps / dups / coalesced",
  "p50 ms",
  "p95 ms",
  "p99 ms",
  "max ms",
  "frame B",
  "RSS idle → loaded MiB",
  "RSS KiB/conn avg / marginal",
  "CPU µs/frame",
  "idle CPU %",
  "CPU µs/frame net of idle",
  "failed / closed / retried",
]);

/** One markdown row of a fan-out result. */
export function fanoutRow(r: FanoutResult, isolates: number): string {
  const mib = (b: number | null) => b === null ? "n/a" : fmt(b / 2 ** 20, 1);
  const kib = (b: number | null) => b === null ? "n/a" : fmt(b / 1024, 1);
  return markdownRow([
    r.target,
    r.clients,
    r.procs,
    isolates,
    fmt(r.durationMs / 1000, 0),
    `${r.delivered} / ${r.expected}`,
    `${r.gaps} / ${r.duplicates} / ${r.coalesced}`,
    fmt(r.latency.p50, 0),
    fmt(r.latency.p95, 0),
    fmt(r.latency.p99, 0),
    fmt(r.latency.max, 0),
    fmt(r.frameBytes, 0),
    `${mib(r.rssIdleBytes)} → ${mib(r.rssLoadedBytes)}`,
    `${kib(r.rssPerConnBytes)} / ${kib(r.rssMarginalPerConnBytes)}`,
    fmt(r.cpuPerFrameUs, 1),
    r.idleCpuPerSecond === null ? "n/a" : fmt(r.idleCpuPerSecond * 100, 1),
    fmt(r.cpuPerFrameNetUs, 1),
    `${r.failed} / ${r.closedEarly} / ${r.retries}`,
  ]);
}

/** The markdown header matching {@linkcode ratioRow}. */
export const RATIO_HEADER: string = markdownHeader([
  "N",
  "K",
  "p99 service / baseline",
  "CPU per frame service / baseline",
  "every version delivered",
]);

/** One markdown row comparing the service with the baseline at equal K. */
export function ratioRow(service: FanoutResult, base: FanoutResult): string {
  const p99 = ratioOf(service.latency.p99, base.latency.p99);
  const cpu = ratioOf(service.cpuPerFrameUs, base.cpuPerFrameUs);
  const complete = service.expected > 0 &&
    service.delivered === service.expected && service.failed === 0;
  return markdownRow([
    service.clients,
    service.procs,
    p99 === null ? "n/a" : `${fmt(p99, 2)}×`,
    cpu === null ? "n/a" : `${fmt(cpu, 2)}×`,
    complete ? "yes" : "no",
  ]);
}
