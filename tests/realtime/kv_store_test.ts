import assert from "node:assert/strict";
import { silentLogger } from "../../src/log.ts";
import { createRealtime } from "../../src/realtime/mod.ts";
import {
  applyDelta,
  createSnapshotStore,
  type SnapshotData,
  type ViewDelta,
  viewOf,
} from "../../src/snapshot/mod.ts";
import { FakeClock } from "../_fake_clock.ts";
import { fakeAuth } from "./_fakes.ts";
import { TestClient } from "./_server.ts";
import { baseShape, snapshotOf, T0 } from "./_snapshots.ts";

function dataOf(step: number): SnapshotData {
  const { fetchedAt, source, queues, agents, sums } = snapshotOf(
    step,
    baseShape(step),
  );
  return { fetchedAt, source, queues, agents, sums };
}

Deno.test("ws over a real KV store: committed versions arrive as chained deltas", async () => {
  const kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const store = createSnapshotStore({ kv, clock, log: silentLogger() });
  const lease = await kv.set(["lease"], "leader");
  const fence = { key: ["lease"], versionstamp: lease.versionstamp };
  const first = await store.commit(dataOf(1), fence);
  assert.ok(first);
  const realtime = createRealtime({
    store,
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
  const client = await TestClient.connect(
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
      last = (await store.commit(dataOf(step), fence))!;
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
    kv.close();
  }
});
