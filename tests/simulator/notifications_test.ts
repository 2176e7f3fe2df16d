import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { BASE, json, token } from "./_helpers.ts";
import { CHANNELS, createChannel, subscriptions } from "./_push.ts";

const T0 = "2026-11-27T10:00:00.000Z";
const OBS = "analytics:queueObservation:view";

async function setup(options = {}) {
  const clock = new FakeClock(T0);
  const sim = createSimulator({ seed: 4, clock, ...options });
  const t = await token(sim);
  const agentTopic = async () => {
    const res = await sim.fetch(
      `${BASE}/api/v2/analytics/routing/activity/query`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${t}` },
        body: JSON.stringify({
          metrics: [{ metric: "oMemberUsers", details: true }],
          groupBy: ["queueId"],
        }),
      },
    );
    return (await json(res)).results[0].entities[0].userId as string;
  };
  return { clock, sim, t, ids: sim.queueIds(), agentTopic };
}

Deno.test("POST channels answers {connectUri, id, expires}: a ws:// URI of the simulator, 24 h ahead", async () => {
  const { sim, t } = await setup();
  const channel = await createChannel(sim, t);
  assert.deepEqual(Object.keys(channel), ["connectUri", "id", "expires"]);
  assert.match(channel.id, /^streaming-0-[0-9a-f]{26}$/);
  assert.equal(channel.connectUri, `ws://sim.test/channels/${channel.id}`);
  assert.equal(channel.expires, "2026-11-28T10:00:00.000Z");
  const head = await sim.fetch(`${BASE}${CHANNELS}/${channel.id}`, {
    method: "HEAD",
    headers: { authorization: `Bearer ${t}` },
  });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
  const gone = await sim.fetch(`${BASE}${CHANNELS}/streaming-9-nope`, {
    method: "HEAD",
    headers: { authorization: `Bearer ${t}` },
  });
  assert.equal(gone.status, 404);
  assert.equal(sim.stats().notifications.channels, 1);
});

Deno.test("subscriptions: PUT replaces, POST adds, GET lists, DELETE clears; bad topics are rejected", async () => {
  const { sim, t, ids, agentTopic } = await setup();
  const { id } = await createChannel(sim, t);
  const user = await agentTopic();
  const queueTopic = `v2.analytics.queues.${ids[0]}.observations`;
  const combined = `v2.users.${user}?presence&routingStatus`;
  const put = await json(
    await subscriptions(sim, t, id, "PUT", [
      queueTopic,
      combined,
      "v2.analytics.queues.q-unknown.observations",
      "v2.routing.queues.x.conversations",
      queueTopic,
    ]),
  );
  assert.deepEqual(put.entities, [
    { id: queueTopic, state: "Permitted" },
    { id: combined, state: "Permitted" },
    {
      id: "v2.analytics.queues.q-unknown.observations",
      state: "Rejected",
      rejectionReason: "Entity not found",
    },
    {
      id: "v2.routing.queues.x.conversations",
      state: "Rejected",
      rejectionReason: "Topic is not supported",
    },
  ]);
  const presence = `v2.users.${user}.presence`;
  const post = await json(await subscriptions(sim, t, id, "POST", [presence]));
  assert.deepEqual(post.entities.map((e: { id: string }) => e.id), [
    queueTopic,
    combined,
    presence,
  ]);
  const listed = await json(await subscriptions(sim, t, id, "GET"));
  assert.deepEqual(listed, post);
  assert.equal(sim.stats().notifications.subscriptions, 3);
  const replaced = await json(
    await subscriptions(sim, t, id, "PUT", [presence]),
  );
  assert.deepEqual(replaced.entities, [{ id: presence, state: "Permitted" }]);
  const cleared = await subscriptions(sim, t, id, "DELETE");
  assert.equal(cleared.status, 204);
  assert.deepEqual(await json(await subscriptions(sim, t, id, "GET")), {
    entities: [],
  });
  const missing = await subscriptions(sim, t, "streaming-7-x", "GET");
  assert.equal(
    (await json(missing, 404)).message,
    'Cannot find channel: "streaming-7-x" does not exist or has expired',
  );
});

Deno.test("more than 1,000 topics on a channel is a 400 and changes nothing", async () => {
  const { sim, t, ids } = await setup();
  const { id } = await createChannel(sim, t);
  const topic = `v2.analytics.queues.${ids[0]}.observations`;
  await json(await subscriptions(sim, t, id, "PUT", [topic]));
  const many = Array.from(
    { length: 1000 },
    (_, i) => `v2.users.u-${i}.presence`,
  );
  const added = await subscriptions(sim, t, id, "POST", many);
  assert.deepEqual(await json(added, 400), {
    message:
      "Cannot subscribe: 1001 topics exceed the maximum of 1000 per channel",
    code: "bad.request",
    status: 400,
    contextId: added.headers.get("ININ-Correlation-Id"),
    details: [],
    errors: [],
  });
  assert.deepEqual(
    (await json(await subscriptions(sim, t, id, "GET"))).entities,
    [{ id: topic, state: "Permitted" }],
  );
  const replaced = await json(await subscriptions(sim, t, id, "PUT", many));
  assert.equal(replaced.entities.length, 1000, "1,000 is fine");
  for (const body of ["[{}]", "{}", "nope"]) {
    const res = await sim.fetch(`${BASE}${CHANNELS}/${id}/subscriptions`, {
      method: "PUT",
      headers: { authorization: `Bearer ${t}` },
      body,
    });
    assert.match((await json(res, 400)).message, /^Cannot parse request body/);
  }
});

Deno.test("a refused permission: 403 without ignoreErrors, a rejected topic with it", async () => {
  const { sim, t, ids, agentTopic } = await setup();
  const { id } = await createChannel(sim, t);
  const user = `v2.users.${await agentTopic()}.routingStatus`;
  const queueTopic = `v2.analytics.queues.${ids[1]}.observations`;
  sim.setFaults({ missingPermissions: [OBS] });
  const refused = await subscriptions(sim, t, id, "PUT", [user, queueTopic]);
  assert.equal(
    (await json(refused, 403)).message,
    `Unable to perform the requested action. You are missing the following permission(s): [${OBS}]`,
  );
  assert.deepEqual(
    (await json(await subscriptions(sim, t, id, "GET"))).entities,
    [],
  );
  const ignored = await json(
    await subscriptions(
      sim,
      t,
      id,
      "PUT",
      [user, queueTopic],
      "?ignoreErrors=true",
    ),
  );
  assert.deepEqual(ignored.entities, [
    { id: user, state: "Permitted" },
    {
      id: queueTopic,
      state: "Rejected",
      rejectionReason: "Missing permissions",
      missingPermissions: [OBS],
    },
  ]);
});

Deno.test("a 21st channel removes the one used longest ago, idle ones first", async () => {
  const { sim, t, clock } = await setup();
  const made = [];
  for (let i = 0; i < 20; i++) {
    made.push(await createChannel(sim, t));
    await clock.tickAsync(1000);
  }
  // Channel 0 is the oldest but used again (GET); channel 1 then is oldest.
  await json(await subscriptions(sim, t, made[0].id, "GET"));
  const connected = sim.connect(made[1].connectUri);
  await clock.tickAsync(0);
  assert.equal(connected.readyState, 1);
  await createChannel(sim, t);
  const alive = async (id: string) =>
    (await subscriptions(sim, t, id, "GET")).status;
  assert.equal(await alive(made[2].id), 404, "oldest idle channel removed");
  assert.equal(await alive(made[0].id), 200);
  assert.equal(await alive(made[1].id), 200, "connected channels stay");
  assert.equal(sim.stats().notifications.channels, 20);
  sim.close();
});

Deno.test("channels expire after their lifetime; a resubscription extends it", async () => {
  const { sim, t, clock, ids } = await setup({ channelLifetimeMs: 60_000 });
  const a = await createChannel(sim, t);
  const b = await createChannel(sim, t);
  assert.equal(a.expires, "2026-11-27T10:01:00.000Z");
  await clock.tickAsync(50_000);
  const topic = [`v2.analytics.queues.${ids[0]}.observations`];
  await json(await subscriptions(sim, t, b.id, "PUT", topic));
  await clock.tickAsync(10_000);
  assert.equal((await subscriptions(sim, t, a.id, "GET")).status, 404);
  assert.equal((await subscriptions(sim, t, b.id, "GET")).status, 200);
  await clock.tickAsync(50_000);
  assert.equal((await subscriptions(sim, t, b.id, "GET")).status, 404);
  assert.equal(sim.stats().notifications.channels, 0);
});

Deno.test("notificationsDown answers 503 on channel and subscription calls", async () => {
  const { sim, t } = await setup();
  const { id } = await createChannel(sim, t);
  sim.setFaults({ notificationsDown: true });
  const create = await sim.fetch(`${BASE}${CHANNELS}`, {
    method: "POST",
    headers: { authorization: `Bearer ${t}` },
  });
  assert.deepEqual(
    [(await json(create, 503)).message],
    ["Cannot serve request: simulated notification outage"],
  );
  assert.equal((await subscriptions(sim, t, id, "GET")).status, 503);
  sim.clearFaults();
  assert.equal((await subscriptions(sim, t, id, "GET")).status, 200);
  const anonymous = await sim.fetch(`${BASE}${CHANNELS}`, { method: "POST" });
  assert.equal((await json(anonymous, 401)).code, "authentication.required");
});

Deno.test("notification faults are booleans; a bad one changes nothing", async () => {
  const { sim } = await setup();
  sim.setFaults({ silentSockets: true });
  for (const field of ["notificationsDown", "dropSockets", "silentSockets"]) {
    assert.throws(
      () => sim.setFaults({ [field]: "yes" }),
      new TypeError(
        `Cannot set faults: "${field}" must be a boolean, got "yes"`,
      ),
    );
  }
  sim.setFaults({ silentSockets: true, dropSockets: true });
  assert.deepEqual(
    await json(await sim.fetch(`${BASE}/__sim/faults`)),
    { silentSockets: true },
    "dropSockets is one-shot and not kept",
  );
});
