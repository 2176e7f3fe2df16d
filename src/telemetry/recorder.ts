/**
 * One isolate's figures: counters and gauges by family and label set, and
 * histograms with fixed buckets. Plain data, so they can be published to KV
 * and rendered by any isolate of the deployment.
 *
 * @module
 */

import type { Family } from "./_families.ts";
import type { HistogramSample, Labels, ValueSample } from "./_exposition.ts";

/** One isolate's figures by family name. */
export interface Figures {
  values: Record<string, ValueSample[]>;
  histograms: Record<string, HistogramSample[]>;
}

/** Records the figures of one isolate. */
export interface Recorder {
  /** Adds `by` (default 1) to a counter. */
  add(family: Family, labels?: Labels, by?: number): void;
  /** Sets a gauge, or a counter kept elsewhere; null removes the series. */
  set(family: Family, labels: Labels, value: number | null): void;
  /** Counts one observation of a histogram, in the family's unit. */
  observe(family: Family, labels: Labels, value: number): void;
  /** A copy of every series. */
  figures(): Figures;
}

/**
 * Creates an empty recorder; `onObserve` also sees every histogram
 * observation (the OpenTelemetry export).
 *
 * @example
 * ```ts ignore
 * const recorder = createRecorder();
 * recorder.add(ISOLATE_FAMILIES.commits);
 * recorder.observe(ISOLATE_FAMILIES.pollCycle, {}, 0.42);
 * ```
 */
export function createRecorder(
  onObserve?: (family: Family, labels: Labels, value: number) => void,
): Recorder {
  const values = new Map<string, Map<string, ValueSample>>();
  const histograms = new Map<string, Map<string, HistogramSample>>();

  function slot<T>(
    map: Map<string, Map<string, T>>,
    family: Family,
    labels: Labels,
    create: () => T,
  ): T {
    let series = map.get(family.name);
    if (!series) map.set(family.name, series = new Map());
    const key = labelKey(labels);
    let sample = series.get(key);
    if (!sample) series.set(key, sample = create());
    return sample;
  }

  return {
    add(family, labels = {}, by = 1) {
      slot(values, family, labels, () => ({ labels, value: 0 })).value += by;
    },
    set(family, labels, value) {
      if (value === null) {
        values.get(family.name)?.delete(labelKey(labels));
        return;
      }
      slot(values, family, labels, () => ({ labels, value })).value = value;
    },
    observe(family, labels, value) {
      const buckets = family.buckets ?? [];
      const sample = slot(histograms, family, labels, () => ({
        labels,
        counts: new Array(buckets.length + 1).fill(0),
        sum: 0,
        count: 0,
      }));
      const at = buckets.findIndex((bound) => value <= bound);
      sample.counts[at < 0 ? buckets.length : at]++;
      sample.sum += value;
      sample.count++;
      onObserve?.(family, labels, value);
    },
    figures() {
      return {
        values: copy(values, (s) => ({ labels: s.labels, value: s.value })),
        histograms: copy(histograms, (s) => ({ ...s, counts: [...s.counts] })),
      };
    },
  };
}

function labelKey(labels: Labels): string {
  return JSON.stringify(
    Object.entries(labels).sort(([a], [b]) => a < b ? -1 : 1),
  );
}

function copy<T>(
  map: Map<string, Map<string, T>>,
  clone: (sample: T) => T,
): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const [name, series] of map) out[name] = [...series.values()].map(clone);
  return out;
}
