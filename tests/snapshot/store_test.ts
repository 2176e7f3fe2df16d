import {
  deepEqual,
  equal,
  notEqual,
  notStrictEqual,
  ok,
  strictEqual,
  throws,
} from "node:assert/strict";
import {
  createSnapshotStore,
  type SnapshotData,
} from "../../src/snapshot/mod.ts";
import { agentState, FakeClock, queueState } from "../_support/mod.ts";
import { snapshotData } from "./_fixtures.ts";
import {
  bigData,
  lease,
  listEntries,
  logVersions,
  small,
  withKvFile,
} from "./_store_helpers.ts";

const MAX_VALUE = 64 * 1024;

Deno.test("latest() is null on an empty KV", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  equal(await store.latest(), null);
});

Deno.test("a snapshot of 2,000 queues and 5,000 agents round-trips", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const store = createSnapshotStore({ kv, clock });
  const data = bigData({ queues: 2000, agents: 5000 });
  const committed = await store.commit(data, await lease(kv));
  ok(committed);
  equal(committed.version, 1);
  equal(committed.committedAt, "2026-11-27T10:00:00.000Z");
  const { epoch: _e, version: _v, committedAt: _c, ...rest } = committed;
  deepEqual(rest, data);
  // Another isolate's store loads it from the entity keys.
  const read = await createSnapshotStore({ kv, clock }).latest();
  notStrictEqual(read, committed);
  deepEqual(read, committed);
  // The committing store hands its own snapshot out without reading it.
  strictEqual(await store.latest(), committed);
  // One key per entity, each value within KV's 64 KiB.
  const counts: Record<string, number> = {};
  for (const e of await listEntries(kv, ["qp", "e"])) {
    const kind = e.key[2] as string;
    counts[kind] = (counts[kind] ?? 0) + 1;
    ok(e.value instanceof Uint8Array && e.value.length <= MAX_VALUE);
  }
  deepEqual(counts, { agents: 5000, queues: 2000, sums: 2000 });
  deepEqual(await logVersions(kv), [1]);
  deepEqual((await kv.get(["qp", "head"])).value, {
    epoch: committed.epoch,
    version: 1,
    committedAt: "2026-11-27T10:00:00.000Z",
    meta: { fetchedAt: data.fetchedAt, source: "simulator" },
  });
  equal((await kv.get(["qp", "base"])).value, 1);
});

Deno.test("a commit writes only the changed entities and one delta", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const fence = await lease(kv);
  const queues = ["q-1", "q-2", "q-3"].map((id) => queueState(id));
  const agents = [agentState("u-1", ["q-1"]), agentState("u-2", ["q-2"])];
  await store.commit(snapshotData(queues, agents), fence);
  const before = new Map(
    (await listEntries(kv, ["qp", "e"])).map((e) => [
      JSON.stringify(e.key),
      e.versionstamp,
    ]),
  );
  const next = snapshotData(
    [queues[0], queueState("q-2", { waiting: 4 }), queues[2]],
    [agents[0]],
  );
  const second = await store.commit(next, fence);
  const after = await listEntries(kv, ["qp", "e"]);
  const rewritten = after
    .filter((e) => before.get(JSON.stringify(e.key)) !== e.versionstamp)
    .map((e) => e.key.slice(2));
  deepEqual(rewritten, [["queues", "q-2"]]);
  equal(after.length, before.size - 1); // u-2 was deleted
  deepEqual(await logVersions(kv), [1, 2]);
  deepEqual(
    await store.changesSince(second!.epoch, 1, 2),
    {
      queues: new Set(["q-2"]),
      agents: new Set(["u-2"]),
      sums: new Set(),
      trend: new Set(),
      trendSums: new Set(),
    },
  );
});

Deno.test("versions increase by one and the epoch is created once", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const store = createSnapshotStore({
    kv,
    clock,
    randomId: () => "epoch-1",
  });
  const fence = await lease(kv);
  const versions = [];
  for (let i = 0; i < 3; i++) {
    const s = await store.commit(small(i), fence);
    versions.push([s!.epoch, s!.version, s!.committedAt]);
    await clock.tickAsync(1000);
  }
  deepEqual(versions, [
    ["epoch-1", 1, "2026-11-27T10:00:00.000Z"],
    ["epoch-1", 2, "2026-11-27T10:00:01.000Z"],
    ["epoch-1", 3, "2026-11-27T10:00:02.000Z"],
  ]);
  equal((await kv.get(["qp", "epoch"])).value, "epoch-1");
  deepEqual((await kv.get(["qp", "head"])).value, {
    epoch: "epoch-1",
    version: 3,
    committedAt: "2026-11-27T10:00:02.000Z",
    meta: { fetchedAt: "2026-11-27T10:00:00.000Z", source: "simulator" },
  });
});

Deno.test("a restarted store continues the version and keeps the epoch", async () => {
  await withKvFile(async (path) => {
    const clock = new FakeClock();
    let kv = await Deno.openKv(path);
    let store = createSnapshotStore({ kv, clock });
    const first = await store.commit(small(1), await lease(kv));
    kv.close();
    kv = await Deno.openKv(path);
    try {
      store = createSnapshotStore({ kv, clock, randomId: () => "other" });
      deepEqual(await store.latest(), first);
      const second = await store.commit(small(2), await lease(kv, "b"));
      equal(second!.version, 2);
      equal(second!.epoch, first!.epoch);
      notEqual(first!.epoch, "other");
    } finally {
      kv.close();
    }
  });
});

Deno.test("a commit with a stale fence returns null and writes nothing", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const fence = await lease(kv, "a");
  const first = await store.commit(small(1), fence);
  ok(first);
  await lease(kv, "b"); // another poller took the lease over
  const dump = async () =>
    (await listEntries(kv)).map((e) => [e.key, e.versionstamp]);
  const before = await dump();
  equal(await store.commit(small(2), fence), null);
  const big = bigData({ queues: 200, agents: 4000, nameChars: 250 });
  equal(await store.commit(big, fence), null);
  deepEqual(await dump(), before);
  deepEqual(await store.latest(), first);
});

Deno.test("a fresh KV with a stale fence gets no epoch either", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const fence = await lease(kv, "a");
  await lease(kv, "b");
  equal(await store.commit(small(1), fence), null);
  deepEqual(await listEntries(kv), []);
});

Deno.test("the log keeps the last keepVersions versions", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({
    kv,
    clock: new FakeClock(),
    keepVersions: 2,
  });
  const fence = await lease(kv);
  for (let i = 1; i <= 5; i++) await store.commit(small(i), fence);
  deepEqual(await logVersions(kv), [4, 5]);
  const fresh = createSnapshotStore({ kv, clock: new FakeClock() });
  equal((await fresh.latest())!.version, 5);
  const epoch = (await fresh.latest())!.epoch;
  deepEqual(await fresh.changesSince(epoch, 3, 5), {
    queues: new Set(["q-1"]),
    agents: new Set(),
    sums: new Set(),
    trend: new Set(),
    trendSums: new Set(),
  });
  equal(await fresh.changesSince(epoch, 2, 5), null);
  equal(await fresh.changesSince("another-epoch", 4, 5), null);
});

Deno.test("createSnapshotStore() refuses bad options", () => {
  throws(
    () =>
      createSnapshotStore({
        kv: {} as Deno.Kv,
        clock: new FakeClock(),
        keepVersions: 0,
      }),
    new RangeError(
      'Cannot create snapshot store: invalid "keepVersions" 0: expected a positive integer',
    ),
  );
});

Deno.test("an entity too big for one KV commit is refused with nothing written", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const fence = await lease(kv);
  const first = await store.commit(small(1), fence);
  const dump = await listEntries(kv);
  const huge: SnapshotData = small(2);
  huge.queues["q-1"] = { ...huge.queues["q-1"], name: "n".repeat(900_000) };
  let error: unknown = null;
  await store.commit(huge, fence).catch((e) => error = e);
  deepEqual(
    error,
    new RangeError(
      'Cannot commit snapshot: the queues entry "q-1" is 900497 bytes, more than one KV commit holds',
    ),
  );
  deepEqual(await listEntries(kv), dump);
  deepEqual(await store.latest(), first);
});
