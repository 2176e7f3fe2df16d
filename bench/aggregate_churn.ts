/**
 * How many queues' "today" figures change between two aggregate refreshes:
 * the in-process simulator (200 queues, 1,000 agents by default) on fake
 * time, queried through the real Genesys client every `--every` seconds.
 *
 *   deno run bench/aggregate_churn.ts [--queues 200] [--agents 1000] [--every 30] [--refreshes 4]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createGenesysClient } from "../src/genesys/mod.ts";
import { todayInterval } from "../src/poller/mod.ts";
import { createSimulator } from "../src/simulator/mod.ts";
import type { Clock } from "../src/clock.ts";

/** A clock that only moves when told to. */
function manualClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: () => Promise.resolve(),
    advance(ms) {
      now += ms;
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      queues: { type: "string", default: "200" },
      agents: { type: "string", default: "1000" },
      every: { type: "string", default: "30" },
      refreshes: { type: "string", default: "4" },
      start: { type: "string", default: "2026-11-27T14:00:00.000Z" },
    },
  });
  const clock = manualClock(Date.parse(values.start));
  const sim = createSimulator({
    clock,
    queues: Number(values.queues),
    agents: Number(values.agents),
    rateLimitPerMinute: 1_000_000,
  });
  const api = createGenesysClient({
    apiUrl: "http://simulator",
    loginUrl: "http://simulator",
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: sim.fetch,
    clock,
  });
  const ids = sim.queueIds();
  async function figures(): Promise<Map<string, string>> {
    const answer = await api.todayAggregates(
      ids,
      todayInterval(clock.now(), "UTC"),
      "UTC",
    );
    const byQueue = new Map<string, string>();
    for (const group of answer.results ?? []) {
      const id = group.group.queueId ?? "";
      const metrics = JSON.stringify(group.data.map((d) => d.metrics));
      byQueue.set(id, (byQueue.get(id) ?? "") + metrics);
    }
    return byQueue;
  }
  console.log("| refresh | after s | queues with new today figures |");
  console.log("|---|---|---|");
  let before = await figures();
  for (let i = 1; i <= Number(values.refreshes); i++) {
    clock.advance(Number(values.every) * 1000);
    const after = await figures();
    const changed = ids.filter((id) => before.get(id) !== after.get(id));
    console.log(
      `| ${i} | ${values.every} | ${changed.length} / ${ids.length} |`,
    );
    before = after;
  }
}

if (import.meta.main) await main();
