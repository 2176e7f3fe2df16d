import { deepEqual, equal, throws } from "node:assert/strict";
import {
  buildSnapshot,
  DEFAULT_ALERT_RULES,
  normalisePresence,
  type PollInput,
  type QueueState,
} from "../../src/snapshot/mod.ts";
import {
  capturedAggregates,
  emptyInput,
  queue,
  TUTORIAL_QUEUE,
  tutorialObservations,
} from "./_fixtures.ts";

const FETCHED_AT = Date.parse("2026-11-27T10:00:00.000Z");
const OPTIONS = {
  source: "genesys" as const,
  fetchedAt: FETCHED_AT,
  rules: [...DEFAULT_ALERT_RULES],
};

Deno.test("buildSnapshot() sums the media groups of the tutorial answer", () => {
  const input: PollInput = {
    ...emptyInput([
      queue(TUTORIAL_QUEUE, { name: "Support", division: { id: "d-1" } }),
    ]),
    observations: tutorialObservations(),
  };
  const data = buildSnapshot(input, OPTIONS);
  const expected: QueueState = {
    id: TUTORIAL_QUEUE,
    name: "Support",
    divisionId: "d-1",
    waiting: 0,
    interacting: 2,
    alerting: 0,
    oldestWaitingSince: null,
    oldestInteractingSince: "2020-08-03T04:27:36.780Z",
    byMedia: {
      callback: { waiting: 0, interacting: 0, alerting: 0 },
      chat: { waiting: 0, interacting: 1, alerting: 0 },
      email: { waiting: 0, interacting: 0, alerting: 0 },
      message: { waiting: 0, interacting: 0, alerting: 0 },
      voice: { waiting: 0, interacting: 1, alerting: 0 },
    },
    agents: {
      members: 0,
      active: 0,
      onQueue: 0,
      offQueue: 0,
      idle: 1,
      interacting: 2,
      communicating: 0,
      notResponding: 0,
    },
    today: {
      interval: "2026-11-27T10:00:00.000Z/2026-11-27T10:00:00.000Z",
      offered: 0,
      answered: 0,
      abandoned: 0,
      flowOut: 0,
      serviceLevel: null,
      serviceLevelTarget: null,
      abandonRate: null,
      ahtMs: null,
      asaMs: null,
    },
    alerts: [],
  };
  deepEqual(data, {
    fetchedAt: "2026-11-27T10:00:00.000Z",
    source: "genesys",
    queues: { [TUTORIAL_QUEUE]: expected },
    agents: {},
    sums: {
      [TUTORIAL_QUEUE]: {
        slNumerator: 0,
        slDenominator: 0,
        handleSumMs: 0,
        handleCount: 0,
        answeredSumMs: 0,
        answeredCount: 0,
      },
    },
    trend: {},
    trendSums: {},
  });
  equal(
    JSON.stringify(Object.keys(data.queues[TUTORIAL_QUEUE].byMedia)),
    '["callback","chat","email","message","voice"]',
  );
});

function longestWaiting(...values: [string, number][]): PollInput {
  return {
    ...emptyInput([queue("q-1")]),
    observations: {
      results: values.map(([mediaType, value]) => ({
        group: { queueId: "q-1", mediaType },
        data: [
          { metric: "oWaiting", stats: { count: 1 } },
          {
            metric: "oLongestWaiting",
            stats: { calculatedMetricValue: value },
          },
        ],
      })),
    },
  };
}

Deno.test("buildSnapshot() reads an epoch-ms oLongestWaiting as a timestamp", () => {
  const at = Date.parse("2026-11-27T09:58:20.123Z");
  const data = buildSnapshot(longestWaiting(["voice", at]), OPTIONS);
  equal(data.queues["q-1"].oldestWaitingSince, "2026-11-27T09:58:20.123Z");
});

Deno.test("buildSnapshot() reads a small oLongestWaiting as a duration", () => {
  const data = buildSnapshot(longestWaiting(["voice", 95_500]), OPTIONS);
  equal(data.queues["q-1"].oldestWaitingSince, "2026-11-27T09:58:24.500Z");
});

Deno.test("buildSnapshot() takes the oldest wait over media groups", () => {
  const at = Date.parse("2026-11-27T09:59:00.000Z");
  const data = buildSnapshot(
    longestWaiting(["voice", at], ["chat", 120_000], ["email", 5_000]),
    OPTIONS,
  );
  const q = data.queues["q-1"];
  equal(q.oldestWaitingSince, "2026-11-27T09:58:00.000Z");
  equal(q.waiting, 3);
  deepEqual(q.alerts.map((a) => a.rule), ["oldest-wait-critical"]);
  deepEqual(q.alerts[0], {
    rule: "oldest-wait-critical",
    severity: "critical",
    metric: "oldestWaitingMs",
    value: 120_000,
    threshold: 60_000,
  });
});

Deno.test("buildSnapshot() sums user metrics over qualifiers", () => {
  const input: PollInput = {
    ...emptyInput([queue("q-1")]),
    observations: {
      results: [{
        group: { queueId: "q-1" },
        data: [
          { metric: "oMemberUsers", stats: { count: 14 } },
          { metric: "oActiveUsers", stats: { count: 12 } },
          { metric: "oOnQueueUsers", qualifier: "IDLE", stats: { count: 3 } },
          {
            metric: "oOnQueueUsers",
            qualifier: "INTERACTING",
            stats: { count: 5 },
          },
          {
            metric: "oOnQueueUsers",
            qualifier: "NOT_RESPONDING",
            stats: { count: 2 },
          },
          { metric: "oOffQueueUsers", qualifier: "AWAY", stats: { count: 1 } },
          { metric: "oOffQueueUsers", qualifier: "BREAK", stats: { count: 1 } },
          {
            metric: "oUserRoutingStatuses",
            qualifier: "IDLE",
            stats: { count: 3 },
          },
          {
            metric: "oUserRoutingStatuses",
            qualifier: "COMMUNICATING",
            stats: { count: 1 },
          },
          {
            metric: "oUserRoutingStatuses",
            qualifier: "NOT_RESPONDING",
            stats: { count: 2 },
          },
        ],
      }],
    },
  };
  const q = buildSnapshot(input, OPTIONS).queues["q-1"];
  deepEqual(q.agents, {
    members: 14,
    active: 12,
    onQueue: 10,
    offQueue: 2,
    idle: 3,
    interacting: 0,
    communicating: 1,
    notResponding: 2,
  });
  deepEqual(q.byMedia, {});
  deepEqual(q.alerts.map((a) => [a.rule, a.value]), [
    ["agent-not-responding", 2],
  ]);
});

Deno.test("buildSnapshot() takes today from the captured aggregate group", () => {
  const input: PollInput = {
    ...emptyInput([queue("q-1")]),
    aggregates: capturedAggregates("q-1"),
    aggregateInterval: "2026-11-27T00:00:00.000Z/2026-11-27T10:00:00.000Z",
  };
  const data = buildSnapshot(input, OPTIONS);
  deepEqual(data.queues["q-1"].today, {
    interval: "2026-11-27T00:00:00.000Z/2026-11-27T10:00:00.000Z",
    offered: 877,
    answered: 787,
    abandoned: 83,
    flowOut: 7,
    serviceLevel: 414 / 870,
    serviceLevelTarget: 0.8,
    abandonRate: 83 / 877,
    ahtMs: 161053,
    asaMs: 51181,
  });
  deepEqual(data.sums["q-1"], {
    slNumerator: 414,
    slDenominator: 870,
    handleSumMs: 131580101,
    handleCount: 817,
    answeredSumMs: 40279740,
    answeredCount: 787,
  });
  deepEqual(data.queues["q-1"].alerts.map((a) => a.rule), [
    "service-level-below-target",
  ]);
});

Deno.test("buildSnapshot() keeps unchanged today figures with their first interval", () => {
  const at = (end: string): PollInput => ({
    ...emptyInput([queue("q-1")]),
    aggregates: capturedAggregates("q-1"),
    aggregateInterval: `2026-11-27T00:00:00.000Z/${end}`,
  });
  const first = buildSnapshot(at("2026-11-27T10:00:00.000Z"), OPTIONS);
  // Same figures 30 s later: the queue does not change at all.
  const same = buildSnapshot(at("2026-11-27T10:00:30.000Z"), {
    ...OPTIONS,
    previous: first,
  });
  equal(same.queues["q-1"].today, first.queues["q-1"].today);
  // Other figures: the new interval comes with them.
  const busier = at("2026-11-27T10:00:30.000Z");
  busier.aggregates!.results![0].data[0].metrics[0].stats.count = 878;
  const moved = buildSnapshot(busier, { ...OPTIONS, previous: first });
  equal(
    moved.queues["q-1"].today.interval,
    "2026-11-27T00:00:00.000Z/2026-11-27T10:00:30.000Z",
  );
  equal(moved.queues["q-1"].today.offered, 878);
  // A new day never keeps yesterday's interval, even with equal figures.
  const nextDay = buildSnapshot({
    ...at("2026-11-28T00:00:30.000Z"),
    aggregateInterval: "2026-11-28T00:00:00.000Z/2026-11-28T00:00:30.000Z",
  }, { ...OPTIONS, previous: first });
  equal(
    nextDay.queues["q-1"].today.interval,
    "2026-11-28T00:00:00.000Z/2026-11-28T00:00:30.000Z",
  );
});

Deno.test("buildSnapshot() sums aggregates over media types", () => {
  const aggregates = capturedAggregates("q-1");
  aggregates.results!.push({
    group: { queueId: "q-1", mediaType: "chat" },
    data: [{
      interval: "x",
      metrics: [
        { metric: "nOffered", stats: { count: 23 } },
        { metric: "tAnswered", stats: { count: 13, sum: 260 } },
        { metric: "tAbandon", stats: { count: 10, sum: 1 } },
        { metric: "tHandle", stats: { count: 3, sum: 99 } },
        {
          metric: "oServiceLevel",
          stats: { numerator: 6, denominator: 30, target: 0.5 },
        },
      ],
    }],
  });
  const today = buildSnapshot(
    { ...emptyInput([queue("q-1")]), aggregates },
    OPTIONS,
  ).queues["q-1"].today;
  deepEqual(today, {
    interval: "2026-11-27T10:00:00.000Z/2026-11-27T10:00:00.000Z",
    offered: 900,
    answered: 800,
    abandoned: 93,
    flowOut: 7,
    serviceLevel: 420 / 900,
    serviceLevelTarget: 0.8,
    abandonRate: 93 / 900,
    ahtMs: Math.round(131580200 / 820),
    asaMs: Math.round(40280000 / 800),
  });
});

Deno.test("buildSnapshot() falls back to the queue's call service level", () => {
  const input = emptyInput([
    queue("q-1", {
      mediaSettings: {
        chat: { serviceLevel: { percentage: 0.7, durationMs: 60000 } },
        call: { serviceLevel: { percentage: 0.9, durationMs: 20000 } },
      },
    }),
    queue("q-2", {
      mediaSettings: {
        email: {},
        chat: { serviceLevel: { percentage: 0.7, durationMs: 60000 } },
      },
    }),
  ]);
  const data = buildSnapshot(input, OPTIONS);
  equal(data.queues["q-1"].today.serviceLevelTarget, 0.9);
  equal(data.queues["q-2"].today.serviceLevelTarget, 0.7);
  equal(data.queues["q-1"].today.serviceLevel, null);
});

function activityInput(): PollInput {
  return {
    ...emptyInput([queue("q-2"), queue("q-1")]),
    activity: {
      entityIdDimension: "userId",
      results: [
        {
          group: { queueId: "q-2" },
          entities: [
            {
              userId: "u-1",
              queueId: "q-2",
              activityDate: "2026-11-27T09:59:00.000Z",
              routingStatus: "interacting",
              routingStatusDate: "2026-11-27T09:58:12Z",
              systemPresence: "OnQueue",
              presenceDate: "2026-11-27T08:01:00.000Z",
            },
            {
              userId: "u-2",
              routingStatus: "SOMETHING_ELSE",
              systemPresence: "On Queue",
            },
          ],
        },
        {
          group: { queueId: "q-1" },
          entities: [
            {
              userId: "u-1",
              queueId: "q-1",
              activityDate: "2026-11-27T09:00:00.000Z",
              routingStatus: "IDLE",
              systemPresence: "Available",
            },
            {
              userId: "u-3",
              routingStatus: "IDLE",
              systemPresence: "on_queue",
            },
          ],
        },
        {
          group: { queueId: "q-unknown" },
          entities: [
            { userId: "u-1", routingStatus: "IDLE" },
            { userId: "u-9", routingStatus: "IDLE" },
          ],
        },
      ],
    },
    users: {
      "u-1": { id: "u-1", name: "Ana Agent" },
      "u-3": { id: "u-3", name: "Cy Agent" },
    },
  };
}

Deno.test("buildSnapshot() builds agents with sorted directory queueIds", () => {
  const data = buildSnapshot(activityInput(), OPTIONS);
  deepEqual(Object.keys(data.agents), ["u-1", "u-2", "u-3"]);
  deepEqual(data.agents, {
    "u-1": {
      id: "u-1",
      name: "Ana Agent",
      routingStatus: "INTERACTING",
      routingStatusSince: "2026-11-27T09:58:12.000Z",
      presence: "ON_QUEUE",
      presenceSince: "2026-11-27T08:01:00.000Z",
      queueIds: ["q-1", "q-2"],
    },
    "u-2": {
      id: "u-2",
      name: "u-2",
      routingStatus: "OFF_QUEUE",
      routingStatusSince: null,
      presence: "ON_QUEUE",
      presenceSince: null,
      queueIds: ["q-2"],
    },
    "u-3": {
      id: "u-3",
      name: "Cy Agent",
      routingStatus: "IDLE",
      routingStatusSince: null,
      presence: "ON_QUEUE",
      presenceSince: null,
      queueIds: ["q-1"],
    },
  });
  deepEqual(Object.keys(data.queues), ["q-1", "q-2"]);
});

Deno.test("normalisePresence() accepts every casing of the endpoints", () => {
  deepEqual(
    [
      "OnQueue",
      "On Queue",
      "on_queue",
      "ON_QUEUE",
      "Available",
      "BREAK",
      "Meal",
      "SomethingNew",
      "",
      undefined,
    ].map(normalisePresence),
    [
      "ON_QUEUE",
      "ON_QUEUE",
      "ON_QUEUE",
      "ON_QUEUE",
      "AVAILABLE",
      "BREAK",
      "MEAL",
      "SOMETHING_NEW",
      "UNKNOWN",
      "UNKNOWN",
    ],
  );
});

Deno.test("buildSnapshot() gives identical JSON for the same input in any order", () => {
  const a = activityInput();
  const b = activityInput();
  b.queues.reverse();
  b.activity.results!.reverse();
  const obsA = tutorialObservations();
  const obsB = tutorialObservations();
  obsB.results.reverse();
  equal(
    JSON.stringify(buildSnapshot({ ...a, observations: obsA }, OPTIONS)),
    JSON.stringify(buildSnapshot({ ...b, observations: obsB }, OPTIONS)),
  );
});

Deno.test("buildSnapshot() refuses an invalid fetchedAt", () => {
  throws(
    () => buildSnapshot(emptyInput([]), { ...OPTIONS, fetchedAt: NaN }),
    new RangeError('Cannot build snapshot: invalid "fetchedAt" NaN'),
  );
});
