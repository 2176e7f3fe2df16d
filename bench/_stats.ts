/**
 * Small statistics and formatting helpers shared by the benchmark scripts:
 * exact percentiles over integer-millisecond histograms and markdown rows.
 *
 * @module
 */

/** A histogram of integer values: value → how many times it was seen. */
export type Histogram = Record<string, number>;

/** Percentiles of a latency distribution, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** Adds one observation of `value` to `hist` (values are rounded to integers). */
export function addSample(hist: Histogram, value: number): void {
  const key = String(Math.round(value));
  hist[key] = (hist[key] ?? 0) + 1;
}

/** Sums several histograms into a new one. */
export function mergeHistograms(parts: Iterable<Histogram>): Histogram {
  const out: Histogram = {};
  for (const part of parts) {
    for (const [key, n] of Object.entries(part)) out[key] = (out[key] ?? 0) + n;
  }
  return out;
}

/**
 * The nearest-rank percentile `p` (0 < p ≤ 100) of a histogram, or null
 * when it is empty.
 */
export function histogramPercentile(hist: Histogram, p: number): number | null {
  if (!(p > 0 && p <= 100)) {
    throw new RangeError(
      `Cannot compute percentile: "${p}" is not in (0, 100]`,
    );
  }
  const entries = Object.entries(hist)
    .map(([k, n]) => [Number(k), n] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const [value, n] of entries) {
    seen += n;
    if (seen >= rank) return value;
  }
  return entries[entries.length - 1][0];
}

/** p50/p95/p99/max and the sample count of a histogram. */
export function summarize(hist: Histogram): LatencySummary {
  const count = Object.values(hist).reduce((sum, n) => sum + n, 0);
  return {
    count,
    p50: histogramPercentile(hist, 50),
    p95: histogramPercentile(hist, 95),
    p99: histogramPercentile(hist, 99),
    max: histogramPercentile(hist, 100),
  };
}

/** The median of `values`, or null when empty (mean of the middle two). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `a / b`, or null when either is null or `b` is zero. */
export function ratioOf(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}

/** Formats a number with `digits` decimals, or `n/a` for null. */
export function fmt(value: number | null, digits = 1): string {
  return value === null || !Number.isFinite(value)
    ? "n/a"
    : value.toFixed(digits);
}

/** Formats a byte count as KiB with one decimal, or `n/a`. */
export function fmtKiB(bytes: number | null): string {
  return bytes === null ? "n/a" : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** One markdown table row: `| a | b | c |`. */
export function markdownRow(cells: readonly (string | number)[]): string {
  return `| ${
    cells.map((c) => String(c).replaceAll("|", "\\|")).join(" | ")
  } |`;
}

/** A markdown header row plus its separator line. */
export function markdownHeader(cells: readonly string[]): string {
  return `${markdownRow(cells)}\n|${cells.map(() => "---").join("|")}|`;
}
