/**
 * The simulator's notification messages and channel answers against
 * fixtures built from Genesys's examples and SDK models: same keys and
 * types (values differ).
 *
 * @module
 */

import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock, settle } from "../_support/mod.ts";
import { BASE, json, token } from "./_helpers.ts";
import { createChannel, record, subscriptions } from "./_push.ts";

function fixture(name: string): unknown {
  return JSON.parse(
    Deno.readTextFileSync(
      new URL(`../fixtures/genesys/${name}`, import.meta.url),
    ),
  );
}

/**
 * Throws unless `value` has the keys and types of `model`: objects with the
 * same keys, arrays whose every element conforms to one of the model's
 * elements, primitives of the same type. `stats` maps are compared by value
 * type only, since each metric has its own fields.
 */
function conform(value: unknown, model: unknown, path = "$"): void {
  if (Array.isArray(model)) {
    assert.ok(Array.isArray(value), `${path} is an array`);
    for (const [i, item] of value.entries()) {
      const fits = model.some((m) => {
        try {
          conform(item, m, `${path}[${i}]`);
          return true;
        } catch {
          return false;
        }
      });
      assert.ok(fits, `${path}[${i}] ${JSON.stringify(item)} fits the model`);
    }
    return;
  }
  if (typeof model === "object" && model !== null) {
    assert.equal(typeof value, "object", path);
    const v = value as Record<string, unknown>;
    const m = model as Record<string, unknown>;
    if (path.endsWith(".stats")) {
      for (const n of Object.values(v)) assert.equal(typeof n, "number", path);
      return;
    }
    assert.deepEqual(Object.keys(v).sort(), Object.keys(m).sort(), path);
    for (const key of Object.keys(m)) conform(v[key], m[key], `${path}.${key}`);
    return;
  }
  assert.equal(typeof value, typeof model, path);
}

Deno.test("conform accepts same shapes and refuses extra or missing keys", () => {
  conform({ a: 1, b: [{ c: "x" }] }, { b: [{ c: "y" }], a: 2 });
  assert.throws(() => conform({ a: 1, z: 2 }, { a: 1 }));
  assert.throws(() => conform({}, { a: 1 }));
  assert.throws(() => conform({ a: "1" }, { a: 1 }));
  assert.throws(() => conform([{ a: 1, q: 1 }], [{ a: 1 }]));
});

Deno.test("channel, subscriptions and every socket message match the fixtures", async () => {
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const sim = createSimulator({
    seed: 2,
    clock,
    heartbeatMs: 20_000,
    channelLifetimeMs: 200_000,
  });
  const t = await token(sim);
  const channel = await createChannel(sim, t);
  conform(channel, fixture("notification_channel.json"));
  const ids = sim.queueIds();
  const users = await json(
    await sim.fetch(`${BASE}/api/v2/analytics/routing/activity/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${t}` },
      body: JSON.stringify({
        metrics: [{ metric: "oMemberUsers", details: true }],
        groupBy: ["queueId"],
      }),
    }),
  );
  const userIds: string[] = users.results.flatMap((
    r: { entities: { userId: string }[] },
  ) => r.entities.map((e) => e.userId));
  sim.setFaults({ missingPermissions: ["analytics:queueObservation:view"] });
  const listing = await json(
    await subscriptions(sim, t, channel.id, "PUT", [
      `v2.users.${userIds[0]}.presence`,
      `v2.analytics.queues.${ids[0]}.observations`,
    ], "?ignoreErrors=true"),
  );
  conform(listing, fixture("notification_subscriptions.json"));
  sim.clearFaults();
  await json(
    await subscriptions(sim, t, channel.id, "PUT", [
      ...ids.map((id) => `v2.analytics.queues.${id}.observations`),
      ...userIds.map((id) => `v2.users.${id}?presence&routingStatus`),
    ]),
  );
  const socket = record(sim.connect(channel.connectUri));
  await settle();
  socket.socket.send(JSON.stringify({ message: "ping" }));
  await clock.tickAsync(200_000);
  const models = {
    observation: fixture("notification_queue_observation.json"),
    observationUsers: fixture("notification_queue_observation_users.json"),
    presence: fixture("notification_presence.json"),
    routingStatus: fixture("notification_routing_status.json"),
    heartbeat: fixture("notification_heartbeat.json"),
    pong: fixture("notification_pong.json"),
    closing: fixture("notification_socket_closing.json"),
  };
  const seen = new Set<string>();
  for (const frame of socket.frames) {
    const name: string = frame.topicName;
    const kind: keyof typeof models = name.endsWith(".observations")
      ? "mediaType" in frame.eventBody.group
        ? "observation"
        : "observationUsers"
      : name.endsWith(".presence")
      ? "presence"
      : name.endsWith(".routingStatus")
      ? "routingStatus"
      : name === "v2.system.socket_closing"
      ? "closing"
      : frame.eventBody.message === "pong"
      ? "pong"
      : "heartbeat";
    seen.add(kind);
    conform(frame, models[kind]);
  }
  assert.deepEqual([...seen].sort(), Object.keys(models).sort());
});
