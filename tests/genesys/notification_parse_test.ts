import assert from "node:assert/strict";
import { parseNotification } from "../../src/genesys/mod.ts";
import { fixtureText } from "./_fake_genesys.ts";

const AT = Date.parse("2026-11-27T10:00:00.000Z");

function parse(text: string) {
  return parseNotification(text, "streaming-0-x", AT);
}

Deno.test("fixtures parse into their typed events", () => {
  assert.deepEqual(parse(fixtureText("notification_queue_observation.json")), [{
    channelId: "streaming-0-x",
    receivedAt: AT,
    kind: "queueObservation",
    topicName:
      "v2.analytics.queues.1d1af111-b11c-11f1-b111-1cf1c11111fc.observations",
    queueId: "1d1af111-b11c-11f1-b111-1cf1c11111fc",
    mediaType: "voice",
    interval: "2024-12-30T09:46:54.839Z/2024-12-30T09:46:54.839Z",
    observedAt: Date.parse("2024-12-30T09:46:54.839Z"),
    metrics: [
      { metric: "oAlerting", stats: { count: 0 } },
      { metric: "oWaiting", stats: { count: 0 } },
      {
        metric: "oLongestWaiting",
        stats: { calculatedMetricValue: 1735551960123 },
      },
    ],
  }]);
  const users = parse(fixtureText("notification_queue_observation_users.json"));
  assert.equal(users[0].kind, "queueObservation");
  assert.equal(
    users[0].kind === "queueObservation" && users[0].mediaType,
    null,
  );
  assert.deepEqual(parse(fixtureText("notification_presence.json")), [{
    channelId: "streaming-0-x",
    receivedAt: AT,
    kind: "userPresence",
    topicName: "v2.users.9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f.presence",
    userId: "9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f",
    systemPresence: "AVAILABLE",
    presenceId: "6a3af858-942f-489d-9700-5f9bcdcdae9b",
    changedAt: Date.parse("2026-03-01T10:05:00.000Z"),
  }]);
  assert.deepEqual(parse(fixtureText("notification_routing_status.json")), [{
    channelId: "streaming-0-x",
    receivedAt: AT,
    kind: "userRoutingStatus",
    topicName: "v2.users.U1.routingStatus",
    userId: "U1",
    status: "NOT_RESPONDING",
    changedAt: Date.parse("2026-03-01T10:05:00.000Z"),
  }]);
  const kinds = [
    "notification_heartbeat.json",
    "notification_pong.json",
    "notification_socket_closing.json",
  ].map((f) => parse(fixtureText(f))[0]);
  assert.deepEqual(kinds, [
    { channelId: "streaming-0-x", receivedAt: AT, kind: "heartbeat" },
    { channelId: "streaming-0-x", receivedAt: AT, kind: "pong" },
    {
      channelId: "streaming-0-x",
      receivedAt: AT,
      kind: "socketClosing",
      message: "The socket is closing",
    },
  ]);
});

Deno.test("a 30-minute bucket on the observation topic is a queueAggregate", () => {
  const [event] = parse(JSON.stringify({
    topicName: "v2.analytics.queues.Q1.observations",
    version: "2",
    eventBody: {
      group: { queueId: "Q1", mediaType: "voice" },
      data: [{
        interval: "2024-12-30T09:30:00.000Z/2024-12-30T10:00:00.000Z",
        metrics: [{ metric: "nOffered", stats: { count: 2 } }],
      }],
    },
  }));
  assert.equal(event.kind, "queueAggregate");
});

Deno.test("nothing is dropped: odd frames are invalid or unknown events", () => {
  assert.deepEqual(parse("{not json"), [{
    channelId: "streaming-0-x",
    receivedAt: AT,
    kind: "invalid",
    error: "Cannot parse notification: not JSON",
    text: "{not json",
  }]);
  assert.equal(
    parse('{"message":"hello"}')[0].kind === "invalid" &&
      (parse('{"message":"hello"}')[0] as { error: string }).error,
    "Cannot parse notification: not an envelope with topicName and eventBody",
  );
  const other = {
    topicName: "v2.routing.queues.Q1.conversations",
    version: "2",
    eventBody: { id: "c-1" },
  };
  assert.deepEqual(parse(JSON.stringify(other)), [{
    channelId: "streaming-0-x",
    receivedAt: AT,
    kind: "unknown",
    envelope: other,
  }]);
  const broken = {
    topicName: "v2.analytics.queues.Q1.observations",
    eventBody: { group: {}, data: [{ interval: "yesterday", metrics: [] }] },
  };
  assert.equal(parse(JSON.stringify(broken))[0].kind, "unknown");
  const noStatus = {
    topicName: "v2.users.U1.routingStatus",
    eventBody: { id: "U1" },
  };
  assert.equal(parse(JSON.stringify(noStatus))[0].kind, "unknown");
  const chatter = {
    topicName: "channel.metadata",
    eventBody: { message: "hello" },
  };
  assert.equal(parse(JSON.stringify(chatter))[0].kind, "unknown");
});
