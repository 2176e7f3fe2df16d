import assert from "node:assert/strict";
import type { Clock } from "../../src/clock.ts";
import { createSimulator, type Simulator } from "../../src/simulator/mod.ts";
import {
  AGGREGATES,
  BASE,
  get,
  json,
  OBSERVATIONS,
  post,
  queueFilter,
  token,
} from "./_helpers.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const MINUTE = 60_000;

/** Simulators of seed 1 that share one stepped clock. */
function world(count: number) {
  const clock = { at: T0 };
  const c: Clock = { now: () => clock.at, sleep: () => Promise.resolve() };
  const sims = Array.from(
    { length: count },
    () => createSimulator({ seed: 1, clock: c }),
  );
  return { clock, sims };
}

interface Figures {
  waiting: number;
  oldestWaitMs: number;
  offered: number;
  abandoned: number;
  serviceLevel: number;
}

/** One queue as a wallboard sees it: live counts and today so far. */
async function figures(sim: Simulator, t: string, now: number, q: string) {
  const obs = await json(
    await post(sim, t, OBSERVATIONS, {
      filter: queueFilter([q]),
      metrics: ["oWaiting", "oLongestWaiting"],
    }),
  );
  const out: Figures = {
    waiting: 0,
    oldestWaitMs: 0,
    offered: 0,
    abandoned: 0,
    serviceLevel: 0,
  };
  for (const g of obs.results) {
    for (const d of g.data) {
      if (d.metric === "oWaiting") out.waiting += d.stats.count;
      if (d.metric === "oLongestWaiting") {
        out.oldestWaitMs = Math.max(
          out.oldestWaitMs,
          now - d.stats.calculatedMetricValue,
        );
      }
    }
  }
  const agg = await json(
    await post(sim, t, AGGREGATES, {
      interval: `2026-11-27T00:00:00.000Z/${new Date(now + 1).toISOString()}`,
      groupBy: ["queueId"],
      filter: queueFilter([q]),
      metrics: ["nOffered", "tAbandon", "oServiceLevel"],
    }),
  );
  let numerator = 0;
  let denominator = 0;
  for (const g of agg.results) {
    for (const m of g.data[0].metrics) {
      if (m.metric === "nOffered") out.offered += m.stats.count;
      if (m.metric === "tAbandon") out.abandoned += m.stats.count;
      if (m.metric === "oServiceLevel") {
        numerator += m.stats.numerator;
        denominator += m.stats.denominator;
      }
    }
  }
  out.serviceLevel = numerator / denominator;
  return out;
}

function putScenario(sim: Simulator, body: unknown): Promise<Response> {
  return sim.fetch(`${BASE}/__sim/scenario`, {
    method: "PUT",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

Deno.test("scenario: a spike raises waiting, oldest wait and abandons and lowers service level within a few polls", async () => {
  const { clock, sims: [base, spiked] } = world(2);
  const [tb, ts] = [await token(base), await token(spiked)];
  const support = base.queueIds()[0];
  const before = await figures(base, tb, T0, support);
  assert.deepEqual(await figures(spiked, ts, T0, support), before);
  const started = await json(
    await putScenario(spiked, {
      spike: { queue: "support", factor: 3, minutes: 20 },
    }),
  );
  assert.deepEqual(started, {
    spike: {
      queue: support,
      queueName: "Support",
      factor: 3,
      minutes: 20,
      startedAt: "2026-11-27T10:00:00.000Z",
      endsAt: "2026-11-27T10:20:00.000Z",
    },
  });
  let peakWaiting = [0, 0];
  let peakOldest = [0, 0];
  for (let poll = 1; poll <= 6; poll++) {
    clock.at = T0 + poll * 30_000;
    const b = await figures(base, tb, clock.at, support);
    const s = await figures(spiked, ts, clock.at, support);
    assert.ok(
      s.offered > b.offered,
      `poll ${poll}: more conversations offered`,
    );
    peakWaiting = [
      Math.max(peakWaiting[0], b.waiting),
      Math.max(peakWaiting[1], s.waiting),
    ];
    peakOldest = [
      Math.max(peakOldest[0], b.oldestWaitMs),
      Math.max(peakOldest[1], s.oldestWaitMs),
    ];
  }
  assert.deepEqual(peakWaiting, [0, 2], "waiting within three minutes");
  assert.equal(peakOldest[0], 0);
  assert.ok(peakOldest[1] > 30_000, `oldest wait ${peakOldest[1]}`);
  clock.at = T0 + 20 * MINUTE;
  const b = await figures(base, tb, clock.at, support);
  const s = await figures(spiked, ts, clock.at, support);
  assert.ok(
    s.abandoned >= b.abandoned + 8,
    `abandoned ${s.abandoned} vs ${b.abandoned}`,
  );
  assert.ok(
    s.serviceLevel < b.serviceLevel - 0.05,
    `${s.serviceLevel} vs ${b.serviceLevel}`,
  );
  assert.deepEqual(
    await json(await spiked.fetch(`${BASE}/__sim/scenario`)),
    {},
  );
});

Deno.test("scenario: a shortage sends on-queue members of the queue away until it ends", async () => {
  const { clock, sims: [base, short] } = world(2);
  const [tb, ts] = [await token(base), await token(short)];
  short.setScenario({ shortage: { queue: "Support", agents: 4, minutes: 30 } });
  const members = new Set(
    (await json(
      await post(short, ts, "/api/v2/analytics/routing/activity/query", {
        metrics: [{ metric: "oMemberUsers", details: true }],
        groupBy: ["queueId"],
        filter: queueFilter([short.queueIds()[0]]),
      }),
    )).results[0].data[0].entityIds,
  );
  async function away(sim: Simulator, t: string): Promise<Set<string>> {
    const users = await json(
      await get(sim, t, "/api/v2/users?expand=presence&pageSize=500"),
    );
    return new Set(
      users.entities.filter((
        u: { presence: { presenceDefinition: { systemPresence: string } } },
      ) => u.presence.presenceDefinition.systemPresence === "AWAY").map((
        u: { id: string },
      ) => u.id),
    );
  }
  async function extraAway(): Promise<string[]> {
    const [a, b] = [await away(base, tb), await away(short, ts)];
    return [...b].filter((id) => !a.has(id));
  }
  clock.at = T0 + 20 * MINUTE;
  const gone = await extraAway();
  assert.equal(gone.length, 3, "three have finished their conversation");
  for (const id of gone) assert.ok(members.has(id), "members of Support");
  const b = await figures(base, tb, clock.at, base.queueIds()[0]);
  const s = await figures(short, ts, clock.at, short.queueIds()[0]);
  assert.ok(
    s.serviceLevel < b.serviceLevel,
    `${s.serviceLevel} vs ${b.serviceLevel}`,
  );
  clock.at = T0 + 30 * MINUTE;
  assert.deepEqual(await extraAway(), [], "back when it ends");
});

Deno.test("scenario: an outage loses the media's new conversations while it lasts", async () => {
  const { clock, sims: [base, down] } = world(2);
  const [tb, td] = [await token(base), await token(down)];
  down.setScenario({ outage: { media: "chat", minutes: 10 } });
  clock.at = T0 + 20 * MINUTE;
  async function chats(sim: Simulator, t: string, from: number, to: number) {
    const agg = await json(
      await post(sim, t, AGGREGATES, {
        interval: `${new Date(from).toISOString()}/${
          new Date(to).toISOString()
        }`,
        filter: {
          type: "or",
          predicates: [{ dimension: "mediaType", value: "chat" }],
        },
        metrics: ["nOffered"],
      }),
    );
    return (agg.results ?? []).reduce(
      (n: number, g: { data: { metrics: { stats: { count: number } }[] }[] }) =>
        n + g.data[0].metrics[0].stats.count,
      0,
    );
  }
  const during = [T0, T0 + 10 * MINUTE] as const;
  const after = [T0 + 10 * MINUTE, T0 + 20 * MINUTE] as const;
  assert.equal(await chats(down, td, ...during), 0);
  assert.ok(await chats(base, tb, ...during) > 0);
  assert.ok(await chats(down, td, ...after) > 0, "chats come back");
});

Deno.test("scenario: the state is a function of the log: DELETE ends incidents, polled or not", async () => {
  const { clock, sims: [live, quiet, cut] } = world(3);
  const t = await Promise.all([live, quiet, cut].map((s) => token(s)));
  const ids = live.queueIds();
  const body = (minutes: number) => ({
    spike: { queue: "Sales", factor: 4, minutes },
    outage: { media: "email", minutes },
  });
  live.setScenario(body(20));
  quiet.setScenario(body(20));
  cut.setScenario(body(5));
  // `live` is polled through the incident, the others are not.
  for (let m = 1; m <= 5; m++) {
    clock.at = T0 + m * MINUTE;
    await json(
      await post(live, t[0], OBSERVATIONS, {
        filter: queueFilter(ids),
        metrics: ["oWaiting"],
      }),
    );
  }
  const deleted = await live.fetch(`${BASE}/__sim/scenario`, {
    method: "DELETE",
  });
  assert.equal(deleted.status, 204);
  quiet.clearScenario();
  clock.at = T0 + 40 * MINUTE;
  const answers = await Promise.all(
    [live, quiet, cut].map(async (sim, i) =>
      await (await post(sim, t[i], AGGREGATES, {
        interval: "2026-11-27T00:00:00.000Z/2026-11-27T11:00:00.000Z",
        groupBy: ["queueId"],
        filter: queueFilter(ids),
        metrics: ["nOffered", "tAnswered", "tHandle"],
      })).text()
    ),
  );
  assert.equal(answers[0], answers[1], "polled or not");
  assert.equal(answers[0], answers[2], "ended at 5 minutes: a 5-minute one");
  const none = createSimulator({
    seed: 1,
    clock: { now: () => clock.at, sleep: () => Promise.resolve() },
  });
  const plain = await (await post(none, await token(none), AGGREGATES, {
    interval: "2026-11-27T00:00:00.000Z/2026-11-27T11:00:00.000Z",
    groupBy: ["queueId"],
    filter: queueFilter(ids),
    metrics: ["nOffered", "tAnswered", "tHandle"],
  })).text();
  assert.notEqual(plain, answers[0], "the incidents did something");
  assert.deepEqual(live.scenario(), {});
});

Deno.test("scenario: PUT replaces what runs; bad bodies get 400 and change nothing", async () => {
  const { clock, sims: [sim] } = world(1);
  sim.setScenario({ outage: { media: "voice", minutes: 10 } });
  clock.at = T0 + MINUTE;
  const state = await json(
    await putScenario(sim, {
      shortage: { queue: sim.queueIds()[2], agents: 2, minutes: 1.5 },
    }),
  );
  assert.deepEqual(state, {
    shortage: {
      queue: sim.queueIds()[2],
      queueName: "Billing",
      agents: 2,
      minutes: 1.5,
      startedAt: "2026-11-27T10:01:00.000Z",
      endsAt: "2026-11-27T10:02:30.000Z",
    },
  });
  const cases: [unknown, string][] = [
    [{}, 'Cannot set scenario: expected "spike", "shortage" or "outage"'],
    [{ surge: {} }, 'Cannot set scenario: unknown field "surge"'],
    [{ spike: 3 }, 'Cannot set scenario: "spike" must be an object'],
    [
      { spike: { queue: "Support", minutes: 5 } },
      'Cannot set scenario: "spike.factor" is required',
    ],
    [
      { spike: { queue: "Nowhere", factor: 2, minutes: 5 } },
      'Cannot set scenario: unknown queue "Nowhere"',
    ],
    [
      { spike: { queue: "Support", factor: 0.5, minutes: 5 } },
      'Cannot set scenario: "spike.factor" must be a number from 1 to 20, got 0.5',
    ],
    [
      { shortage: { queue: "Sales", agents: 1.5, minutes: 5 } },
      'Cannot set scenario: "shortage.agents" must be an integer from 1 to 10000, got 1.5',
    ],
    [
      { outage: { media: "fax", minutes: 5 } },
      'Cannot set scenario: "outage.media" must be one of voice, chat, email, message, callback, got "fax"',
    ],
    [
      { outage: { media: "chat", minutes: 0 } },
      'Cannot set scenario: "outage.minutes" must be a number from 1 to 1440, got 0',
    ],
    [
      { outage: { media: "chat", minutes: 5, for: "ever" } },
      'Cannot set scenario: unknown field "outage.for"',
    ],
    ["{", "Cannot parse request body: malformed JSON"],
  ];
  for (const [body, message] of cases) {
    const res = await putScenario(sim, body);
    const answer = await json(res, 400);
    assert.deepEqual(answer, {
      message,
      code: "bad.request",
      status: 400,
      contextId: res.headers.get("ININ-Correlation-Id"),
      details: [],
      errors: [],
    });
  }
  assert.deepEqual(
    await json(await sim.fetch(`${BASE}/__sim/scenario`)),
    state,
  );
  assert.throws(
    () => sim.setScenario({ outage: { media: "voice", minutes: -1 } }),
    new RangeError(
      'Cannot set scenario: "outage.minutes" must be a number from 1 to 1440, got -1',
    ),
  );
  assert.throws(
    () =>
      sim.setScenario({
        spike: { queue: 7 as unknown as string, factor: 2, minutes: 1 },
      }),
    new TypeError(
      'Cannot set scenario: "spike.queue" must be a queue name or id',
    ),
  );
  const post405 = await sim.fetch(`${BASE}/__sim/scenario`, { method: "POST" });
  assert.equal(
    (await json(post405, 404)).message,
    "Cannot find resource: POST /__sim/scenario",
  );
  clock.at = T0 + 3 * MINUTE;
  assert.deepEqual(sim.scenario(), {}, "over after its minutes");
});
