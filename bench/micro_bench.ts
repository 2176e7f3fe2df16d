/**
 * Micro-benchmarks (`deno bench`) of the per-version work for 1,000 queues
 * and 5,000 agents with 10 % churn: snapshot build, build plus KV commit,
 * commit alone (`:memory:` and file KV), a follower applying a version from
 * the log, diff, view delta, KPI totals and frame encoding, and the trend's
 * view, delta and snapshot frame.
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
  /** Two polls 10 % apart, built in turn by the commit benches. */
  inputs: [PollInput, PollInput];
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
  const build = (input: PollInput): SnapshotData =>
    buildSnapshot(input, {
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
  const first = pollInput(org);
  const prev = stamp(build(first), 1);
  tick(org, CHURN);
  // Between two aggregate refreshes the poller hands in the same answer.
  const second = { ...pollInput(org), aggregates: first.aggregates };
  const next = stamp(build(second), 2);
  fixtures = {
    inputs: [first, second],
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
    const { inputs, fetchedAt } = fx();
    b.start();
    buildSnapshot(inputs[1], { source: "simulator", fetchedAt, rules });
    b.end();
  },
});

/**
 * A leader and a follower store on one KV, the lease, and which of the two
 * polls the leader committed last (each bench commits the other one).
 */
interface Stores {
  leader: SnapshotStore;
  follower: SnapshotStore;
  fence: Fence;
  turn: 0 | 1;
  previous: SnapshotData | null;
}

/** Flips to the poll not committed last. */
function flip(s: Stores): 0 | 1 {
  return s.turn = s.turn === 0 ? 1 : 0;
}

const stores = new Map<string, Stores>();

/** The stores of `path` (`:memory:` or a file), committed once already. */
async function storesOf(path: string): Promise<Stores> {
  let found = stores.get(path);
  if (found === undefined) {
    const kv = await Deno.openKv(path);
    const key: Deno.KvKey = ["bench", "lease"];
    const { versionstamp } = await kv.set(key, "holder");
    const options = { kv, clock: systemClock(), broadcast: false };
    found = {
      leader: createSnapshotStore(options),
      follower: createSnapshotStore(options),
      fence: { key, versionstamp },
      turn: 0,
      previous: null,
    };
    assertCommitted(await found.leader.commit(fx().prev, found.fence));
    await found.follower.latest();
    stores.set(path, found);
  }
  return found;
}

let tempDir: string | null = null;

/** A SQLite file in a temporary directory (removed when the bench ends). */
async function fileKvPath(): Promise<string> {
  if (tempDir === null) {
    tempDir = await Deno.makeTempDir({ prefix: "qp-bench-" });
    const dir = tempDir;
    globalThis.addEventListener("unload", () => {
      Deno.removeSync(dir, { recursive: true });
    });
  }
  return `${tempDir}/kv.sqlite`;
}

function assertCommitted(committed: Snapshot | null): void {
  if (committed === null) {
    throw new Error("Cannot commit snapshot: the bench fence was lost");
  }
}

Deno.bench({
  name: "buildSnapshot + KV commit (:memory:, 10 % changed)",
  group,
  async fn(b) {
    const { inputs, fetchedAt } = fx();
    const s = await storesOf(":memory:");
    const input = inputs[flip(s)];
    b.start();
    const data = buildSnapshot(input, {
      source: "simulator",
      fetchedAt,
      rules,
      previous: s.previous,
    });
    const committed = await s.leader.commit(data, s.fence);
    b.end();
    s.previous = data;
    assertCommitted(committed);
  },
});

for (const kind of [":memory:", "file"] as const) {
  Deno.bench({
    name: `KV commit only (${kind}, 10 % changed)`,
    group,
    async fn(b) {
      const { prev, next } = fx();
      const s = await storesOf(kind === "file" ? await fileKvPath() : kind);
      const data = flip(s) === 0 ? prev : next;
      b.start();
      const committed = await s.leader.commit(data, s.fence);
      b.end();
      assertCommitted(committed);
    },
  });
}

Deno.bench({
  name: "follower applies one version from the KV log (:memory:)",
  group,
  async fn(b) {
    const { prev, next } = fx();
    const s = await storesOf(":memory:");
    const data = flip(s) === 0 ? prev : next;
    assertCommitted(await s.leader.commit(data, s.fence));
    b.start();
    await s.follower.latest();
    b.end();
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

Deno.bench({
  name: "viewOf with trend (all queues, 20 intervals each)",
  group,
  fn() {
    const { next } = fx();
    viewOf(next, null, false, true);
  },
});

Deno.bench({
  name: "viewDelta (all queues + trend, no interval changed)",
  group,
  fn(b) {
    const { prev, next } = fx();
    const changes = diffSnapshots(prev, next);
    const before = viewOf(prev, null, false, true);
    const after = viewOf(next, null, false, true);
    b.start();
    viewDelta(before, after, changes);
    b.end();
  },
});

Deno.bench({
  name: "encode snapshot frame (all queues + trend)",
  group,
  fn(b) {
    const { next } = fx();
    const view = viewOf(next, null, false, true);
    b.start();
    JSON.stringify(snapshotMessage(next, view, false));
    b.end();
  },
});
