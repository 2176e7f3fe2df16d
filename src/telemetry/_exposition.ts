/**
 * The Prometheus text exposition format, version 0.0.4 (prometheus.io,
 * "Exposition formats"): `# HELP` and `# TYPE` for every family, then its
 * samples; histograms as cumulative `_bucket{le}` series, `_sum` and
 * `_count`.
 *
 * @module
 */

import type { Family } from "./_families.ts";

/** Label names to values. */
export type Labels = Readonly<Record<string, string>>;

/** One sample of a counter or gauge. */
export interface ValueSample {
  labels: Labels;
  value: number;
}

/** One histogram series: per-bucket counts (the last is +Inf), sum, count. */
export interface HistogramSample {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

/** Content type of the Prometheus text format. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Renders one family and its samples.
 *
 * @example
 * ```ts ignore
 * renderFamily({ name: "up", type: "gauge", help: "1 when serving." },
 *   [{ labels: {}, value: 1 }]);
 * // "# HELP up 1 when serving.\n# TYPE up gauge\nup 1\n"
 * ```
 */
export function renderFamily(
  family: Family,
  samples: readonly (ValueSample | HistogramSample)[],
): string {
  let out = `# HELP ${family.name} ${family.help}\n` +
    `# TYPE ${family.name} ${family.type}\n`;
  for (const sample of samples) {
    if (!("counts" in sample)) {
      out += `${family.name}${labelText(sample.labels)} ${
        formatValue(sample.value)
      }\n`;
      continue;
    }
    const bounds = [...(family.buckets ?? []).map(String), "+Inf"];
    let cumulative = 0;
    bounds.forEach((le, i) => {
      cumulative += sample.counts[i] ?? 0;
      out += `${family.name}_bucket${
        labelText({ ...sample.labels, le })
      } ${cumulative}\n`;
    });
    const labels = labelText(sample.labels);
    out += `${family.name}_sum${labels} ${formatValue(sample.sum)}\n`;
    out += `${family.name}_count${labels} ${sample.count}\n`;
  }
  return out;
}

function labelText(labels: Labels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return "";
  return `{${
    names.map((name) => `${name}="${escapeLabel(labels[name])}"`).join(",")
  }}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(
    /\n/g,
    "\\n",
  );
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
