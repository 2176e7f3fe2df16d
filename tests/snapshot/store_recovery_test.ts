import { deepEqual, equal, notEqual, ok } from "node:assert/strict";
import {
  createSnapshotStore,
  type SnapshotUpdate,
} from "../../src/snapshot/mod.ts";
import { FakeClock, settle } from "../_support/mod.ts";
import {
  afterEachCommit,
  bigData,
  entitiesOf,
  lease,
  listEntries,
  logVersions,
  small,
  stalledWatch,
} from "./_store_helpers.ts";

Deno.test("a cold start loads the entity keys, without the log", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const store = createSnapshotStore({ kv, clock });
  const fence = await lease(kv);
  let last = null;
  for (let seed = 1; seed <= 3; seed++) {
    last = await store.commit(
      bigData({ queues: 50, agents: 200, seed }),
      fence,
    );
  }
  for (const e of await listEntries(kv, ["qp", "log"])) await kv.delete(e.key);
  deepEqual(await createSnapshotStore({ kv, clock }).latest(), last);
});

Deno.test("a follower behind the trimmed log reloads once, then follows the log", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const pollMs = 1000;
  const leader = createSnapshotStore({ kv, clock, keepVersions: 2 });
  const follower = createSnapshotStore({
    kv: stalledWatch(kv, "stall"),
    clock,
    pollMs,
    broadcast: false,
  });
  const fence = await lease(kv);
  const first = await leader.commit(small(1), fence);
  const ac = new AbortController();
  const it = follower.watch(ac.signal)[Symbol.asyncIterator]();
  deepEqual((await it.next()).value, { snapshot: first, changes: null });
  let last = null;
  for (let i = 2; i <= 6; i++) last = await leader.commit(small(i), fence);
  deepEqual(await logVersions(kv), [5, 6]);
  const reloaded = it.next();
  await clock.tickAsync(pollMs);
  deepEqual((await reloaded).value, { snapshot: last, changes: null });
  // Back within the log: the next version comes from it, with its changes.
  const seventh = await leader.commit(small(7), fence);
  const next = it.next();
  await clock.tickAsync(pollMs);
  const update = (await next).value as SnapshotUpdate;
  deepEqual(update.snapshot, seventh);
  deepEqual(update.changes?.queues, new Set(["q-1"]));
  ac.abort();
  await it.next();
});

Deno.test("entities a deposed leader did not write are written by the next", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  let deposeAt = 2;
  const hooked = afterEachCommit(kv, async () => {
    const head = await kv.get<{ version: number }>(["qp", "head"]);
    if (head.value?.version === deposeAt) {
      deposeAt = 0;
      await lease(kv, "b"); // right after the head flipped, before the entities
    }
  });
  const a = createSnapshotStore({ kv: hooked, clock });
  const b = createSnapshotStore({ kv, clock });
  await a.commit(
    bigData({ queues: 10, agents: 1200, seed: 1 }),
    await lease(kv, "a"),
  );
  const second = bigData({ queues: 10, agents: 1200, seed: 2 });
  const committed = await a.commit(second, await lease(kv, "a"));
  ok(committed, "the head flipped before the lease moved");
  equal((await kv.get(["qp", "base"])).value, 1);
  deepEqual(
    entitiesOf((await createSnapshotStore({ kv, clock }).latest())!),
    entitiesOf(second),
  );
  // One change only: every other entity of version 2 is still unwritten.
  const third = structuredClone(second);
  third.agents["u-00000"].routingStatus = "OFF_QUEUE";
  const fenceB = {
    key: ["lease"],
    versionstamp: (await kv.get(["lease"])).versionstamp!,
  };
  equal((await b.commit(third, fenceB))?.version, 3);
  equal((await kv.get(["qp", "base"])).value, 3);
  for (const e of await listEntries(kv, ["qp", "log"])) await kv.delete(e.key);
  deepEqual(
    entitiesOf((await createSnapshotStore({ kv, clock }).latest())!),
    entitiesOf(third),
  );
});

Deno.test("delta parts a deposed leader wrote ahead are replaced", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  let deposed = false;
  const hooked = afterEachCommit(kv, async () => {
    const ahead = await listEntries(kv, ["qp", "log", 2]);
    const head = await kv.get<{ version: number }>(["qp", "head"]);
    if (!deposed && ahead.length > 0 && head.value?.version === 1) {
      deposed = true;
      await lease(kv, "b");
    }
  });
  const a = createSnapshotStore({ kv: hooked, clock });
  await a.commit(small(1), await lease(kv, "a"));
  const huge = bigData({ queues: 20, agents: 1500, nameChars: 1000 });
  equal(await a.commit(huge, await lease(kv, "a")), null);
  ok((await listEntries(kv, ["qp", "log", 2])).length > 1);
  const b = createSnapshotStore({ kv, clock });
  const fenceB = {
    key: ["lease"],
    versionstamp: (await kv.get(["lease"])).versionstamp!,
  };
  const second = await b.commit(small(2), fenceB);
  equal(second?.version, 2);
  equal((await listEntries(kv, ["qp", "log", 2])).length, 1);
  deepEqual(await createSnapshotStore({ kv, clock }).latest(), second);
});

Deno.test("a KV that starts fresh gets a new epoch, and watchers reload", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const store = createSnapshotStore({ kv, clock });
  const watcher = createSnapshotStore({ kv, clock, broadcast: false });
  const fence = await lease(kv);
  const first = await store.commit(small(1), fence);
  const ac = new AbortController();
  const it = watcher.watch(ac.signal)[Symbol.asyncIterator]();
  await it.next();
  for (const e of await listEntries(kv)) await kv.delete(e.key);
  await settle();
  const fresh = await store.commit(small(2), fence);
  equal(fresh?.version, 1);
  notEqual(fresh?.epoch, first?.epoch);
  deepEqual((await it.next()).value, { snapshot: fresh, changes: null });
  ac.abort();
  await it.next();
});
