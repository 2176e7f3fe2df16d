import assert from "node:assert/strict";
import { buildOrg, type Org } from "../../src/simulator/_org.ts";
import { DayRun } from "../../src/simulator/_run.ts";
import { ScenarioLog } from "../../src/simulator/_scenario.ts";
import { createZone } from "../../src/time_zone.ts";

/**
 * The routing invariant at one instant: no conversation waits in a queue
 * while a joined member of that queue is on queue and idle; and every
 * conversation with an agent has a joined member of its queue.
 */
function violations(run: DayRun): string[] {
  const out: string[] = [];
  run.org.queues.forEach((q, i) => {
    if (run.waiting[i].length > 0) {
      for (const a of run.joined[i]) {
        const agent = run.agents[a];
        if (agent.presence === "ON_QUEUE" && agent.routing === "IDLE") {
          out.push(`${q.name} waits while ${agent.def.name} is idle`);
        }
      }
    }
    for (const c of [...run.alerting[i], ...run.interacting[i]]) {
      if (!run.joined[i].includes(c.agent)) {
        out.push(`${q.name} routed to ${c.agent}, not a joined member`);
      }
    }
  });
  return out;
}

interface DayCheck {
  events: number;
  waited: number;
  notResponding: number;
}

/** Runs a whole day event by event, checking the invariant after each. */
function checkDay(org: Org, zoneName: string, date: string): DayCheck {
  const zone = createZone(zoneName);
  const dayStart = zone.startOfDay(Date.parse(`${date}T12:00:00Z`));
  const run = new DayRun(org, zone, dayStart, new ScenarioLog());
  const check: DayCheck = { events: 0, waited: 0, notResponding: 0 };
  while (run.step()) {
    check.events++;
    const found = violations(run);
    assert.deepEqual(found, [], `at ${new Date(run.now).toISOString()}`);
    if (run.waiting.some((w) => w.length > 0)) check.waited++;
    if (run.agents.some((a) => a.routing === "NOT_RESPONDING")) {
      check.notResponding++;
    }
  }
  return check;
}

Deno.test("nothing waits while a joined, on-queue member is idle, after every event of whole days", () => {
  for (
    const [seed, zone, date] of [
      [1, "UTC", "2026-11-27"],
      [2, "UTC", "2026-11-28"],
      [3, "Europe/Berlin", "2026-03-29"],
      [4, "America/New_York", "2026-11-01"],
    ] as const
  ) {
    const check = checkDay(buildOrg(seed, 12, 80), zone, date);
    assert.ok(check.events > 10_000, `seed ${seed}: ${check.events} events`);
    assert.ok(check.waited > 1000, "conversations do wait, when all are busy");
    assert.ok(check.notResponding > 0, "alerts do time out now and then");
  }
});

Deno.test("the invariant check sees an idle agent beside a waiting conversation", () => {
  const org = buildOrg(1, 12, 80);
  const zone = createZone("UTC");
  const run = new DayRun(
    org,
    zone,
    Date.parse("2026-11-27T00:00:00Z"),
    new ScenarioLog(),
  );
  while (!run.waiting.some((w) => w.length > 0)) run.step();
  const q = run.waiting.findIndex((w) => w.length > 0);
  const agent = run.agents[run.joined[q][0]];
  agent.presence = "ON_QUEUE";
  agent.routing = "IDLE";
  assert.deepEqual(violations(run), [
    `${org.queues[q].name} waits while ${agent.def.name} is idle`,
  ]);
});

Deno.test("a few memberships are not joined; routing and every count follow the join", () => {
  for (const seed of [1, 2, 3]) {
    const org = buildOrg(seed, 12, 80);
    let members = 0;
    let unjoined = 0;
    for (const q of org.queues) {
      members += q.members.length;
      unjoined += q.unjoined.size;
      for (const a of q.unjoined) assert.ok(q.members.includes(a));
    }
    const share = unjoined / members;
    assert.ok(share >= 0.04 && share <= 0.1, `seed ${seed}: ${share}`);
    for (const agent of org.agents) {
      const primary = org.queues[agent.queues[0]];
      assert.ok(!primary.unjoined.has(agent.index), "primary is joined");
    }
  }
});
