/**
 * Delta bytes versus full-snapshot bytes: a synthetic org (200 queues,
 * 1,000 agents by default) where about 10 % of queues and agents change per
 * tick, built by the real snapshot builder and encoded by the real frame
 * builders, as a subscriber with every queue (and, separately, with the
 * agent board) would receive them; then the KV bytes the snapshot store
 * writes and a follower reads per version, without and with a "today"
 * refresh of a third of the queues; last, what a `trend` subscription adds
 * to snapshot and delta frames (`_trend_bytes.ts`). Prints markdown rows.
 *
 * ```sh
 * deno run bench/bytes.ts --queues 200 --agents 1000 --churn 0.1 --ticks 30 --rules default,static
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  type AlertRule,
  buildSnapshot,
  DEFAULT_ALERT_RULES,
  diffSnapshots,
  type SnapshotData,
  viewDelta,
  viewOf,
} from "../src/snapshot/mod.ts";
import { deltaMessage, snapshotMessage } from "../src/realtime/mod.ts";
import { jsonBytes } from "./_frame.ts";
import { measureStore } from "./_store_bytes.ts";
import { measureTrend } from "./_trend_bytes.ts";
import { asSnapshot, createOrg, pollInput, tick } from "./_synthetic.ts";
import { fmt, markdownHeader, markdownRow, median } from "./_stats.ts";

/** Options of {@linkcode measureBytes}. */
export interface BytesOptions {
  queues: number;
  agents: number;
  /** Fraction of queues and agents changed per tick (0..1). */
  churn: number;
  ticks: number;
  seed?: number;
  /**
   * Alert rules: `default` (the built-in set), `static` (the built-in set
   * without duration-valued metrics, whose values move every poll) or
   * `none`.
   */
  rules?: "default" | "static" | "none";
}

/** Median sizes over the ticks, for one kind of subscriber. */
export interface BytesResult {
  withAgents: boolean;
  snapshotBytes: number;
  deltaBytes: number;
  /** deltaBytes / snapshotBytes. */
  ratio: number;
  /** Median changed queues / agents per tick (measured, not asked). */
  changedQueues: number;
  changedAgents: number;
}

/**
 * Runs `ticks` ticks and measures the median snapshot and delta frame
 * sizes, without and with the agent board.
 *
 * @example
 * ```ts
 * const [queuesOnly] = measureBytes({ queues: 200, agents: 1000, churn: 0.1, ticks: 10 });
 * queuesOnly.ratio; // ≈ 0.1
 * ```
 */
export function measureBytes(options: BytesOptions): BytesResult[] {
  if (!(options.churn >= 0 && options.churn <= 1)) {
    throw new RangeError(
      `Cannot measure bytes: churn "${options.churn}" is not in [0, 1]`,
    );
  }
  const org = createOrg({
    queues: options.queues,
    agents: options.agents,
    seed: options.seed,
  });
  const rules = rulesOf(options.rules ?? "default");
  // As the poller does, each build sees the previous poll's data (alerts on
  // time metrics keep their values while nothing real changes).
  const build = (previous: SnapshotData | null) =>
    buildSnapshot(pollInput(org), {
      source: "simulator",
      fetchedAt: org.now,
      rules,
      previous,
    });
  let prev = asSnapshot(build(null), 1);
  const sizes = [false, true].map(() => ({
    snap: [] as number[],
    delta: [] as number[],
  }));
  const changedQ: number[] = [];
  const changedA: number[] = [];
  for (let t = 0; t < options.ticks; t++) {
    tick(org, options.churn);
    const next = asSnapshot(build(prev), prev.version + 1);
    const changes = diffSnapshots(prev, next);
    changedQ.push(changes.queues.size);
    changedA.push(changes.agents.size);
    [false, true].forEach((agents, i) => {
      const before = viewOf(prev, null, agents);
      const after = viewOf(next, null, agents);
      sizes[i].snap.push(jsonBytes(snapshotMessage(next, after, false)));
      sizes[i].delta.push(
        jsonBytes(
          deltaMessage(
            next,
            prev.version,
            viewDelta(before, after, changes),
            false,
          ),
        ),
      );
    });
    prev = next;
  }
  return [false, true].map((withAgents, i) => {
    const snapshotBytes = median(sizes[i].snap) ?? 0;
    const deltaBytes = median(sizes[i].delta) ?? 0;
    return {
      withAgents,
      snapshotBytes,
      deltaBytes,
      ratio: snapshotBytes ? deltaBytes / snapshotBytes : 0,
      changedQueues: median(changedQ) ?? 0,
      changedAgents: median(changedA) ?? 0,
    };
  });
}

/** Metrics whose value is a duration that grows between polls. */
const TICKING_METRICS = new Set(["oldestWaitingMs"]);

function rulesOf(kind: "default" | "static" | "none"): AlertRule[] {
  if (kind === "none") return [];
  const all = [...DEFAULT_ALERT_RULES];
  return kind === "static"
    ? all.filter((r) => !TICKING_METRICS.has(r.metric))
    : all;
}

/** The markdown header matching the rows `bytes.ts` prints. */
export const BYTES_HEADER: string = markdownHeader([
  "queues",
  "agents",
  "churn asked",
  "alert rules",
  "changed per tick (queues / agents)",
  "subscriber",
  "full snapshot B",
  "delta B",
  "delta / snapshot",
]);

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      queues: { type: "string", default: "200" },
      agents: { type: "string", default: "1000" },
      churn: { type: "string", default: "0.1" },
      ticks: { type: "string", default: "30" },
      seed: { type: "string", default: "42" },
      rules: { type: "string", default: "default,static" },
    },
  });
  const num = (name: string, text: string, min: number, max: number) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new RangeError(
        `Cannot parse --${name}: "${text}" is not a number in [${min}, ${max}]`,
      );
    }
    return n;
  };
  let options: BytesOptions;
  const kinds = values.rules.split(",").map((k) => k.trim());
  try {
    for (const k of kinds) {
      if (k !== "default" && k !== "static" && k !== "none") {
        throw new RangeError(
          `Cannot parse --rules: "${k}" is not "default", "static" or "none"`,
        );
      }
    }
    options = {
      queues: Math.round(num("queues", values.queues, 1, 20_000)),
      agents: Math.round(num("agents", values.agents, 0, 200_000)),
      churn: num("churn", values.churn, 0, 1),
      ticks: Math.round(num("ticks", values.ticks, 1, 10_000)),
      seed: Math.round(num("seed", values.seed, 0, 2 ** 31)),
    };
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  console.log(BYTES_HEADER);
  for (const rules of kinds as ("default" | "static" | "none")[]) {
    for (const r of measureBytes({ ...options, rules })) {
      console.log(markdownRow([
        options.queues,
        options.agents,
        `${fmt(options.churn * 100, 0)} %`,
        rules,
        `${r.changedQueues} / ${r.changedAgents}`,
        r.withAgents ? "all queues + agents" : "all queues",
        fmt(r.snapshotBytes, 0),
        fmt(r.deltaBytes, 0),
        `${fmt(r.ratio * 100, 1)} %`,
      ]));
    }
  }
  console.log();
  console.log(STORE_HEADER);
  for (const refresh of [0, 1 / 3]) {
    const r = await measureStore({ ...options, refresh });
    const ratio = (n: number, d: number) => `${fmt(n / d, 2)}×`;
    console.log(markdownRow([
      options.queues,
      options.agents,
      `${fmt(options.churn * 100, 0)} %`,
      `${fmt(refresh * 100, 0)} %`,
      `${r.changedQueues} / ${r.changedAgents}`,
      `${fmt(r.frameQueues, 0)} / ${fmt(r.frameAgents, 0)}`,
      fmt(r.written, 0),
      `${ratio(r.written, r.frameQueues)} / ${ratio(r.written, r.frameAgents)}`,
      fmt(r.read, 0),
      `${ratio(r.read, r.frameQueues)} / ${ratio(r.read, r.frameAgents)}`,
      r.commits,
    ]));
  }
  console.log();
  console.log(TREND_HEADER);
  const rows = measureTrend({ ...options, refresh: 1 / 3 });
  for (const r of rows) {
    const without = rows.find((o) =>
      o.subscriber === r.subscriber && !o.trend
    )!;
    const added = (n: number, base: number) =>
      r.trend ? `+${fmt(n - base, 0)}` : "–";
    console.log(markdownRow([
      options.queues,
      options.agents,
      r.trend ? `${r.subscriber} + trend` : r.subscriber,
      fmt(r.snapshotBytes, 0),
      fmt(r.liveDelta, 0),
      added(r.liveDelta, without.liveDelta),
      fmt(r.refreshDelta, 0),
      added(r.refreshDelta, without.refreshDelta),
      r.trend ? r.refreshIntervals : "–",
    ]));
  }
  return 0;
}

/** The markdown header matching the trend rows `bytes.ts` prints. */
export const TREND_HEADER: string = markdownHeader([
  "queues",
  "agents",
  "subscriber",
  "snapshot B",
  "delta B (live only)",
  "trend adds",
  "delta B (refresh of 1/3)",
  "trend adds",
  "intervals in the refresh delta",
]);

/** The markdown header matching the store rows `bytes.ts` prints. */
export const STORE_HEADER: string = markdownHeader([
  "queues",
  "agents",
  "churn",
  "today refreshed",
  "changed (queues / agents)",
  "delta frame B (all queues / + agents)",
  "KV written B",
  "written / frame",
  "KV read B (follower)",
  "read / frame",
  "commits",
]);

if (import.meta.main) Deno.exit(await main());
