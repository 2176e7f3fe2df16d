import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock, settle } from "../_support/mod.ts";
import { json, OBSERVATIONS, post, queueFilter, token } from "./_helpers.ts";
import { createChannel, record, subscriptions } from "./_push.ts";

const T0 = "2026-11-27T10:00:00.000Z";
const HEARTBEAT = {
  topicName: "channel.metadata",
  eventBody: { message: "WebSocket Heartbeat" },
};

async function open(options = {}) {
  const clock = new FakeClock(T0);
  const sim = createSimulator({ seed: 6, clock, ...options });
  const t = await token(sim);
  const channel = await createChannel(sim, t);
  const socket = record(sim.connect(channel.connectUri));
  await settle();
  assert.equal(socket.opened, true);
  return { clock, sim, t, channel, socket, ids: sim.queueIds() };
}

Deno.test("a socket gets a heartbeat every 30 s and a pong for each ping", async () => {
  const { clock, sim, socket } = await open();
  await clock.tickAsync(29_999);
  assert.equal(socket.frames.length, 0);
  await clock.tickAsync(1);
  assert.deepEqual(socket.frames, [HEARTBEAT]);
  socket.socket.send(JSON.stringify({ message: "ping" }));
  socket.socket.send("not json");
  await settle();
  assert.deepEqual(socket.frames[1], {
    topicName: "channel.metadata",
    eventBody: { message: "pong" },
  });
  await clock.tickAsync(30_000);
  assert.equal(socket.frames.length, 3);
  assert.equal(sim.stats().notifications.heartbeats, 2);
  assert.equal(sim.stats().notifications.sockets, 1);
  socket.socket.close();
  await settle();
  assert.deepEqual(socket.closes, [{ code: 1000, reason: "" }]);
  assert.equal(sim.stats().notifications.sockets, 0);
  assert.equal(clock.pending, 0, "no timer runs without a socket");
});

Deno.test("queue observations: one message per changed group per second, stamped with the change", async () => {
  const { clock, sim, t, channel, socket, ids } = await open({
    heartbeatMs: 3_600_000,
  });
  const topics = ids.map((id) => `v2.analytics.queues.${id}.observations`);
  await json(await subscriptions(sim, t, channel.id, "PUT", topics));
  let previousTick = clock.now();
  const lastByGroup = new Map<string, string>();
  for (let s = 1; s <= 60; s++) {
    const before = socket.frames.length;
    await clock.tickAsync(1000);
    const tick = clock.now();
    const fresh = socket.frames.slice(before);
    const groups = fresh.map((f) => JSON.stringify(f.eventBody.group));
    assert.equal(new Set(groups).size, groups.length, "one per group a second");
    for (const frame of fresh) {
      const queueId = frame.eventBody.group.queueId;
      assert.equal(
        frame.topicName,
        `v2.analytics.queues.${queueId}.observations`,
      );
      assert.equal(frame.version, "2");
      const [start, end] = frame.eventBody.data[0].interval.split("/");
      assert.equal(start, end);
      const stamp = Date.parse(start);
      assert.ok(
        stamp > previousTick && stamp <= tick,
        `the change happened within the last second: ${start}`,
      );
      const key = JSON.stringify(frame.eventBody.group);
      const content = JSON.stringify(frame.eventBody.data[0].metrics);
      assert.notEqual(lastByGroup.get(key), content, "sent only on change");
      lastByGroup.set(key, content);
    }
    previousTick = tick;
  }
  assert.ok(socket.frames.length > 20, `${socket.frames.length} messages`);
  // The last message of each group equals what the query answers now.
  const query = await json(
    await post(sim, t, OBSERVATIONS, {
      filter: queueFilter(ids),
      metrics: [
        "oWaiting",
        "oInteracting",
        "oAlerting",
        "oLongestWaiting",
        "oLongestInteracting",
        "oUserRoutingStatuses",
        "oOnQueueUsers",
        "oOffQueueUsers",
        "oActiveUsers",
        "oMemberUsers",
        "oUserPresences",
      ],
    }),
  );
  for (const result of query.results) {
    const key = JSON.stringify(result.group);
    if (!lastByGroup.has(key)) continue;
    assert.deepEqual(
      JSON.parse(lastByGroup.get(key)!),
      result.data,
      `${key} is current`,
    );
  }
  assert.equal(sim.stats().notifications.messages, socket.frames.length);
  sim.close();
});

Deno.test("user topics send presence and routing status changes with their times", async () => {
  const { clock, sim, t, channel, socket } = await open({
    heartbeatMs: 3_600_000,
  });
  const activity = await json(
    await post(sim, t, "/api/v2/analytics/routing/activity/query", {
      metrics: [{ metric: "oMemberUsers", details: true }],
      groupBy: ["queueId"],
    }),
  );
  const users: string[] = [
    ...new Set<string>(
      activity.results.flatMap((r: { entities: { userId: string }[] }) =>
        r.entities.map((e) => e.userId)
      ),
    ),
  ];
  await json(
    await subscriptions(
      sim,
      t,
      channel.id,
      "PUT",
      users.map((u) => `v2.users.${u}?presence&routingStatus`),
    ),
  );
  await clock.tickAsync(120_000);
  const routing = socket.frames.filter((f) =>
    f.topicName.endsWith(".routingStatus")
  );
  assert.ok(routing.length > 5, `${routing.length} routing messages`);
  for (const f of routing) {
    const user = f.topicName.split(".")[2];
    assert.deepEqual(Object.keys(f.eventBody), ["id", "routingStatus"]);
    assert.equal(f.eventBody.id, user);
    assert.ok(Date.parse(f.eventBody.routingStatus.startTime) <= clock.now());
  }
  const last = new Map<string, string>();
  for (const f of routing) {
    const status = JSON.stringify(f.eventBody.routingStatus);
    assert.notEqual(last.get(f.topicName), status);
    last.set(f.topicName, status);
  }
  // The latest message per user is what GET /api/v2/users says now.
  const now = await json(
    await sim.fetch(
      `http://sim.test/api/v2/users?${
        users.map((u) => `id=${u}`).join("&")
      }&expand=routingStatus&pageSize=100`,
      { headers: { authorization: `Bearer ${t}` } },
    ),
  );
  for (const user of now.entities) {
    const topic = `v2.users.${user.id}.routingStatus`;
    if (!last.has(topic)) continue;
    assert.deepEqual(JSON.parse(last.get(topic)!), {
      status: user.routingStatus.status,
      startTime: user.routingStatus.startTime,
    });
  }
  sim.close();
});

Deno.test("a second connection closes the first; an unknown channel is refused", async () => {
  const { sim, channel, socket } = await open();
  const second = record(sim.connect(channel.connectUri));
  await settle();
  assert.equal(second.opened, true);
  assert.deepEqual(socket.closes, [{
    code: 4000,
    reason: "Another connection opened on this channel",
  }]);
  assert.equal(sim.stats().notifications.sockets, 1);
  const stranger = record(sim.connect("ws://sim.test/channels/streaming-9-x"));
  await settle();
  assert.equal(stranger.opened, false);
  assert.equal(stranger.errors, 1);
  assert.deepEqual(stranger.closes, [{
    code: 4404,
    reason: "Cannot connect: unknown or expired channel",
  }]);
  sim.close();
  await settle();
  assert.deepEqual(second.closes, [{
    code: 1000,
    reason: "The simulator is closing",
  }]);
});

Deno.test("at expiry the socket gets v2.system.socket_closing, then closes", async () => {
  const { clock, socket, channel, sim } = await open({
    channelLifetimeMs: 45_000,
  });
  await clock.tickAsync(45_000);
  assert.deepEqual(socket.frames.map((f) => f.topicName), [
    "channel.metadata",
    "v2.system.socket_closing",
  ]);
  const closing = socket.frames[1];
  assert.equal(closing.version, "2");
  assert.deepEqual(closing.eventBody, {
    channelId: channel.id,
    systemTopicType: "socket_closing",
    correlationId: closing.metadata.CorrelationId,
    message: "The channel expired",
  });
  assert.deepEqual(socket.closes, [{
    code: 4002,
    reason: "The channel expired",
  }]);
  const again = record(sim.connect(channel.connectUri));
  await settle();
  assert.equal(again.opened, false);
});

Deno.test("dropSockets closes every socket once; the channel takes a new one", async () => {
  const { sim, channel, socket } = await open();
  sim.setFaults({ dropSockets: true });
  await settle();
  assert.deepEqual(socket.closes, [{
    code: 4001,
    reason: "Dropped by the simulator",
  }]);
  assert.deepEqual(sim.stats().notifications.sockets, 0);
  const again = record(sim.connect(channel.connectUri));
  await settle();
  assert.equal(again.opened, true, "the fault is one-shot");
  assert.deepEqual(await sim.stats().notifications.channels, 1);
  sim.close();
});

Deno.test("silentSockets: no heartbeats, events or pongs until it ends", async () => {
  const { clock, sim, t, channel, socket, ids } = await open({
    heartbeatMs: 10_000,
  });
  await json(
    await subscriptions(sim, t, channel.id, "PUT", [
      `v2.analytics.queues.${ids[0]}.observations`,
    ]),
  );
  sim.setFaults({ silentSockets: true });
  socket.socket.send(JSON.stringify({ message: "ping" }));
  await clock.tickAsync(30_000);
  assert.equal(socket.frames.length, 0);
  assert.equal(socket.closes.length, 0, "silent, not closed");
  sim.clearFaults();
  await clock.tickAsync(10_000);
  assert.deepEqual(
    socket.frames.filter((f) => f.topicName === "channel.metadata"),
    [
      HEARTBEAT,
    ],
  );
  sim.close();
});

Deno.test("notificationsDown closes open sockets and refuses new ones", async () => {
  const { sim, channel, socket } = await open();
  sim.setFaults({ notificationsDown: true });
  await settle();
  assert.deepEqual(socket.closes, [{
    code: 4003,
    reason: "Notifications are down",
  }]);
  const refused = record(sim.connect(channel.connectUri));
  await settle();
  assert.equal(refused.opened, false);
  sim.clearFaults();
  const back = record(sim.connect(channel.connectUri));
  await settle();
  assert.equal(back.opened, true);
  sim.close();
});

Deno.test("sockets do not change the HTTP answers: the state at T is the same", async () => {
  const a = await open();
  const quiet = createSimulator({ seed: 6, clock: a.clock });
  const topics = a.ids.map((id) => `v2.analytics.queues.${id}.observations`);
  await json(await subscriptions(a.sim, a.t, a.channel.id, "PUT", topics));
  await a.clock.tickAsync(90_500);
  const body = {
    filter: queueFilter(a.ids),
    metrics: ["oWaiting", "oUserRoutingStatuses", "oLongestWaiting"],
  };
  const withSockets = await json(await post(a.sim, a.t, OBSERVATIONS, body));
  const without = await json(
    await post(quiet, await token(quiet), OBSERVATIONS, body),
  );
  assert.deepEqual(withSockets, without);
  assert.ok(a.socket.frames.length > 0);
  a.sim.close();
});
