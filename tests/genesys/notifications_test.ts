/**
 * The notification client against the in-process simulator on fake time:
 * channels, sharding, typed events, health, faults and recovery.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  createNotificationClient,
  GenesysApiError,
  type NotificationClientOptions,
  type NotificationEvent,
} from "../../src/genesys/mod.ts";
import {
  createSimulator,
  type SimulatorOptions,
} from "../../src/simulator/mod.ts";
import { FakeClock, settle } from "../_support/mod.ts";

const T0 = "2026-11-27T10:00:00.000Z";
const OBS = "analytics:queueObservation:view";
const SIM = "http://sim.test";

function setup(
  simOptions: SimulatorOptions = {},
  clientOptions: Partial<NotificationClientOptions> = {},
) {
  const clock = new FakeClock(T0);
  const sim = createSimulator({ seed: 9, clock, ...simOptions });
  const push = createNotificationClient({
    apiUrl: SIM,
    loginUrl: SIM,
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: (request) => sim.handler(request),
    clock,
    connect: (url) => sim.connect(url),
    ...clientOptions,
  });
  const events: NotificationEvent[] = [];
  const queueTopics = sim.queueIds().map((id) =>
    `v2.analytics.queues.${id}.observations`
  );
  return {
    clock,
    sim,
    push,
    events,
    queueTopics,
    onEvent: (e: NotificationEvent) => events.push(e),
    of: <K extends NotificationEvent["kind"]>(kind: K) =>
      events.filter((e) => e.kind === kind) as Extract<
        NotificationEvent,
        { kind: K }
      >[],
  };
}

Deno.test("open subscribes the topics, opens the socket and delivers typed events", async () => {
  const t = setup({ heartbeatMs: 30_000 });
  const session = await t.push.open(t.queueTopics, { onEvent: t.onEvent });
  const [health] = session.health();
  assert.match(health.id, /^streaming-0-/);
  assert.equal(health.connectUri, `ws://sim.test/channels/${health.id}`);
  assert.equal(health.open, true);
  assert.equal(health.openedAt, t.clock.now());
  assert.equal(health.expiresAt, Date.parse("2026-11-28T10:00:00.000Z"));
  assert.deepEqual(health.topics, t.queueTopics);
  assert.deepEqual(health.rejected, []);
  const log = t.sim.stats().log.map((e) => `${e.method} ${e.path}`);
  assert.deepEqual(log.slice(1), [
    "POST /api/v2/notifications/channels",
    `PUT /api/v2/notifications/channels/${health.id}/subscriptions`,
  ]);
  await t.clock.tickAsync(60_000);
  const observations = t.of("queueObservation");
  assert.ok(observations.length > 10, `${observations.length} observations`);
  for (const e of observations) {
    assert.equal(e.channelId, health.id);
    assert.ok(t.sim.queueIds().includes(e.queueId));
    assert.equal(e.topicName, `v2.analytics.queues.${e.queueId}.observations`);
    assert.ok(
      e.observedAt <= e.receivedAt && e.observedAt > e.receivedAt - 1000,
    );
    assert.ok(e.metrics.length > 0);
  }
  assert.ok(observations.some((e) => e.mediaType === null), "user group");
  assert.ok(observations.some((e) => e.mediaType === "voice"), "voice group");
  assert.equal(t.of("heartbeat").length, 2);
  assert.equal(session.health()[0].lastHeartbeatAt, Date.parse(T0) + 60_000);
  session.ping();
  await settle();
  assert.equal(t.events.at(-1)!.kind, "pong");
  session.close();
  await settle();
  assert.deepEqual(t.events.at(-1), {
    kind: "closed",
    channelId: health.id,
    receivedAt: t.clock.now(),
    code: 1000,
    reason: "Client closing",
  });
  assert.equal(t.sim.stats().notifications.sockets, 0);
});

Deno.test("user topics give presence and routing status events with their change times", async () => {
  const t = setup();
  const users = await (await t.sim.fetch(
    `${SIM}/api/v2/users?pageSize=100`,
    {
      headers: {
        authorization: `Bearer ${
          (await (await t.sim.fetch(`${SIM}/oauth/token`, {
            method: "POST",
            headers: {
              authorization: `Basic ${btoa("sim-client:sim-secret")}`,
            },
            body: "grant_type=client_credentials",
          })).json()).access_token
        }`,
      },
    },
  )).json();
  const topics = users.entities.map((u: { id: string }) =>
    `v2.users.${u.id}?presence&routingStatus`
  );
  const session = await t.push.open(topics, { onEvent: t.onEvent });
  await t.clock.tickAsync(120_000);
  const routing = t.of("userRoutingStatus");
  assert.ok(routing.length > 5);
  for (const e of routing) {
    assert.equal(e.topicName, `v2.users.${e.userId}.routingStatus`);
    assert.ok(
      ["IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING", "OFF_QUEUE"]
        .includes(e.status),
    );
    assert.ok(e.changedAt !== null && e.changedAt <= e.receivedAt);
  }
  for (const e of t.of("userPresence")) {
    assert.equal(typeof e.systemPresence, "string");
    assert.equal(typeof e.presenceId, "string");
  }
  session.close();
});

Deno.test("topics are sharded over channels; more than the channels can hold is a RangeError", async () => {
  const t = setup({}, { topicsPerChannel: 5 });
  const session = await t.push.open(t.queueTopics, { onEvent: t.onEvent });
  const health = session.health();
  assert.deepEqual(health.map((h) => h.topics.length), [5, 5, 2]);
  assert.deepEqual(health.flatMap((h) => h.topics), t.queueTopics);
  assert.equal(t.sim.stats().notifications.sockets, 3);
  await session.setTopics(t.queueTopics.slice(0, 7));
  assert.deepEqual(session.health().map((h) => h.topics.length), [5, 2]);
  await settle();
  assert.equal(t.sim.stats().notifications.sockets, 2);
  assert.equal(t.sim.stats().notifications.subscriptions, 7);
  session.close();
  const tight = setup({}, { topicsPerChannel: 5, maxChannels: 2 });
  await assert.rejects(
    tight.push.open(tight.queueTopics, { onEvent: tight.onEvent }),
    new RangeError(
      "Cannot subscribe: 12 topics need 3 channels, more than 2 of 5 topics",
    ),
  );
  assert.equal(tight.sim.stats().notifications.channels, 0);
  assert.throws(
    () => setup({}, { topicsPerChannel: 1001 }),
    new RangeError(
      "Cannot create notification client: topicsPerChannel must be an integer from 1 to 1000, got 1001",
    ),
  );
});

Deno.test("rejected topics are health facts with rejectionReason and missingPermissions", async () => {
  const t = setup();
  t.sim.setFaults({ missingPermissions: [OBS] });
  const session = await t.push.open(
    [t.queueTopics[0], "v2.users.u-nobody.presence"],
    { onEvent: t.onEvent },
  );
  assert.deepEqual(session.health()[0].rejected, [
    {
      id: t.queueTopics[0],
      state: "Rejected",
      rejectionReason: "Missing permissions",
      missingPermissions: [OBS],
    },
    {
      id: "v2.users.u-nobody.presence",
      state: "Rejected",
      rejectionReason: "Entity not found",
    },
  ]);
  session.close();
});

Deno.test("a dropped socket is a closed event; reconnect reopens the same channel", async () => {
  const t = setup();
  const session = await t.push.open(t.queueTopics, { onEvent: t.onEvent });
  const id = session.health()[0].id;
  t.sim.setFaults({ dropSockets: true });
  await settle();
  assert.deepEqual(t.of("closed").map((e) => [e.code, e.reason]), [[
    4001,
    "Dropped by the simulator",
  ]]);
  const down = session.health()[0];
  assert.deepEqual([down.open, down.closeCode], [false, 4001]);
  await session.reconnect();
  assert.equal(session.health()[0].id, id, "same channel");
  assert.equal(session.health()[0].open, true);
  assert.equal(t.sim.stats().notifications.channels, 1);
  await session.reconnect();
  assert.equal(
    t.sim.stats().log.filter((e) => e.method === "HEAD").length,
    1,
    "an open socket is left alone",
  );
  session.close();
});

Deno.test("at expiry: socketClosing, closed, and reconnect makes a new channel with the topics", async () => {
  const t = setup({ channelLifetimeMs: 10_000 });
  const session = await t.push.open(t.queueTopics, { onEvent: t.onEvent });
  const first = session.health()[0];
  assert.equal(first.expiresAt, t.clock.now() + 10_000);
  await t.clock.tickAsync(10_000);
  const kinds = t.events.map((e) => e.kind).filter((k) =>
    k === "socketClosing" || k === "closed"
  );
  assert.deepEqual(kinds, ["socketClosing", "closed"]);
  await session.reconnect();
  const second = session.health()[0];
  assert.notEqual(second.id, first.id);
  assert.equal(second.open, true);
  assert.deepEqual(second.topics, t.queueTopics);
  assert.equal(t.sim.stats().notifications.subscriptions, 12);
  session.close();
});

Deno.test("renew resubscribes and keeps the channel past its first expiry", async () => {
  const t = setup({ channelLifetimeMs: 20_000 });
  const session = await t.push.open(t.queueTopics, { onEvent: t.onEvent });
  await t.clock.tickAsync(15_000);
  await session.renew();
  assert.equal(session.health()[0].expiresAt, t.clock.now() + 20_000);
  await t.clock.tickAsync(15_000);
  assert.equal(session.health()[0].open, true);
  assert.equal(t.of("closed").length, 0);
  session.close();
});

Deno.test("aborting the session's signal closes every socket", async () => {
  const t = setup({}, { topicsPerChannel: 6 });
  const controller = new AbortController();
  const session = await t.push.open(t.queueTopics, {
    onEvent: t.onEvent,
    signal: controller.signal,
  });
  assert.equal(t.sim.stats().notifications.sockets, 2);
  controller.abort();
  await settle();
  assert.equal(t.sim.stats().notifications.sockets, 0);
  assert.deepEqual(session.health().map((h) => h.open), [false, false]);
});

Deno.test("open fails cleanly: notifications down, a refused socket, a socket that never opens", async () => {
  const down = setup();
  down.sim.setFaults({ notificationsDown: true });
  await assert.rejects(
    down.push.open(down.queueTopics, { onEvent: down.onEvent }),
    (e: unknown) => e instanceof GenesysApiError && e.status === 503,
  );
  const refused = setup({}, {
    connect: (url) => refusedSim.connect(url + "x"),
  });
  const refusedSim = refused.sim;
  await assert.rejects(
    refused.push.open(refused.queueTopics, { onEvent: refused.onEvent }),
    (e: unknown) => {
      assert.ok(e instanceof GenesysApiError);
      assert.equal(e.code, "socket.error");
      assert.match(
        e.message,
        /^Cannot open notification socket: channel "streaming-0-\w+" closed with 4404 "Cannot connect: unknown or expired channel"$/,
      );
      return true;
    },
  );
  const silent = setup({}, {
    timeoutMs: 5000,
    connect: () => ({
      readyState: 0,
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      send() {},
      close() {},
    }),
  });
  const opening = silent.push.open(silent.queueTopics, {
    onEvent: silent.onEvent,
  });
  const failed = assert.rejects(opening, (e: unknown) => {
    assert.ok(e instanceof GenesysApiError);
    assert.equal(e.code, "request.timeout");
    return true;
  });
  await silent.clock.tickAsync(5000);
  await failed;
});
