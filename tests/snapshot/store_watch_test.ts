import { deepEqual, equal, ok } from "node:assert/strict";
import {
  createSnapshotStore,
  type Snapshot,
  type SnapshotUpdate,
} from "../../src/snapshot/mod.ts";
import { FakeClock, settle } from "../_support/mod.ts";
import { lease, small, stalledWatch, withKvFile } from "./_store_helpers.ts";

/** Lets KV I/O run until the watcher sleeps on the fake clock. */
async function untilSleeping(clock: FakeClock, count = 1): Promise<void> {
  for (let i = 0; i < 500 && clock.pending < count; i++) await settle(1);
  ok(clock.pending >= count, "the watcher never went to sleep");
}

const Q1 = {
  queues: new Set(["q-1"]),
  agents: new Set<string>(),
  sums: new Set<string>(),
  trend: new Set<string>(),
  trendSums: new Set<string>(),
};

function step(snapshot: Snapshot | null, changes: SnapshotUpdate["changes"]) {
  return { done: false, value: { snapshot, changes } };
}

Deno.test("watch() yields the latest, then every version with its changes", async () => {
  await withKvFile(async (path) => {
    const kv = await Deno.openKv(path);
    const other = await Deno.openKv(path);
    try {
      const clock = new FakeClock();
      const pollMs = 1000;
      const store = createSnapshotStore({ kv, clock, pollMs });
      const writer = createSnapshotStore({ kv: other, clock, pollMs });
      const fence = await lease(kv);
      const first = await store.commit(small(1), fence);
      const ac = new AbortController();
      const it = store.watch(ac.signal)[Symbol.asyncIterator]();
      deepEqual(await it.next(), step(first, null));

      const second = await store.commit(small(2), fence);
      deepEqual(await it.next(), step(second, Q1));

      // Several commits while the consumer is away: each comes, in order.
      const later: (Snapshot | null)[] = [];
      for (let i = 3; i <= 5; i++) {
        later.push(await store.commit(small(i), fence));
      }
      for (const s of later) deepEqual(await it.next(), step(s, Q1));

      // A write through another KV handle (and store), read from the log.
      const pending = it.next();
      await untilSleeping(clock);
      const sixth = await writer.commit(small(6), fence);
      await clock.tickAsync(pollMs);
      deepEqual(await pending, step(sixth, Q1));

      // Aborting while it waits ends the iterator.
      const ending = it.next();
      await untilSleeping(clock);
      ac.abort();
      deepEqual(await ending, { done: true, value: undefined });
      deepEqual(await it.next(), { done: true, value: undefined });
    } finally {
      kv.close();
      other.close();
    }
  });
});

for (const mode of ["stall", "fail"] as const) {
  Deno.test(`watch() polls when the watch stream ${mode}s`, async () => {
    using kv = await Deno.openKv(":memory:");
    const clock = new FakeClock();
    const pollMs = 500;
    const warnings: string[] = [];
    const log = {
      debug() {},
      info() {},
      warn(msg: string) {
        warnings.push(msg);
      },
      error() {},
      redact() {},
    };
    const options = { kv: stalledWatch(kv, mode), clock, pollMs, log };
    const store = createSnapshotStore(options);
    // The writer is another store, so only polling can tell the watcher.
    const writer = createSnapshotStore({ kv, clock, broadcast: false });
    const fence = await lease(kv);
    const ac = new AbortController();
    const it = store.watch(ac.signal)[Symbol.asyncIterator]();
    const firstP = it.next();
    await untilSleeping(clock);
    const first = await writer.commit(small(1), fence);
    await clock.tickAsync(pollMs);
    deepEqual(await firstP, step(first, null));
    const secondP = it.next();
    await untilSleeping(clock);
    const second = await writer.commit(small(2), fence);
    await clock.tickAsync(pollMs);
    deepEqual(await secondP, step(second, Q1));
    ac.abort();
    deepEqual(await it.next(), { done: true, value: undefined });
    if (mode === "fail") {
      ok(warnings.includes("Cannot watch the snapshot head: reopening"));
    }
  });
}

Deno.test("watch() ends at once for an aborted signal, and on break", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const first = await store.commit(small(1), await lease(kv));
  const it = store.watch(AbortSignal.abort())[Symbol.asyncIterator]();
  deepEqual(await it.next(), { done: true, value: undefined });
  const seen = [];
  for await (const update of store.watch(new AbortController().signal)) {
    seen.push(update.snapshot);
    break;
  }
  deepEqual(seen, [first]);
});

Deno.test("watch() merges the versions a consumer far behind did not take", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const fence = await lease(kv);
  await store.commit(small(0), fence);
  const ac = new AbortController();
  const it = store.watch(ac.signal)[Symbol.asyncIterator]();
  await it.next();
  let last: Snapshot | null = null;
  for (let i = 1; i <= 70; i++) last = await store.commit(small(i), fence);
  const merged = await it.next();
  equal(merged.done, false);
  const update = merged.value as SnapshotUpdate;
  ok(update.snapshot.version < last!.version);
  deepEqual(update.changes, Q1);
  let seen = update.snapshot.version;
  while (seen < last!.version) {
    const next = (await it.next()).value as SnapshotUpdate;
    equal(next.snapshot.version, seen + 1);
    seen++;
  }
  ac.abort();
  await it.next();
});
