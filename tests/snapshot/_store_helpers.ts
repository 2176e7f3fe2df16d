/**
 * Helpers of the snapshot store tests: lease fences, KV dumps, KV handles
 * whose commits or watch streams the test controls, and seeded snapshot
 * data of any size.
 *
 * @module
 */

import {
  ENTITY_KINDS,
  type Fence,
  type SnapshotData,
} from "../../src/snapshot/mod.ts";
import { agentState, queueState } from "../_support/mod.ts";
import { snapshotData } from "./_fixtures.ts";

/** Writes the lease entry and returns a fence on it. */
export async function lease(kv: Deno.Kv, owner = "poller-a"): Promise<Fence> {
  const res = await kv.set(["lease"], { owner });
  return { key: ["lease"], versionstamp: res.versionstamp };
}

/** Every entry under `prefix`, in key order. */
export async function listEntries(
  kv: Deno.Kv,
  prefix: Deno.KvKey = ["qp"],
): Promise<Deno.KvEntry<unknown>[]> {
  const out = [];
  for await (const e of kv.list({ prefix })) out.push(e);
  return out;
}

/** The versions the log holds, ascending. */
export async function logVersions(kv: Deno.Kv): Promise<number[]> {
  const versions = new Set<number>();
  for (const e of await listEntries(kv, ["qp", "log"])) {
    versions.add(e.key[2] as number);
  }
  return [...versions].sort((a, b) => a - b);
}

/** A deterministic pseudo-random source (tests only). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

/** Snapshot data of one queue and one agent. */
export function small(waiting: number): SnapshotData {
  return snapshotData([queueState("q-1", { waiting })], [
    agentState("u-1", ["q-1"]),
  ]);
}

/** Options of `bigData`. */
export interface BigOptions {
  queues: number;
  agents: number;
  /** Seed of the figures (ids do not depend on it). */
  seed?: number;
  /** Characters added to every agent name. */
  nameChars?: number;
  /** Characters added to every queue id (to make keys large). */
  idChars?: number;
}

/** Seeded snapshot data of `queues` queues and `agents` agents. */
export function bigData(options: BigOptions): SnapshotData {
  const next = lcg(options.seed ?? 42);
  const pad = "x".repeat(options.idChars ?? 0);
  const qs = [];
  for (let i = 0; i < options.queues; i++) {
    const id = `q-${String(i).padStart(5, "0")}${pad}`;
    const base = queueState(id);
    qs.push(queueState(id, {
      name: `Queue ${next().toString(36)}`,
      divisionId: `d-${next() % 7}`,
      waiting: next() % 20,
      oldestWaitingSince: new Date(1_790_000_000_000 + (next() % 1e7))
        .toISOString(),
      byMedia: {
        voice: { waiting: next() % 9, interacting: next() % 9, alerting: 1 },
        chat: { waiting: next() % 9, interacting: next() % 9, alerting: 0 },
      },
      agents: { ...base.agents, onQueue: next() % 40, idle: next() % 10 },
      today: { ...base.today, offered: next() % 1000, ahtMs: next() % 6e5 },
    }));
  }
  const ids = qs.map((q) => q.id);
  const as = [];
  for (let i = 0; i < options.agents; i++) {
    let name = `Agent ${next().toString(36)}`;
    for (let c = 0; c < (options.nameChars ?? 0); c++) {
      name += String.fromCharCode(65 + (next() % 26));
    }
    as.push(agentState(`u-${String(i).padStart(5, "0")}`, [
      ids[next() % ids.length],
    ], {
      name,
      routingStatus: next() % 2 ? "IDLE" : "INTERACTING",
    }));
  }
  const data = snapshotData(qs, as);
  for (const id of ids) {
    data.sums[id] = { ...data.sums[id], slNumerator: next() % 100 };
  }
  return data;
}

/** A KV handle that runs `after` once each atomic commit has landed. */
export function afterEachCommit(
  kv: Deno.Kv,
  after: (result: Deno.KvCommitResult | Deno.KvCommitError) => Promise<void>,
): Deno.Kv {
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = async () => {
            const result = await commit();
            await after(result);
            return result;
          };
          return op;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A KV handle whose watch streams emit once and then stall, or fail. */
export function stalledWatch(kv: Deno.Kv, mode: "stall" | "fail"): Deno.Kv {
  const watch = (keys: Deno.KvKey[]) =>
    new ReadableStream<Deno.KvEntryMaybe<unknown>[]>({
      async start(controller) {
        if (mode === "fail") {
          controller.error(new Error("Watch stream broke"));
          return;
        }
        controller.enqueue(await kv.getMany(keys));
      },
    });
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "watch") return watch;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Runs `work` with a temporary SQLite file path, removed afterwards. */
export async function withKvFile(
  work: (path: string) => Promise<void>,
): Promise<void> {
  const path = await Deno.makeTempFile({ suffix: ".sqlite" });
  try {
    await work(path);
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) {
      await Deno.remove(path + suffix).catch(() => {});
    }
  }
}

/** The entity maps of `data` (what every reader must agree on). */
export function entitiesOf(data: SnapshotData): Record<string, unknown> {
  return Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, data[kind]]));
}
