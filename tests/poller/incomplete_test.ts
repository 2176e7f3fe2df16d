import assert from "node:assert/strict";
import type {
  RoutingActivityEntityData,
  RoutingActivityResponse,
} from "../../src/genesys/types.ts";
import { advance, startPoller } from "./_fakes.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");

function agent(
  userId: string,
  routingStatus: string,
): RoutingActivityEntityData {
  return { userId, queueId: "q-1", routingStatus };
}

function answer(
  entities: RoutingActivityEntityData[],
  truncated = false,
): RoutingActivityResponse {
  return {
    results: [{
      group: { queueId: "q-1" },
      data: [{ metric: "oOnQueueUsers", count: 3 }],
      entities,
      ...(truncated ? { truncated: true } : {}),
    }],
  };
}

Deno.test("poll() keeps the agents an incomplete activity answer left out, says so once, and lists the queues", async () => {
  const h = await startPoller();
  const answers = [
    answer([agent("u-1", "IDLE"), agent("u-2", "IDLE"), agent("u-3", "IDLE")]),
    answer([agent("u-1", "INTERACTING")], true),
    answer([agent("u-2", "INTERACTING")], true),
    answer([agent("u-1", "IDLE"), agent("u-2", "IDLE")]),
  ];
  let call = 0;
  h.api.activity = () => answers[Math.min(call++, answers.length - 1)];
  try {
    await advance(h.clock, 10_000);
    const entities = (i: number) =>
      h.inputs[i].input.activity.results![0].entities!.map((e) => [
        e.userId,
        e.routingStatus,
      ]);
    // Known agents are kept with their last known state, never dropped.
    assert.deepEqual(entities(1), [
      ["u-1", "INTERACTING"],
      ["u-2", "IDLE"],
      ["u-3", "IDLE"],
    ]);
    assert.deepEqual(entities(2), [
      ["u-2", "INTERACTING"],
      ["u-1", "INTERACTING"],
      ["u-3", "IDLE"],
    ]);
    // The truncated flag is passed on, and the queue is marked with the
    // time of the oldest state kept.
    assert.equal(h.inputs[2].input.activity.results![0].truncated, true);
    const iso = (ms: number) => new Date(T0 + ms).toISOString();
    assert.deepEqual(h.store.snapshots[2].parts?.activity, {
      fetchedAt: iso(10_000),
      incomplete: { "q-1": iso(0) },
    });
    assert.deepEqual(h.of("status").at(-1)!.status.incompleteQueueIds, [
      "q-1",
    ]);
    assert.equal(
      h.of("status").at(-1)!.status.reason,
      "Genesys cut the agent lists of 1 queue(s): agents it left out keep their last known state",
    );

    // A complete answer replaces what was known: u-3 left the queue.
    await advance(h.clock, 5000);
    assert.deepEqual(entities(3), [["u-1", "IDLE"], ["u-2", "IDLE"]]);
    assert.equal(h.store.snapshots[3].parts?.activity.incomplete, undefined);
    assert.deepEqual(h.of("status").at(-1)!.status.incompleteQueueIds, []);
    // One line when it began, one when it ended: not one per cycle.
    assert.deepEqual(
      h.lines.filter((l) => l.level !== "debug").map((l) => [l.level, l.msg]),
      [
        [
          "warn",
          "Cannot get the whole agent list of some queues: keeping their last known agents",
        ],
        ["info", "Agent lists are complete again"],
      ],
    );
    assert.deepEqual(h.lines[0].fields, { queues: 1, queueIds: ["q-1"] });
  } finally {
    await h.stop();
  }
});
