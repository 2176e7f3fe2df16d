import { deepEqual, equal } from "node:assert/strict";
import {
  createSnapshotStore,
  type SnapshotUpdate,
} from "../../src/snapshot/mod.ts";
import { FakeClock, settle } from "../_support/mod.ts";
import { bigData, lease, small, stalledWatch } from "./_store_helpers.ts";

const CHANNEL = 'queuepulse:snapshots:["qp"]';
const Q1 = {
  queues: new Set(["q-1"]),
  agents: new Set<string>(),
  sums: new Set<string>(),
  trend: new Set<string>(),
  trendSums: new Set<string>(),
};

/** A KV handle whose watch stalls and whose log reads are counted. */
function quietKv(kv: Deno.Kv) {
  const counts = { lists: 0 };
  const stalled = stalledWatch(kv, "stall");
  const handle = new Proxy(stalled, {
    get(target, prop) {
      if (prop === "list") {
        return (...args: Parameters<Deno.Kv["list"]>) => {
          counts.lists++;
          return kv.list(...args);
        };
      }
      return Reflect.get(target, prop, target);
    },
  });
  return { handle, counts };
}

/** Two stores on one KV: a leader, and a follower that only the channel can wake. */
async function pair(leaderBroadcasts = true) {
  const kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const { handle, counts } = quietKv(kv);
  const leader = createSnapshotStore({
    kv,
    clock,
    broadcast: leaderBroadcasts,
  });
  const follower = createSnapshotStore({ kv: handle, clock, pollMs: 60_000 });
  const fence = await lease(kv);
  const ac = new AbortController();
  const leading = leader.watch(ac.signal)[Symbol.asyncIterator]();
  const following = follower.watch(ac.signal)[Symbol.asyncIterator]();
  const first = await leader.commit(small(1), fence);
  await leading.next();
  deepEqual((await following.next()).value, { snapshot: first, changes: null });
  return {
    kv,
    clock,
    leader,
    fence,
    counts,
    following,
    async close() {
      ac.abort();
      await Promise.all([leading.next(), following.next()]);
      kv.close();
    },
  };
}

Deno.test("a follower takes a commit from the channel, without reading the log", async () => {
  const p = await pair();
  try {
    const lists = p.counts.lists;
    for (let i = 2; i <= 4; i++) {
      const committed = await p.leader.commit(small(i), p.fence);
      const update = (await p.following.next()).value as SnapshotUpdate;
      deepEqual(update, { snapshot: committed, changes: Q1 });
    }
    equal(p.counts.lists, lists);
    equal(p.clock.now(), Date.parse("2026-11-27T10:00:00.000Z"));
  } finally {
    await p.close();
  }
});

Deno.test("a big commit's signal makes the follower read the log at once", async () => {
  const p = await pair();
  try {
    for (let seed = 1; seed <= 3; seed++) {
      const lists = p.counts.lists;
      const data = bigData({ queues: 40, agents: 200, seed });
      const committed = await p.leader.commit(data, p.fence);
      const update = (await p.following.next()).value as SnapshotUpdate;
      deepEqual(update.snapshot, committed);
      equal(p.counts.lists, lists + 1);
    }
    equal(p.clock.now(), Date.parse("2026-11-27T10:00:00.000Z"));
  } finally {
    await p.close();
  }
});

Deno.test("a message KV does not hold is not applied; the follower reads KV", async () => {
  const p = await pair();
  const forger = new BroadcastChannel(CHANNEL);
  try {
    const current = await p.leader.latest();
    forger.postMessage({
      from: "forger",
      epoch: current!.epoch,
      version: current!.version + 1,
      stamp: "00000000000000ff0000",
      json: JSON.stringify({
        epoch: current!.epoch,
        version: current!.version + 1,
        committedAt: current!.committedAt,
        meta: { fetchedAt: current!.fetchedAt, source: current!.source },
        changes: { queues: { "q-1": null }, agents: {}, sums: {} },
      }),
    });
    // A signal without the record, whose versionstamp no commit has.
    forger.postMessage({
      from: "forger",
      epoch: current!.epoch,
      version: current!.version + 1,
      stamp: "00000000000000ff0000",
      json: null,
    });
    await settle(20);
    const committed = await p.leader.commit(small(2), p.fence);
    const update = (await p.following.next()).value as SnapshotUpdate;
    deepEqual(update.snapshot, committed);
  } finally {
    forger.close();
    await p.close();
  }
});

Deno.test("a follower that gets no message converges from KV at the next poll", async () => {
  const p = await pair(false);
  try {
    const committed = await p.leader.commit(small(2), p.fence);
    const next = p.following.next();
    await settle(20);
    await p.clock.tickAsync(60_000);
    deepEqual((await next).value, { snapshot: committed, changes: Q1 });
  } finally {
    await p.close();
  }
});
