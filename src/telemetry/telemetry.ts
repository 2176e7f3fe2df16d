/**
 * One isolate's telemetry: records what the Genesys client, the poll loop
 * and the real-time hub do, publishes the figures to KV every few seconds,
 * and answers a scrape with the whole deployment's figures (every isolate
 * of this process and every instance sharing the KV database, each series
 * labelled `isolate`), the newest snapshot's state and the per-queue gauges.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { FetchLike } from "../genesys/mod.ts";
import type { Logger } from "../log.ts";
import type { PollerStatus, PollEvent } from "../poller/mod.ts";
import type { Realtime } from "../realtime/mod.ts";
import {
  ALL_FAMILIES,
  DEPLOYMENT_FAMILIES as D,
  type Family,
  ISOLATE_FAMILIES as F,
} from "./_families.ts";
import {
  type HistogramSample,
  renderFamily,
  type ValueSample,
} from "./_exposition.ts";
import { instrumentFetch } from "./_genesys.ts";
import { bridgeToOpenTelemetry, type OtelBridge } from "./_otel.ts";
import { recordPollEvent } from "./_poll.ts";
import { queueGaugesOn, queueSamples } from "./_queues.ts";
import { statusSamples } from "./_status.ts";
import { createSharedFigures, type IsolateFigures } from "./_shared.ts";
import { createRecorder, type Figures } from "./recorder.ts";

/** How often an isolate publishes its figures, ms. */
export const PUBLISH_INTERVAL_MS = 5_000;
/** Figures older than this belong to isolates that are gone, ms. */
export const FRESH_MS = 60_000;

/** Options of {@linkcode createTelemetry}. */
export interface TelemetryOptions {
  kv: Deno.Kv;
  clock: Clock;
  log: Logger;
  /** This isolate's id: the `isolate` label of its series. */
  isolate: string;
  /** `GENESYS_RATE_LIMIT_PER_MINUTE`, shown beside the request rate. */
  rateLimitPerMinute: number;
  /** `METRICS_QUEUES`: true, false, or null (on up to 500 queues). */
  queueMetrics: boolean | null;
  /** The leader's status record as this isolate last saw it. */
  pollerStatus?: () => PollerStatus | null;
}

/** One isolate's telemetry. */
export interface Telemetry {
  /** Wraps the Genesys client's fetch: calls counted and timed. */
  instrument(fetch: FetchLike): FetchLike;
  /** Pass as the poll loop's `onEvent`. */
  onPollEvent(event: PollEvent): void;
  /** Pass as the hub's `onFanout`: commit → last send of a version, ms. */
  onFanout(latencyMs: number): void;
  /** Starts publishing; `realtime` gives the live connection figures. */
  start(realtime: Realtime): void;
  /** The `/metrics` text. */
  scrape(): Promise<string>;
  /** Stops publishing and removes this isolate's figures from KV. */
  close(): Promise<void>;
}

/**
 * Creates the telemetry of one isolate.
 *
 * @example
 * ```ts ignore
 * const telemetry = createTelemetry({ kv, clock, log, isolate: "3f2a9c1b",
 *   rateLimitPerMinute: 300, queueMetrics: null });
 * const api = createGenesysClient({ ...options, fetch: telemetry.instrument(fetch) });
 * telemetry.start(realtime);
 * const text = await telemetry.scrape();
 * ```
 */
export function createTelemetry(options: TelemetryOptions): Telemetry {
  const { kv, clock, log, isolate } = options;
  let otel: OtelBridge | null = null;
  const recorder = createRecorder((family, labels, value) =>
    otel?.observe(family, labels, value)
  );
  otel = bridgeToOpenTelemetry(() => figures(), isolate);
  const shared = createSharedFigures({ kv, isolate, clock, freshMs: FRESH_MS });
  const stop = new AbortController();
  let realtime: Realtime | null = null;
  let loop: Promise<void> = Promise.resolve();
  let failing = false;

  function figures(): Figures {
    if (realtime) {
      const m = realtime.metrics();
      recorder.set(F.connections, {}, realtime.connections());
      recorder.set(F.websockets, {}, m.websockets);
      recorder.set(F.sseStreams, {}, m.sseStreams);
      recorder.set(F.framesSent, {}, m.framesSent);
      recorder.set(F.bytesSent, {}, m.bytesSent);
      recorder.set(F.slowClosed, {}, m.slowClosed);
      recorder.set(F.rateLimitClosed, {}, m.rateLimitClosed);
      recorder.set(F.resumed, {}, m.resumed);
      recorder.set(F.resumeMissed, {}, m.resumeMissed);
    }
    return recorder.figures();
  }

  /** Publishes; a KV failure is logged once per run of failures. */
  async function publish(own: Figures): Promise<boolean> {
    try {
      await shared.publish(own);
      if (failing) log.info("Publishing metrics to KV again");
      failing = false;
      return true;
    } catch (error) {
      if (!failing) log.warn("Cannot publish metrics to KV", { error });
      failing = true;
      return false;
    }
  }

  async function run(): Promise<void> {
    while (!stop.signal.aborted) {
      await publish(figures());
      try {
        await clock.sleep(PUBLISH_INTERVAL_MS, stop.signal);
      } catch {
        // Aborted: close() was called.
      }
    }
  }

  return {
    instrument: (fetch) => instrumentFetch(fetch, recorder, clock),
    onPollEvent: (event) => recordPollEvent(recorder, event),
    onFanout(latencyMs) {
      recorder.observe(F.fanout, {}, Math.max(0, latencyMs) / 1000);
    },
    start(source) {
      realtime = source;
      loop = run();
    },
    async scrape() {
      const own = figures();
      let all: IsolateFigures[] = [{ isolate, at: clock.now(), figures: own }];
      if (await publish(own)) {
        all = await shared.collect().catch(() => all);
      }
      return render(all, realtime, clock.now(), options);
    },
    async close() {
      stop.abort();
      await loop;
      await shared.remove().catch(() => {});
    },
  };
}

function render(
  all: IsolateFigures[],
  realtime: Realtime | null,
  now: number,
  options: TelemetryOptions,
): string {
  const snapshot = realtime?.current() ?? null;
  const samples = new Map<string, (ValueSample | HistogramSample)[]>();
  const one = (family: Family, value: number | null) =>
    samples.set(family.name, value === null ? [] : [{ labels: {}, value }]);
  one(D.isolates, all.length);
  one(D.rateLimit, options.rateLimitPerMinute);
  one(D.version, snapshot?.version ?? null);
  one(
    D.age,
    snapshot
      ? Math.max(0, now - Date.parse(snapshot.committedAt)) / 1000
      : null,
  );
  one(D.stale, realtime === null || realtime.stale() ? 1 : 0);
  one(D.queues, snapshot ? Object.keys(snapshot.queues).length : null);
  for (const family of Object.values(F)) {
    samples.set(
      family.name,
      all.flatMap(({ isolate, figures }) => {
        const series = family.type === "histogram"
          ? figures.histograms[family.name]
          : figures.values[family.name];
        return (series ?? []).map((s) => ({
          ...s,
          labels: { ...s.labels, isolate },
        }));
      }),
    );
  }
  for (const [name, list] of statusSamples(options.pollerStatus?.() ?? null)) {
    samples.set(name, list);
  }
  const queues = snapshot ? Object.keys(snapshot.queues).length : 0;
  if (queueGaugesOn(options.queueMetrics, queues)) {
    for (const [name, list] of queueSamples(snapshot, now)) {
      samples.set(name, list);
    }
  }
  return ALL_FAMILIES.map((family) =>
    renderFamily(family, samples.get(family.name) ?? [])
  ).join("");
}
