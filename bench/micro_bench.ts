/**
 * Micro-benchmarks (`deno bench`) of the per-version work for 1,000 queues
 * and 5,000 agents with 10 % churn: snapshot build, build plus KV commit
 * (`:memory:` KV), diff, view delta, KPI totals and frame encoding.
 *
 * ```sh
 * deno bench --allow-env --allow-read --allow-write bench/micro_bench.ts
 * ```
 *
 * @module
 */

import {
  buildSnapshot,
  computeTotals,
  createSnapshotStore,
  DEFAULT_ALERT_RULES,
  diffSnapshots,
  type Fence,
  type Snapshot,
  type SnapshotData,
  type SnapshotStore,
  viewDelta,
  viewOf,
} from "../src/snapshot/mod.ts";
import { deltaMessage, snapshotMessage } from "../src/realtime/mod.ts";
import { systemClock } from "../src/clock.ts";
import { createOrg, pollInput, tick } from "./_synthetic.ts";
import type { PollInput } from "../src/snapshot/mod.ts";

const QUEUES = 1_000;
const AGENTS = 5_000;
const CHURN = 0.1;

interface Fixtures {
  input: PollInput;
  fetchedAt: number;
  prev: Snapshot;
  next: Snapshot;
  ids: string[];
}

let fixtures: Fixtures | null = null;

/** Builds the inputs once (lazily, on the first bench that needs them). */
function fx(): Fixtures {
  if (fixtures) return fixtures;
  const org = createOrg({ queues: QUEUES, agents: AGENTS, seed: 7 });
  const build = (): SnapshotData =>
    buildSnapshot(pollInput(org), {
      source: "simulator",
      fetchedAt: org.now,
      rules: [...DEFAULT_ALERT_RULES],
    });
  const stamp = (data: SnapshotData, version: number): Snapshot => ({
    ...data,
    epoch: "0d6a4c1e-7b43-4c3e-9a3a-2f1b5c6d7e8f",
    version,
    committedAt: data.fetchedAt,
  });
  const prev = stamp(build(), 1);
  tick(org, CHURN);
  const next = stamp(build(), 2);
  fixtures = {
    input: pollInput(org),
    fetchedAt: org.now,
    prev,
    next,
    ids: Object.keys(next.queues),
  };
  return fixtures;
}

const rules = [...DEFAULT_ALERT_RULES];
const group = "1,000 queues / 5,000 agents";

Deno.bench({
  name: "buildSnapshot",
  group,
  baseline: true,
  fn(b) {
    const { input, fetchedAt } = fx();
    b.start();
    buildSnapshot(input, { source: "simulator", fetchedAt, rules });
    b.end();
  },
});

let kvStore: { kv: Deno.Kv; store: SnapshotStore; fence: Fence } | null = null;

/** One `:memory:` KV store with a lease entry to fence commits with. */
async function memoryStore() {
  if (kvStore === null) {
    const kv = await Deno.openKv(":memory:");
    const key: Deno.KvKey = ["bench", "lease"];
    const { versionstamp } = await kv.set(key, "holder");
    kvStore = {
      kv,
      store: createSnapshotStore({ kv, clock: systemClock() }),
      fence: { key, versionstamp },
    };
  }
  return kvStore;
}

function assertCommitted(committed: Snapshot | null): void {
  if (committed === null) {
    throw new Error("Cannot commit snapshot: the bench fence was lost");
  }
}

Deno.bench({
  name: "buildSnapshot + KV commit (:memory:)",
  group,
  async fn(b) {
    const { input, fetchedAt } = fx();
    const { store, fence } = await memoryStore();
    b.start();
    const data = buildSnapshot(input, {
      source: "simulator",
      fetchedAt,
      rules,
    });
    const committed = await store.commit(data, fence);
    b.end();
    assertCommitted(committed);
  },
});

Deno.bench({
  name: "KV commit only (:memory:, gzip chunks included)",
  group,
  async fn(b) {
    const { next } = fx();
    const { store, fence } = await memoryStore();
    b.start();
    const committed = await store.commit(next, fence);
    b.end();
    assertCommitted(committed);
  },
});

Deno.bench({
  name: "diffSnapshots (fresh entities, 10 % changed)",
  group,
  fn(b) {
    const { prev, next } = fx();
    // Fresh entity objects, as every poll builds them (no cached JSON).
    const fresh = structuredClone(next);
    b.start();
    diffSnapshots(prev, fresh);
    b.end();
  },
});

Deno.bench({
  name: "viewDelta (all queues + agents)",
  group,
  fn(b) {
    const { prev, next } = fx();
    const changes = diffSnapshots(prev, next);
    const before = viewOf(prev, null, true);
    const after = viewOf(next, null, true);
    b.start();
    viewDelta(before, after, changes);
    b.end();
  },
});

Deno.bench({
  name: "computeTotals (KPIs over 1,000 queues)",
  group,
  fn() {
    const { next, ids } = fx();
    computeTotals(next, ids);
  },
});

Deno.bench({
  name: "encode delta frame (all queues, 10 % changed)",
  group,
  fn(b) {
    const { prev, next } = fx();
    const delta = viewDelta(
      viewOf(prev, null, false),
      viewOf(next, null, false),
      diffSnapshots(prev, next),
    );
    b.start();
    JSON.stringify(deltaMessage(next, prev.version, delta, false));
    b.end();
  },
});

Deno.bench({
  name: "encode snapshot frame (all queues)",
  group,
  fn(b) {
    const { next } = fx();
    const view = viewOf(next, null, false);
    b.start();
    JSON.stringify(snapshotMessage(next, view, false));
    b.end();
  },
});
