import { deepEqual, equal, ok } from "node:assert/strict";
import {
  createSnapshotStore,
  type SnapshotData,
} from "../../src/snapshot/mod.ts";
import { agentState, FakeClock, queueState } from "../_support/mod.ts";
import { snapshotData } from "./_fixtures.ts";
import {
  afterEachCommit,
  bigData,
  entitiesOf,
  lease,
  listEntries,
} from "./_store_helpers.ts";

/** How one version was written, as readers saw it between atomic commits. */
interface Written {
  commits: number;
  /** A delta part was seen beyond the head (written ahead). */
  ahead: boolean;
  /** `base` was seen below the head (entity keys written behind). */
  behind: boolean;
}

/**
 * Commits `versions` in turn through a KV handle that, after every atomic
 * commit, has a fresh reader (entity keys + log) and a follower (log only)
 * read the store: each must hold exactly one committed version.
 */
async function commitAll(versions: SnapshotData[]): Promise<Written[]> {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const expected = new Map<number, SnapshotData>();
  const follower = createSnapshotStore({ kv, clock, broadcast: false });
  let written: Written = { commits: 0, ahead: false, behind: false };
  const hooked = afterEachCommit(kv, async () => {
    written.commits++;
    const [head, base] = await kv.getMany<[{ version: number }, number]>([
      ["qp", "head"],
      ["qp", "base"],
    ]);
    const top = head.value?.version ?? 0;
    if ((base.value ?? 0) < top) written.behind = true;
    const beyond = await listEntries(kv, ["qp", "log", top + 1]);
    if (beyond.length > 0) written.ahead = true;
    const readers = [
      await createSnapshotStore({ kv, clock }).latest(),
      await follower.latest(),
    ];
    for (const read of readers) {
      if (read === null) continue;
      const want = expected.get(read.version);
      ok(want, `a reader saw version ${read.version}, never committed`);
      deepEqual(entitiesOf(read), entitiesOf(want));
    }
  });
  const store = createSnapshotStore({ kv: hooked, clock, broadcast: false });
  const fence = await lease(kv);
  const out = [];
  for (const [i, data] of versions.entries()) {
    expected.set(i + 1, data);
    written = { commits: 0, ahead: false, behind: false };
    ok(await store.commit(data, fence));
    out.push(written);
  }
  const last = await createSnapshotStore({ kv, clock }).latest();
  deepEqual(entitiesOf(last!), entitiesOf(versions.at(-1)!));
  return out;
}

Deno.test("an entity over 64 KiB is stored in parts, and shrinks back to one", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const store = createSnapshotStore({ kv, clock });
  const fence = await lease(kv);
  const queueIds = Array.from(
    { length: 3000 },
    (_, i) => `queue-${i}-${"x".repeat(40)}`,
  );
  const wide = snapshotData([queueState("q-1")], [agentState("u-1", queueIds)]);
  await store.commit(wide, fence);
  const parts = (await listEntries(kv, ["qp", "e", "agents"])).map((e) =>
    e.key.slice(3)
  );
  deepEqual(parts, [["u-1"], ["u-1", 1], ["u-1", 2]]);
  deepEqual(
    entitiesOf((await createSnapshotStore({ kv, clock }).latest())!),
    entitiesOf(wide),
  );
  const narrow = snapshotData([queueState("q-1")], [
    agentState("u-1", ["q-1"]),
  ]);
  await store.commit(narrow, fence);
  const left = (await listEntries(kv, ["qp", "e", "agents"])).map((e) =>
    e.key.slice(3)
  );
  deepEqual(left, [["u-1"]]);
  deepEqual(
    entitiesOf((await createSnapshotStore({ kv, clock }).latest())!),
    entitiesOf(narrow),
  );
});

Deno.test("a delta over 64 KiB is logged in parts", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  await store.commit(
    bigData({ queues: 300, agents: 3000, nameChars: 40 }),
    await lease(kv),
  );
  const parts = (await listEntries(kv, ["qp", "log", 1])).length;
  ok(parts > 1, `expected several parts, got ${parts}`);
});

Deno.test("a version over the atomic size limit is staged, readers stay consistent", async () => {
  const names = (n: number) =>
    bigData({ queues: 400, agents: 10, seed: n, idChars: 0 });
  const data = [names(1), names(2)];
  for (const d of data) {
    for (const q of Object.values(d.queues)) {
      q.name = q.name.padEnd(2500, q.name);
    }
  }
  const [, second] = await commitAll(data);
  deepEqual([second.behind, second.ahead], [true, false]);
});

Deno.test("a version over the mutation limit is staged, readers stay consistent", async () => {
  const agents = (status: "IDLE" | "INTERACTING") =>
    snapshotData(
      [queueState("q-1")],
      Array.from({ length: 1200 }, (_, i) =>
        agentState(`u-${i}`, ["q-1"], { routingStatus: status })),
    );
  const written = await commitAll([
    agents("IDLE"),
    agents("INTERACTING"),
    agents("IDLE"),
  ]);
  deepEqual(written.map((w) => w.behind), [true, true, true]);
});

Deno.test("a version over the key size limit is staged, readers stay consistent", async () => {
  const long = (seed: number) =>
    bigData({ queues: 100, agents: 0, seed, idChars: 1000 });
  const [, second] = await commitAll([long(1), long(2)]);
  deepEqual([second.behind, second.ahead], [true, false]);
});

Deno.test("a delta over the atomic size limit is written ahead of the head", async () => {
  const huge = (seed: number) =>
    bigData({ queues: 20, agents: 1500, seed, nameChars: 1000 });
  const [first, second] = await commitAll([huge(1), huge(2)]);
  deepEqual([first.ahead, second.ahead], [true, true]);
});

Deno.test("a small version is one atomic commit with three checks", async () => {
  using kv = await Deno.openKv(":memory:");
  const checks: number[] = [];
  const counting = new Proxy(kv, {
    get(target, prop) {
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const check = op.check.bind(op);
          let n = 0;
          op.check = (...c) => {
            n += c.length;
            return check(...c);
          };
          const commit = op.commit.bind(op);
          op.commit = () => {
            checks.push(n);
            return commit();
          };
          return op;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const store = createSnapshotStore({ kv: counting, clock: new FakeClock() });
  const fence = await lease(kv);
  await store.commit(bigData({ queues: 100, agents: 500 }), fence);
  await store.commit(bigData({ queues: 100, agents: 500, seed: 9 }), fence);
  deepEqual(checks, [3, 3]);
  equal((await kv.get(["qp", "base"])).value, 2);
});
