import assert from "node:assert/strict";
import type { Principal } from "../../src/auth/mod.ts";
import { viewOf } from "../../src/snapshot/mod.ts";
import { fakeAuth } from "./_fakes.ts";
import { startServer } from "./_server.ts";
import { baseShape, snapshotOf } from "./_snapshots.ts";
import { SseClient, WsClient } from "../_support/mod.ts";

const ALL: Principal = { queues: "*", agents: false, expiresAt: null };
const ONE: Principal = { queues: ["q-1"], agents: false, expiresAt: null };
const AT = "2026-11-27T10:00:00.000Z";
const HEAD = {
  type: "delta",
  resumed: true,
  epoch: "e-1",
  fetchedAt: AT,
  committedAt: AT,
  stale: false,
};

async function subscribed(url: string, message: unknown) {
  const client = await WsClient.connect(url);
  assert.equal((await client.next()).type, "hello");
  client.send(message);
  return client;
}

Deno.test("ws: re-subscribing with a one-queue token and since = now drops the other queues", async () => {
  const server = await startServer({ auth: fakeAuth({ all: ALL, one: ONE }) });
  const [s1, s2] = [1, 2].map((v) => snapshotOf(v, baseShape(v)));
  await server.publish(s1);
  const client = await subscribed(server.wsUrl, {
    type: "subscribe",
    token: "all",
  });
  try {
    assert.equal((await client.next()).type, "snapshot");
    await server.publish(s2);
    assert.equal((await client.next()).version, 2);
    client.send({
      type: "subscribe",
      token: "one",
      since: { epoch: "e-1", version: 2 },
    });
    assert.deepEqual(await client.next(), {
      ...HEAD,
      version: 2,
      prev: 2,
      queues: { "q-2": null, "q-3": null, "q-4": null },
      totals: viewOf(s2, new Set(["q-1"]), false).totals,
    });
    // A narrower `queues` filter with the same token behaves the same.
    client.send({
      type: "subscribe",
      token: "all",
      since: { epoch: "e-1", version: 2 },
    });
    assert.deepEqual(await client.next(), {
      ...HEAD,
      version: 2,
      prev: 2,
      queues: {
        "q-2": s2.queues["q-2"],
        "q-3": s2.queues["q-3"],
        "q-4": s2.queues["q-4"],
      },
      totals: viewOf(s2, null, false).totals,
    });
    client.send({
      type: "subscribe",
      token: "all",
      queues: ["q-4"],
      since: { epoch: "e-1", version: 2 },
    });
    assert.deepEqual(await client.next(), {
      ...HEAD,
      version: 2,
      prev: 2,
      queues: { "q-1": null, "q-2": null, "q-3": null },
      totals: viewOf(s2, new Set(["q-4"]), false).totals,
    });
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("ws: a new connection resuming with since gets the view it asks for", async () => {
  const server = await startServer();
  const snapshots = [1, 2, 3].map((v) => snapshotOf(v, baseShape(v)));
  await server.publish(...snapshots);
  const client = await subscribed(server.wsUrl, {
    type: "subscribe",
    queues: ["q-1", "q-2"],
    since: { epoch: "e-1", version: 2 },
  });
  try {
    // From the view asked for at version 2: q-2 changed (2 → 3), q-1 (2 → 0).
    assert.deepEqual(await client.next(), {
      ...HEAD,
      version: 3,
      prev: 2,
      queues: {
        "q-1": snapshots[2].queues["q-1"],
        "q-2": snapshots[2].queues["q-2"],
      },
      totals: viewOf(snapshots[2], new Set(["q-1", "q-2"]), false).totals,
    });
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("sse: Last-Event-ID with a queue filter resumes that view exactly", async () => {
  const server = await startServer();
  const snapshots = [1, 2, 3, 4].map((v) => snapshotOf(v, baseShape(v)));
  await server.publish(...snapshots);
  const sse = await SseClient.open(`${server.sseUrl}?queues=q-3,q-4`, {
    headers: { "last-event-id": "e-1:3" },
  });
  try {
    const block = await sse.next();
    assert.deepEqual([block.event, block.id], ["delta", "e-1:4"]);
    // q-3 never changes; q-4 (step % 2) goes from 1 at version 3 to 0.
    assert.deepEqual(JSON.parse(block.data!), {
      ...HEAD,
      version: 4,
      prev: 3,
      queues: { "q-4": snapshots[3].queues["q-4"] },
      totals: viewOf(snapshots[3], new Set(["q-3", "q-4"]), false).totals,
    });
  } finally {
    await sse.cancel();
    await server.close();
  }
});
