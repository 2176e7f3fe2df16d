/**
 * Prometheus text exposition format, version 0.0.4 (as documented at
 * prometheus.io, "Exposition formats"): shared by the HTTP room's real-time
 * metrics and the poller's.
 *
 * @module
 */

/** One metric family: HELP and TYPE lines, then its samples. */
export interface Sample {
  name: string;
  help: string;
  type: "gauge" | "counter";
  /** Null = no sample (the series is not defined yet). */
  value: number | null;
  /** Labelled samples instead of `value`, e.g. `[["code", "x"], 3]`. */
  labelled?: [label: [string, string], value: number][];
}

/** A gauge family with one sample (null = none yet). */
export function gauge(
  name: string,
  help: string,
  value: number | null,
): Sample {
  return { name, help, type: "gauge", value };
}

/** A counter family with one sample. */
export function counter(name: string, help: string, value: number): Sample {
  return { name, help, type: "counter", value };
}

/**
 * Renders samples as Prometheus text.
 *
 * @example
 * ```ts
 * renderSamples([gauge("up", "1 when serving.", 1)]);
 * // "# HELP up 1 when serving.\n# TYPE up gauge\nup 1\n"
 * ```
 */
export function renderSamples(samples: readonly Sample[]): string {
  return samples.map(render).join("");
}

function render(sample: Sample): string {
  const head = `# HELP ${sample.name} ${sample.help}\n` +
    `# TYPE ${sample.name} ${sample.type}\n`;
  if (sample.labelled) {
    return head +
      sample.labelled.map(([[key, label], value]) =>
        `${sample.name}{${key}="${escapeLabel(label)}"} ${formatValue(value)}\n`
      ).join("");
  }
  return sample.value === null
    ? head
    : `${head}${sample.name} ${formatValue(sample.value)}\n`;
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
