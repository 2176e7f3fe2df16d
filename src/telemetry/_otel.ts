/**
 * The same per-isolate figures through Deno's built-in OpenTelemetry export
 * (`OTEL_DENO=true`, and Deno Deploy's observability), with the
 * `npm:@opentelemetry/api` package that Deno wires up itself: counters and
 * gauges as observable instruments read at each export, histograms recorded
 * as they are observed, every point with an `isolate` attribute. With the
 * export off the API hands out no-op instruments, so this costs nothing.
 *
 * @module
 */

import { type Histogram, metrics, type Observable } from "@opentelemetry/api";
import { type Family, ISOLATE_FAMILIES } from "./_families.ts";
import type { Labels } from "./_exposition.ts";
import type { Figures } from "./recorder.ts";

/** Receives histogram observations for OpenTelemetry. */
export interface OtelBridge {
  observe(family: Family, labels: Labels, value: number): void;
}

/** Registers the instruments of `isolate`; `read` gives its current figures. */
export function bridgeToOpenTelemetry(
  read: () => Figures,
  isolate: string,
): OtelBridge {
  const meter = metrics.getMeter("queuepulse");
  const families = Object.values(ISOLATE_FAMILIES) as Family[];
  const histograms = new Map<string, Histogram>();
  const observables: { family: Family; instrument: Observable }[] = [];
  for (const family of families) {
    if (family.type === "histogram") {
      histograms.set(
        family.name,
        meter.createHistogram(family.name, {
          description: family.help,
          unit: "s",
          advice: { explicitBucketBoundaries: [...family.buckets ?? []] },
        }),
      );
      continue;
    }
    const options = { description: family.help };
    observables.push({
      family,
      instrument: family.type === "counter"
        ? meter.createObservableCounter(family.name, options)
        : meter.createObservableGauge(family.name, options),
    });
  }
  meter.addBatchObservableCallback((result) => {
    const { values } = read();
    for (const { family, instrument } of observables) {
      for (const sample of values[family.name] ?? []) {
        result.observe(instrument, sample.value, { ...sample.labels, isolate });
      }
    }
  }, observables.map((o) => o.instrument));
  return {
    observe(family, labels, value) {
      histograms.get(family.name)?.record(value, { ...labels, isolate });
    },
  };
}
