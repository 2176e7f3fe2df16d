/**
 * The trend kinds in the KV store, on the simulator's answers: stored one
 * key per interval, loaded back exactly, and an aggregate refresh writes
 * only the intervals that changed (the current one).
 *
 * @module
 */

import { deepEqual, equal, ok } from "node:assert/strict";
import { createSnapshotStore, flatTrend } from "../../src/snapshot/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { lease, listEntries } from "./_store_helpers.ts";
import { aggregateInput, buildAt, simDay } from "./_trend.ts";

const CURRENT = "2026-11-27T13:00:00.000Z";

Deno.test("an aggregate refresh commits only the current interval of the trend", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const follower = createSnapshotStore({
    kv,
    clock: new FakeClock(),
    broadcast: false,
  });
  const fence = await lease(kv);
  const at = ["2026-11-27T13:10:00.000Z", "2026-11-27T13:25:00.000Z"];
  const first = await simDay(5, at[0]);
  const data = buildAt(
    aggregateInput(first.queues, first.granular, first.interval),
    at[0],
  );
  const committed = await store.commit(data, fence);
  ok(committed);
  // Another isolate loads the trend from its keys.
  deepEqual(
    await createSnapshotStore({ kv, clock: new FakeClock() }).latest(),
    committed,
  );
  const keys = await listEntries(kv, ["qp", "e", "trend"]);
  equal(keys.length, Object.keys(flatTrend(data.trend)).length);
  ok(keys.length > 12 * 20, `${keys.length} trend keys`);

  const second = await simDay(5, at[1]);
  const next = buildAt(
    aggregateInput(second.queues, second.granular, second.interval),
    at[1],
    data,
  );
  const held = await follower.latest();
  const version = await store.commit(next, fence);
  // A follower applies the version from the log: equal to the leader's, and
  // the queues whose trend did not change keep their maps.
  const applied = await follower.latest();
  deepEqual(applied, version);
  const same = Object.keys(applied!.trend).filter((id) =>
    applied!.trend[id] === held!.trend[id]
  );
  ok(same.length > 0 && same.length < 12, `${same.length} unchanged`);
  const changes = await store.changesSince(version!.epoch, 1, 2);
  ok(changes!.trend.size > 0);
  for (const kind of ["trend", "trendSums"] as const) {
    for (const key of changes![kind]) {
      equal(key.slice(key.indexOf("|") + 1), CURRENT, `${kind} ${key}`);
    }
  }

  // A queue's intervals all leave (a new day without its traffic yet).
  const [gone] = Object.keys(next.trend);
  const { [gone]: _t, ...trend } = next.trend;
  const { [gone]: _s, ...trendSums } = next.trendSums;
  const third = await store.commit({ ...next, trend, trendSums }, fence);
  equal(Object.hasOwn(third!.trend, gone), false);
  deepEqual(await follower.latest(), third);
  deepEqual(
    await createSnapshotStore({ kv, clock: new FakeClock() }).latest(),
    third,
  );
});
