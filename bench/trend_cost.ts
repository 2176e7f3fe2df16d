/**
 * What the trend costs per version in CPU: the same synthetic org polled
 * with "today" in 30-minute buckets (the trend) and in one bucket per queue
 * (a query without `granularity`), in one run. Each tick moves 10 % of the
 * live state and refreshes one batch of 100 queues (a new answer for them,
 * the others' answers handed in as the same objects, as the poller's
 * staggered batches are); the real builder, a leader store committing to a
 * `:memory:` KV and a follower store applying the version from the log are
 * timed, medians of the ticks after a warm-up. The two are run in turn
 * `--rounds` times (this machine's load swings by 2× within minutes), and
 * each row is the median over its rounds. Prints markdown rows.
 *
 * ```sh
 * deno run bench/trend_cost.ts --queues 1000 --agents 5000 --at 23:59 --ticks 40 --rounds 3
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { systemClock } from "../src/clock.ts";
import type { AggregateDataContainer } from "../src/genesys/types.ts";
import {
  buildSnapshot,
  createSnapshotStore,
  DEFAULT_ALERT_RULES,
  type SnapshotData,
} from "../src/snapshot/mod.ts";
import { fmt, markdownHeader, markdownRow, median } from "./_stats.ts";
import { aggregateGroup, createOrg, pollInput, tick } from "./_synthetic.ts";

/** Options of {@linkcode measureCost}. */
export interface CostOptions {
  queues: number;
  agents: number;
  /** Time of day (UTC) of the org, `HH:MM`: how many intervals today has. */
  at: string;
  ticks: number;
  /** Whether "today" comes in 30-minute buckets. */
  buckets: boolean;
}

/** Median milliseconds per version. */
export interface CostResult {
  build: number;
  commit: number;
  follower: number;
}

const BATCH = 100;
const WARMUP = 5;

/** Polls the org `ticks` times through the real builder and stores. */
export async function measureCost(options: CostOptions): Promise<CostResult> {
  const org = createOrg({
    queues: options.queues,
    agents: options.agents,
    seed: 7,
    now: Date.parse(`2026-11-27T${options.at}:00.000Z`),
  });
  const rules = [...DEFAULT_ALERT_RULES];
  using kv = await Deno.openKv(":memory:");
  const clock = systemClock();
  const leader = createSnapshotStore({ kv, clock, broadcast: false });
  const follower = createSnapshotStore({ kv, clock, broadcast: false });
  const { versionstamp } = await kv.set(["lease"], "bench");
  const fence = { key: ["lease"], versionstamp };
  const groups: AggregateDataContainer[] = org.queues.map((q) =>
    aggregateGroup(org, q, options.buckets)
  );
  const times = { build: [] as number[], commit: [], follower: [] } as Record<
    keyof CostResult,
    number[]
  >;
  let previous: SnapshotData | null = null;
  for (let t = 0; t < options.ticks; t++) {
    tick(org, 0.1);
    const first = (t * BATCH) % org.queues.length;
    for (let i = first; i < Math.min(first + BATCH, org.queues.length); i++) {
      const q = org.queues[i];
      q.intervals[q.intervals.length - 1].offered++;
      groups[i] = aggregateGroup(org, q, options.buckets);
    }
    const input = pollInput(org, groups);
    const at = performance.now();
    const data = buildSnapshot(input, {
      source: "simulator",
      fetchedAt: org.now,
      rules,
      previous,
    });
    const built = performance.now();
    const committed = await leader.commit(data, fence);
    const stored = performance.now();
    await follower.latest();
    const applied = performance.now();
    if (committed === null) throw new Error("Cannot commit: fence lost");
    previous = data;
    if (t < WARMUP) continue;
    times.build.push(built - at);
    times.commit.push(stored - built);
    times.follower.push(applied - stored);
  }
  return {
    build: median(times.build) ?? 0,
    commit: median(times.commit) ?? 0,
    follower: median(times.follower) ?? 0,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      queues: { type: "string", default: "1000" },
      agents: { type: "string", default: "5000" },
      at: { type: "string", default: "23:59" },
      ticks: { type: "string", default: "40" },
      rounds: { type: "string", default: "3" },
    },
  });
  const queues = Number(values.queues);
  const agents = Number(values.agents);
  const ticks = Number(values.ticks);
  const rounds = Number(values.rounds);
  const counts = [queues, agents, ticks, rounds];
  if (!counts.every((n) => Number.isSafeInteger(n) && n > 0)) {
    console.error(
      "error: --queues, --agents, --ticks and --rounds must be positive integers",
    );
    return 2;
  }
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(values.at)) {
    console.error(`error: Cannot parse --at: "${values.at}" is not HH:MM`);
    return 2;
  }
  console.log(COST_HEADER);
  const runs: CostResult[][] = [[], []];
  for (let round = 0; round < rounds; round++) {
    // Each round in the other order, so that neither gains from going first.
    for (const buckets of round % 2 ? [true, false] : [false, true]) {
      const options = { queues, agents, at: values.at, ticks, buckets };
      runs[buckets ? 1 : 0].push(await measureCost(options));
    }
  }
  const [plain, trend] = runs.map((rs): CostResult => ({
    build: median(rs.map((r) => r.build))!,
    commit: median(rs.map((r) => r.commit))!,
    follower: median(rs.map((r) => r.follower))!,
  }));
  const rows: [CostResult, string][] = [
    [plain, "one bucket (no trend)"],
    [trend, "PT30M buckets (trend)"],
  ];
  for (const [r, label] of rows) {
    console.log(markdownRow([
      queues,
      agents,
      values.at,
      label,
      fmt(r.build),
      fmt(r.commit),
      fmt(r.follower),
    ]));
  }
  console.log(markdownRow([
    queues,
    agents,
    values.at,
    "trend / no trend",
    `${fmt(trend.build / plain.build, 2)}×`,
    `${fmt(trend.commit / plain.commit, 2)}×`,
    `${fmt(trend.follower / plain.follower, 2)}×`,
  ]));
  return 0;
}

/** The markdown header matching the rows `trend_cost.ts` prints. */
export const COST_HEADER: string = markdownHeader([
  "queues",
  "agents",
  "time (UTC)",
  "today answered as",
  "build ms",
  "leader commit ms",
  "follower apply ms",
]);

if (import.meta.main) Deno.exit(await main());
