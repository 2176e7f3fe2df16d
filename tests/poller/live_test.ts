/**
 * The live book: polled and pushed observations and agent states, the
 * newest value winning (a poll as of when it was asked, a push as of its
 * change stamp).
 *
 * @module
 */

import assert from "node:assert/strict";
import type {
  QueueObservationEvent,
  RoutingActivityResponse,
  UserRoutingStatusEvent,
} from "../../src/genesys/mod.ts";
import { createLiveBook } from "../../src/poller/_live.ts";

const T = Date.parse("2026-11-27T10:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

function pushed(
  queueId: string,
  mediaType: string | null,
  waiting: number,
  observedAt: number,
): QueueObservationEvent {
  return {
    kind: "queueObservation",
    channelId: "c",
    receivedAt: observedAt + 500,
    topicName: `v2.analytics.queues.${queueId}.observations`,
    queueId,
    mediaType,
    interval: `${iso(observedAt)}/${iso(observedAt)}`,
    observedAt,
    metrics: [{ metric: "oWaiting", stats: { count: waiting } }],
  };
}

function polled(...groups: [string, string | null, number][]) {
  return {
    results: groups.map(([queueId, mediaType, waiting]) => ({
      group: mediaType === null ? { queueId } : { queueId, mediaType },
      data: [{ metric: "oWaiting", stats: { count: waiting } }],
    })),
  };
}

function waitingOf(book: ReturnType<typeof createLiveBook>) {
  return book.observations().results.map((r) =>
    `${r.group.queueId}/${r.group.mediaType ?? "-"}=${r.data[0].stats.count}`
  );
}

Deno.test("live book: a poll keeps groups pushed after it was asked and takes the rest", () => {
  const book = createLiveBook();
  book.takePolled(polled(["q1", "voice", 1], ["q1", "chat", 1]), T);
  assert.equal(book.pushObservation(pushed("q1", "voice", 4, T + 2000)), true);
  assert.equal(book.pushObservation(pushed("q1", "chat", 5, T + 500)), true);
  // Asked at T + 1000: the voice push (T + 2000) is newer, the chat one not.
  book.takePolled(polled(["q1", "voice", 2], ["q1", "chat", 2]), T + 1000);
  assert.deepEqual(waitingOf(book), ["q1/voice=4", "q1/chat=2"]);
  // A poll asked later wins over everything.
  book.takePolled(polled(["q1", "voice", 3]), T + 3000);
  assert.deepEqual(waitingOf(book), ["q1/voice=3"]);
});

Deno.test("live book: a group the poll no longer has goes, unless pushed after it was asked", () => {
  const book = createLiveBook();
  book.takePolled(polled(["q1", null, 1], ["q2", null, 1]), T);
  book.pushObservation(pushed("q2", null, 7, T + 2000));
  book.takePolled(polled(["q1", null, 1]), T + 1000);
  assert.deepEqual(waitingOf(book), ["q1/-=1", "q2/-=7"]);
  book.takePolled(polled(["q1", null, 1]), T + 2000);
  assert.deepEqual(waitingOf(book), ["q1/-=1"]);
});

Deno.test("live book: a push older than what the book holds, or the same values, is no change", () => {
  const book = createLiveBook();
  book.takePolled(polled(["q1", "voice", 1]), T + 1000);
  assert.equal(book.pushObservation(pushed("q1", "voice", 9, T)), false);
  assert.deepEqual(waitingOf(book), ["q1/voice=1"]);
  assert.equal(book.pushObservation(pushed("q1", "voice", 1, T + 2000)), false);
  assert.equal(book.pushObservation(pushed("q1", "voice", 2, T + 2000)), true);
  assert.deepEqual(book.observations().results[0], {
    group: { queueId: "q1", mediaType: "voice" },
    data: [{ metric: "oWaiting", stats: { count: 2 } }],
  });
});

function routing(
  userId: string,
  status: string,
  changedAt: number | null,
): UserRoutingStatusEvent {
  return {
    kind: "userRoutingStatus",
    channelId: "c",
    receivedAt: T + 10_000,
    topicName: `v2.users.${userId}.routingStatus`,
    userId,
    status,
    changedAt,
  };
}

function activity(...entities: [string, string, number][]) {
  return {
    results: [{
      group: { queueId: "q1" },
      entities: entities.map(([userId, routingStatus, since]) => ({
        userId,
        routingStatus,
        routingStatusDate: iso(since),
        systemPresence: "ON_QUEUE",
        presenceDate: iso(T),
      })),
    }],
  } satisfies RoutingActivityResponse;
}

function statuses(answer: RoutingActivityResponse) {
  return answer.results![0].entities!.map((e) =>
    `${e.userId}:${e.routingStatus}@${e.routingStatusDate}`
  );
}

Deno.test("live book: pushed agent states newer than the poll's are laid over it", () => {
  const book = createLiveBook();
  assert.equal(book.pushAgent(routing("u1", "INTERACTING", T + 5000)), true);
  assert.equal(book.pushAgent(routing("u2", "IDLE", T - 5000)), true);
  const answer = activity(["u1", "IDLE", T], ["u2", "OFF_QUEUE", T]);
  assert.deepEqual(statuses(book.layOver(answer)), [
    `u1:INTERACTING@${iso(T + 5000)}`,
    `u2:OFF_QUEUE@${iso(T)}`,
  ]);
  // The poll catches up with u1: the push is forgotten, the poll rules.
  const later = activity(["u1", "IDLE", T + 6000], ["u2", "OFF_QUEUE", T]);
  assert.deepEqual(statuses(book.layOver(later)), [
    `u1:IDLE@${iso(T + 6000)}`,
    `u2:OFF_QUEUE@${iso(T)}`,
  ]);
  assert.deepEqual(statuses(book.layOver(answer)), [
    `u1:IDLE@${iso(T)}`,
    `u2:OFF_QUEUE@${iso(T)}`,
  ]);
});

Deno.test("live book: presence is laid over with its definition; a stamp-less push counts from its arrival", () => {
  const book = createLiveBook();
  book.pushAgent({
    kind: "userPresence",
    channelId: "c",
    receivedAt: T + 10_000,
    topicName: "v2.users.u1.presence",
    userId: "u1",
    systemPresence: "AWAY",
    presenceId: "p-away",
    changedAt: T + 3000,
  });
  book.pushAgent(routing("u1", "OFF_QUEUE", null));
  const [entity] = book.layOver(activity(["u1", "IDLE", T]))
    .results![0].entities!;
  assert.deepEqual(entity, {
    userId: "u1",
    routingStatus: "OFF_QUEUE",
    routingStatusDate: iso(T + 10_000),
    systemPresence: "AWAY",
    presenceDate: iso(T + 3000),
    organizationPresenceId: "p-away",
  });
  // An older push of the same part changes nothing.
  assert.equal(book.pushAgent(routing("u1", "IDLE", T + 1000)), false);
});

Deno.test("live book: agents the poll no longer lists are forgotten, and clear() forgets all", () => {
  const book = createLiveBook();
  book.pushAgent(routing("u9", "IDLE", T + 5000));
  book.layOver(activity(["u1", "IDLE", T]));
  assert.deepEqual(statuses(book.layOver(activity(["u9", "OFF_QUEUE", T]))), [
    `u9:OFF_QUEUE@${iso(T)}`,
  ]);
  book.takePolled(polled(["q1", null, 1]), T);
  book.clear();
  assert.deepEqual(book.observations(), { results: [] });
});
