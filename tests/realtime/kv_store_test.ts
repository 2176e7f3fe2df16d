import assert from "node:assert/strict";
import { silentLogger } from "../../src/log.ts";
import { createHub } from "../../src/realtime/hub.ts";
import { createRealtime } from "../../src/realtime/mod.ts";
import {
  applyDelta,
  createSnapshotStore,
  type SnapshotData,
  type SnapshotStore,
  type ViewDelta,
  viewOf,
} from "../../src/snapshot/mod.ts";
import { FakeClock, WsClient } from "../_support/mod.ts";
import { fakeAuth, RecordingSink } from "./_fakes.ts";
import { baseShape, snapshotOf, T0 } from "./_snapshots.ts";

function dataOf(step: number): SnapshotData {
  const { fetchedAt, source, queues, agents, sums } = snapshotOf(
    step,
    baseShape(step),
  );
  return { fetchedAt, source, queues, agents, sums, trend: {}, trendSums: {} };
}

/**
 * Serves `watched` over WebSocket while `committer` commits six versions:
 * the client must get them as chained deltas ending at the last view.
 */
async function chainedDeltas(
  kv: Deno.Kv,
  committer: SnapshotStore,
  watched: SnapshotStore,
  clock: FakeClock,
): Promise<void> {
  const lease = await kv.set(["lease"], "leader");
  const fence = { key: ["lease"], versionstamp: lease.versionstamp };
  const first = await committer.commit(dataOf(1), fence);
  assert.ok(first);
  const realtime = createRealtime({
    store: watched,
    auth: fakeAuth({}, false),
    clock,
    log: silentLogger(),
    source: "simulator",
    staleAfterMs: 12_000,
  });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => realtime.upgrade(req, "127.0.0.1"),
  );
  const client = await WsClient.connect(
    `ws://127.0.0.1:${server.addr.port}/ws`,
  );
  try {
    assert.equal((await client.next()).type, "hello");
    client.send({ type: "subscribe", agents: true });
    const snapshot = await client.next();
    assert.deepEqual([snapshot.type, snapshot.version], [
      "snapshot",
      first.version,
    ]);
    let view = viewOf(first, null, true);
    let version = first.version;
    let last = first;
    for (let step = 2; step <= 6; step++) {
      last = (await committer.commit(dataOf(step), fence))!;
      while (version < last.version) {
        const delta = await client.next();
        assert.equal(delta.prev, version);
        view = applyDelta(view, delta as unknown as ViewDelta);
        version = delta.version as number;
      }
    }
    assert.deepEqual(view, viewOf(last, null, true));
  } finally {
    await client.close();
    await realtime.close();
    await server.shutdown();
  }
}

Deno.test("ws over a real KV store: committed versions arrive as chained deltas", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const store = createSnapshotStore({ kv, clock, log: silentLogger() });
  await chainedDeltas(kv, store, store, clock);
});

Deno.test("ws over a follower store: another store's versions arrive as chained deltas", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const leader = createSnapshotStore({ kv, clock });
  const follower = createSnapshotStore({ kv, clock });
  await chainedDeltas(kv, leader, follower, clock);
});

Deno.test("hub.publish() builds deltas from the changes it is given", () => {
  const hub = createHub({
    clock: new FakeClock(T0),
    log: silentLogger(),
    staleAfterMs: 12_000,
    ringSize: 4,
    maxBufferedBytes: 1 << 20,
    lagBufferedBytes: 1 << 18,
  });
  const sink = new RecordingSink();
  hub.subscribe(sink, { scope: "*", filter: null, agents: false }, null);
  hub.publish(snapshotOf(1, { queues: { "q-1": 0, "q-2": 0 } }));
  // Both queues changed, but the store says only q-1 did: the hub trusts it.
  const changes = {
    queues: new Set(["q-1"]),
    agents: new Set<string>(),
    sums: new Set<string>(),
    trend: new Set<string>(),
    trendSums: new Set<string>(),
  };
  hub.publish(snapshotOf(2, { queues: { "q-1": 1, "q-2": 1 } }), changes);
  hub.publish(snapshotOf(3, { queues: { "q-1": 2, "q-2": 2 } }));
  const deltas = sink.messages().filter((m) => m.type === "delta");
  assert.deepEqual(
    deltas.map((d) => Object.keys(d.queues as object)),
    [["q-1"], ["q-1", "q-2"]],
  );
});
