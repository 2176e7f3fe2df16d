import assert from "node:assert/strict";
import type { Clock } from "../../src/clock.ts";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  aggregateBody,
  AGGREGATES,
  get,
  json,
  OBSERVATIONS,
  post,
  queueFilter,
  token,
} from "./_helpers.ts";

const MINUTE = 60_000;
const SETTING: Record<string, string> = {
  voice: "call",
  chat: "chat",
  email: "email",
  message: "message",
  callback: "callback",
};

interface Stats {
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  ratio?: number;
  numerator?: number;
  denominator?: number;
  target?: number;
}

/** Live counts of one (queue, media) group of an observation answer. */
type Live = Record<"oWaiting" | "oAlerting" | "oInteracting", number>;

/**
 * Checks one aggregate group of an interval that starts with the run (when
 * queues are empty): every conversation offered has left the queue or is
 * still in it, every answered one is handled or still interacting, and the
 * service-level figures agree. Returns the group's offered.
 */
function checkGroup(
  group: { queueId: string; mediaType: string },
  metrics: { metric: string; stats: Stats }[],
  targets: Map<string, number>,
  live: Live,
): number {
  const m = new Map(metrics.map((x) => [x.metric, x.stats]));
  const count = (name: string) => m.get(name)?.count ?? 0;
  const offered = count("nOffered");
  const answered = count("tAnswered");
  const abandoned = count("tAbandon");
  const left = answered + abandoned + count("tFlowOut");
  assert.ok(offered > 0, "groups without data are omitted");
  assert.equal(offered - left, live.oWaiting + live.oAlerting);
  assert.equal(count("tWait"), left);
  assert.equal(answered - count("tHandle"), live.oInteracting);
  assert.ok(count("tTalk") >= count("tHandle") && count("tTalk") <= answered);
  const sl = m.get("oServiceLevel");
  const numerator = sl?.numerator ?? 0;
  assert.equal(sl?.denominator ?? 0, answered + abandoned);
  assert.equal(count("nOverSla"), answered - numerator);
  if (sl) {
    assert.equal(sl.ratio, sl.numerator! / sl.denominator!);
    assert.equal(
      sl.target,
      targets.get(`${group.queueId}/${SETTING[group.mediaType]}`),
    );
  }
  assert.ok(count("tShortAbandon") <= abandoned);
  for (const [name, s] of m) {
    if (name.startsWith("t")) {
      assert.ok(s.count! > 0, `${name} present only with data`);
      assert.ok(s.min! <= s.max! && s.min! >= 0);
      assert.ok(s.sum! >= s.min! * s.count! && s.sum! <= s.max! * s.count!);
    }
  }
  if (m.has("tShortAbandon")) assert.ok(m.get("tShortAbandon")!.max! < 10_000);
  return offered;
}

/** `oWaiting`, `oAlerting`, `oInteracting` by `"<queueId>/<mediaType>"`. */
function liveCounts(
  obs: { results: { group: Record<string, string>; data: Data[] }[] },
): Map<string, Live> {
  const out = new Map<string, Live>();
  for (const g of obs.results) {
    if (!g.group.mediaType) continue;
    const live: Live = { oWaiting: 0, oAlerting: 0, oInteracting: 0 };
    for (const d of g.data) {
      if (d.metric in live) live[d.metric as keyof Live] = d.stats.count!;
    }
    out.set(`${g.group.queueId}/${g.group.mediaType}`, live);
  }
  return out;
}

interface Data {
  metric: string;
  qualifier?: string;
  stats: Stats;
}

Deno.test("a whole simulated day keeps the aggregate invariants and visits every state", async () => {
  const dayStart = Date.parse("2026-11-27T00:00:00.000Z");
  // The simulator only reads now(): a plain stepped clock keeps 1440 steps
  // cheap (FakeClock settles pending timers on every tick).
  let now = dayStart;
  const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
  const sim = createSimulator({ seed: 11, clock });
  const t = await token(sim);
  const ids = sim.queueIds();
  const queues = await json(
    await get(sim, t, "/api/v2/routing/queues?pageSize=100"),
  );
  const targets = new Map<string, number>();
  for (const q of queues.entities) {
    for (const [key, setting] of Object.entries(q.mediaSettings)) {
      targets.set(
        `${q.id}/${key}`,
        (setting as { serviceLevel: { percentage: number } }).serviceLevel
          .percentage,
      );
    }
  }
  const statuses = new Set<string>();
  const presences = new Set<string>();
  const runStart = new Date(dayStart - 2 * 3_600_000).toISOString();
  let lastOffered = 0;
  let checks = 0;
  for (let minute = 1; minute < 24 * 60; minute++) {
    now += MINUTE;
    const obs = await json(
      await post(sim, t, OBSERVATIONS, {
        filter: queueFilter(ids),
        metrics: [
          "oUserRoutingStatuses",
          "oUserPresences",
          "oWaiting",
          "oAlerting",
          "oInteracting",
        ],
      }),
    );
    const systemOf = new Map<string, string>();
    for (
      const [system, orgIds] of Object.entries(obs.systemToOrganizationMappings)
    ) {
      for (const id of orgIds as string[]) systemOf.set(id, system);
    }
    for (const group of obs.results) {
      for (const d of group.data) {
        if (d.metric === "oUserRoutingStatuses") statuses.add(d.qualifier);
        if (d.metric === "oUserPresences") {
          presences.add(systemOf.get(d.qualifier)!);
        }
      }
    }
    if (minute % 30 !== 0) continue;
    const end = new Date(clock.now() + 1).toISOString();
    const agg = await json(
      await post(sim, t, AGGREGATES, aggregateBody(ids, `${runStart}/${end}`)),
    );
    const live = liveCounts(obs);
    for (const r of agg.results ?? []) {
      assert.equal(r.data.length, 1);
      assert.equal(r.data[0].interval, `${runStart}/${end}`);
      const key = `${r.group.queueId}/${r.group.mediaType}`;
      checkGroup(r.group, r.data[0].metrics, targets, live.get(key)!);
      checks++;
    }
    const today = await json(
      await post(
        sim,
        t,
        AGGREGATES,
        aggregateBody(ids, `${new Date(dayStart).toISOString()}/${end}`),
      ),
    );
    const offered = totalOf(today.results, "nOffered");
    assert.ok(offered >= lastOffered, "today's offered never shrinks");
    lastOffered = offered;
  }
  assert.ok(checks > 200);
  assert.ok(lastOffered > 1500, `a day has real traffic, got ${lastOffered}`);
  assert.deepEqual(
    [...statuses].sort(),
    ["COMMUNICATING", "IDLE", "INTERACTING", "NOT_RESPONDING", "OFF_QUEUE"],
  );
  for (
    const p of ["ON_QUEUE", "AVAILABLE", "AWAY", "BREAK", "MEAL", "OFFLINE"]
  ) {
    assert.ok(presences.has(p), `presence ${p} occurs during the day`);
  }
  assert.ok(presences.has("MEETING") || presences.has("TRAINING"));
});

/** The sum of `metric` counts over every group and bucket. */
function totalOf(
  results: { data: { metrics: Data[] }[] }[] | undefined,
  metric: string,
): number {
  let n = 0;
  for (const r of results ?? []) {
    for (const d of r.data) {
      for (const m of d.metrics) if (m.metric === metric) n += m.stats.count!;
    }
  }
  return n;
}

Deno.test("started mid-day, today already holds the morning's traffic", async () => {
  const clock = new FakeClock("2026-11-27T14:00:00.000Z");
  const sim = createSimulator({ seed: 4, clock });
  const t = await token(sim);
  const agg = await json(
    await post(
      sim,
      t,
      AGGREGATES,
      aggregateBody(
        sim.queueIds(),
        "2026-11-27T00:00:00.000Z/2026-11-27T14:00:00.000Z",
      ),
    ),
  );
  const offered = totalOf(agg.results, "nOffered");
  const answered = totalOf(agg.results, "tAnswered");
  assert.ok(offered > 1000, `offered ${offered}`);
  assert.ok(answered / offered > 0.9, `answered ${answered} of ${offered}`);
});

Deno.test("the day starts at local midnight of timeZone", async () => {
  // 10:00 UTC is 11:00 in Berlin; that day started at 23:00 UTC the day
  // before, and the run re-simulates the two hours before it.
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const sim = createSimulator({ seed: 4, clock, timeZone: "Europe/Berlin" });
  const t = await token(sim);
  const ids = sim.queueIds();
  const before = await json(
    await post(
      sim,
      t,
      AGGREGATES,
      aggregateBody(ids, "2026-11-26T12:00:00.000Z/2026-11-26T21:00:00.000Z"),
    ),
  );
  assert.deepEqual(before, {});
  const today = await json(
    await post(
      sim,
      t,
      AGGREGATES,
      aggregateBody(
        ids,
        "2026-11-27T00:00:00.000+01:00/2026-11-27T11:00:00.000+01:00",
      ),
    ),
  );
  assert.ok(today.results.length > 0);
  assert.equal(
    today.results[0].data[0].interval,
    "2026-11-26T23:00:00.000Z/2026-11-27T10:00:00.000Z",
  );
  assert.throws(
    () => createSimulator({ timeZone: "Mars/Olympus" }),
    new RangeError('Cannot create simulator: unknown time zone "Mars/Olympus"'),
  );
});

Deno.test("a large org (200 queues, 1000 agents) answers for a whole day", async () => {
  const clock = new FakeClock("2026-11-27T23:30:00.000Z");
  const sim = createSimulator({ seed: 2, queues: 200, agents: 1000, clock });
  const t = await token(sim);
  const ids = sim.queueIds().slice(0, 100);
  const obs = await json(
    await post(sim, t, OBSERVATIONS, {
      filter: queueFilter(ids),
      metrics: ["oMemberUsers"],
    }),
  );
  assert.equal(obs.results.length, 100);
  let members = 0;
  for (const g of obs.results) members += g.data[0].stats.count;
  assert.ok(members >= 100);
});
