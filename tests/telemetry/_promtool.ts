/**
 * `promtool check metrics` (Debian package `prometheus`; `.ci/run` installs
 * it) and a small reader of the text format for exact assertions.
 *
 * @module
 */

import assert from "node:assert/strict";

/** Where promtool is, or null (the caller skips with a warning). */
export function promtoolPath(): string | null {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (Deno.statSync(`${dir}/promtool`).isFile) return `${dir}/promtool`;
    } catch {
      // Not in this directory.
    }
  }
  console.warn("promtool is not installed: skipping the exposition check");
  return null;
}

/** Asserts that promtool parses `text` and has no lint complaint. */
export async function assertPromtoolAccepts(
  promtool: string,
  text: string,
): Promise<void> {
  const child = new Deno.Command(promtool, {
    args: ["check", "metrics"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const said = new TextDecoder().decode(stdout) +
    new TextDecoder().decode(stderr);
  assert.equal(said, "", said);
  assert.equal(code, 0);
}

/** A sample: `name{labels} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of an exposition (HELP/TYPE and comments skipped). */
export function parseSamples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
    if (!match) throw new Error(`Cannot parse sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (
      const [, key, value] of (match[2] ?? "").matchAll(
        /(\w+)="((?:[^"\\]|\\.)*)"/g,
      )
    ) {
      labels[key] = value.replace(/\\(.)/g, (_, c) => c === "n" ? "\n" : c);
    }
    out.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return out;
}

/** The families of an exposition, from its `# TYPE` lines. */
export function familyTypes(text: string): Map<string, string> {
  return new Map(
    [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, n, t]) => [n, t]),
  );
}

/** `name{k="v",…}` with labels sorted: one series' identity. */
export function seriesKey(sample: Sample): string {
  const labels = Object.entries(sample.labels).sort().map(([k, v]) =>
    `${k}=${JSON.stringify(v)}`
  );
  return `${sample.name}{${labels.join(",")}}`;
}

/**
 * Asserts that no counter series (counters, histogram buckets, sums and
 * counts) of `before` is lower in `after`.
 */
export function assertNoCounterBackwards(before: string, after: string): void {
  const types = familyTypes(after);
  const counting = (name: string) => {
    if (types.get(name) === "counter") return true;
    const base = name.replace(/_(bucket|sum|count)$/, "");
    return base !== name && types.get(base) === "histogram";
  };
  const later = new Map(parseSamples(after).map((s) => [seriesKey(s), s]));
  for (const sample of parseSamples(before)) {
    if (!counting(sample.name)) continue;
    const next = later.get(seriesKey(sample));
    if (next === undefined) continue; // an isolate that is gone
    assert.ok(
      next.value >= sample.value,
      `${seriesKey(sample)} went from ${sample.value} to ${next.value}`,
    );
  }
}
