/**
 * Figures of every isolate of a deployment, shared through Deno KV: each
 * isolate writes its own under `[...prefix, isolate]` (every few seconds and
 * before it answers a scrape), and a scrape lists them all. Reads are
 * strongly consistent and an isolate's counters only grow, so a value once
 * reported is never reported lower by any isolate. Entries older than the
 * freshness window belong to isolates that are gone; `expireIn` only
 * collects them later.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Figures } from "./recorder.ts";

/** One isolate's published figures. */
export interface IsolateFigures {
  isolate: string;
  /** When they were published (ms since the epoch, the writer's clock). */
  at: number;
  figures: Figures;
}

/** The KV side of the shared figures. */
export interface SharedFigures {
  /** Writes this isolate's figures. */
  publish(figures: Figures): Promise<void>;
  /** Every isolate's figures published within the freshness window, by isolate. */
  collect(): Promise<IsolateFigures[]>;
  /** Removes this isolate's entry (on shutdown). */
  remove(): Promise<void>;
}

/** Options of {@linkcode createSharedFigures}. */
export interface SharedFiguresOptions {
  kv: Deno.Kv;
  isolate: string;
  clock: Clock;
  /** Entries older than this are ignored, ms. */
  freshMs: number;
  /** Key prefix; default `["qp", "telemetry"]`. */
  prefix?: Deno.KvKey;
}

/** Creates the KV-backed shared figures of `isolate`. */
export function createSharedFigures(
  options: SharedFiguresOptions,
): SharedFigures {
  const { kv, isolate, clock, freshMs } = options;
  const prefix = options.prefix ?? ["qp", "telemetry"];
  const key: Deno.KvKey = [...prefix, isolate];
  return {
    async publish(figures) {
      const value: IsolateFigures = { isolate, at: clock.now(), figures };
      await kv.set(key, value, { expireIn: freshMs * 4 });
    },
    async collect() {
      const now = clock.now();
      const out: IsolateFigures[] = [];
      for await (const entry of kv.list<IsolateFigures>({ prefix })) {
        if (now - entry.value.at <= freshMs) out.push(entry.value);
      }
      return out.sort((a, b) => a.isolate < b.isolate ? -1 : 1);
    },
    async remove() {
      await kv.delete(key);
    },
  };
}
