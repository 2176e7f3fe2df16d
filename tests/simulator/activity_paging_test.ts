import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { buildOrg } from "../../src/simulator/_org.ts";
import { World } from "../../src/simulator/_world.ts";
import { ScenarioLog } from "../../src/simulator/_scenario.ts";
import { activityQuery } from "../../src/simulator/_activity.ts";
import { createZone } from "../../src/time_zone.ts";
import { FakeClock } from "../_support/mod.ts";
import { ACTIVITY, activityBody, json, post, token } from "./_helpers.ts";

const AT = "2026-11-27T11:15:00.000Z";

interface Entity {
  userId: string;
  queueMembershipStatus: string;
}
interface Group {
  truncated: boolean;
  entities: Entity[];
  data: {
    metric: string;
    qualifier?: string;
    count: number;
    entityIds?: string[];
  }[];
}

async function page(
  sim: ReturnType<typeof createSimulator>,
  t: string,
  query: string,
): Promise<Group> {
  const body = await json(
    await post(sim, t, `${ACTIVITY}${query}`, activityBody(sim.queueIds())),
  );
  assert.equal(body.results.length, 1);
  return body.results[0];
}

Deno.test("routing activity pages a 2,000-member queue 100 entities at a time", async () => {
  const clock = new FakeClock(AT);
  const sim = createSimulator({ seed: 3, queues: 1, agents: 2000, clock });
  const t = await token(sim);
  const seen: string[] = [];
  let counts: string | null = null;
  for (let n = 1; n <= 20; n++) {
    const group = await page(sim, t, `?pageSize=100&pageNumber=${n}`);
    assert.equal(group.entities.length, 100, `page ${n}`);
    assert.equal(group.truncated, n < 20, `page ${n}`);
    const ids = group.entities.map((e) => e.userId);
    seen.push(...ids);
    const total = group.data.map((d) => [d.metric, d.qualifier, d.count]);
    counts ??= JSON.stringify(total);
    assert.equal(JSON.stringify(total), counts, "counts cover the whole group");
    const member = group.data.find((d) => d.metric === "oMemberUsers")!;
    assert.equal(member.count, 2000);
    for (const d of group.data.filter((d) => d.entityIds)) {
      for (const id of d.entityIds!) assert.ok(ids.includes(id));
    }
  }
  assert.equal(new Set(seen).size, 2000, "every member exactly once");
  assert.deepEqual(seen, [...seen].sort(), "pages follow the asc order");
  const after = await page(sim, t, "?pageSize=100&pageNumber=21");
  assert.deepEqual([after.entities.length, after.truncated], [0, false]);
});

Deno.test("routing activity: the page is min(pageSize, cap); the cap is an option", async () => {
  const clock = new FakeClock(AT);
  const small = createSimulator({ seed: 3, queues: 1, agents: 250, clock });
  const t = await token(small);
  const sized = (g: Group) => [g.entities.length, g.truncated];
  assert.deepEqual(sized(await page(small, t, "")), [100, true]);
  assert.deepEqual(sized(await page(small, t, "?pageSize=30")), [30, true]);
  assert.deepEqual(sized(await page(small, t, "?pageSize=500")), [100, true]);
  assert.deepEqual(sized(await page(small, t, "?pageNumber=3")), [50, false]);
  const wide = createSimulator({
    seed: 3,
    queues: 1,
    agents: 250,
    clock,
    activityEntityCap: 200,
  });
  const w = await token(wide);
  assert.deepEqual(sized(await page(wide, w, "?pageSize=500")), [200, true]);
  assert.deepEqual(sized(await page(wide, w, "?pageNumber=2")), [50, false]);
  assert.throws(
    () => createSimulator({ activityEntityCap: 0 }),
    new RangeError(
      "Cannot create simulator: activityEntityCap must be an integer from 1 to 10000, got 0",
    ),
  );
});

Deno.test("routing activity: bad paging parameters get 400", async () => {
  const sim = createSimulator({ clock: new FakeClock(AT) });
  const t = await token(sim);
  const cases: [string, string][] = [
    ["?pageSize=0", 'Cannot parse pageSize: "0" is not a positive integer'],
    ["?pageNumber=x", 'Cannot parse pageNumber: "x" is not a positive integer'],
    [
      "?pageSize=10001",
      "Cannot parse pageSize: 10001 is above the maximum of 10000",
    ],
  ];
  for (const [query, message] of cases) {
    const body = activityBody(sim.queueIds());
    const answer = await json(
      await post(sim, t, `${ACTIVITY}${query}`, body),
      400,
    );
    assert.equal(answer.message, message);
  }
});

Deno.test("routing activity: unjoined members are inactive entities and not oActiveUsers", () => {
  const org = buildOrg(5, 2, 40);
  const queue = org.queues[0];
  const unjoined = queue.members.filter((_, i) => i % 4 === 0);
  for (const i of unjoined) queue.unjoined.add(i);
  const run = new World(org, createZone("UTC"), new ScenarioLog()).at(
    Date.parse(AT),
  );
  const url = new URL(`http://sim${ACTIVITY}`);
  const answer = activityQuery(
    {
      ...activityBody([queue.id]),
      metrics: [
        { metric: "oActiveUsers" },
        { metric: "oMemberUsers" },
        { metric: "oUserPresences", details: true },
      ],
    },
    { org, run, url, entityCap: 100 },
  );
  const group = answer.results![0];
  const inactive = new Set(unjoined.map((i) => org.agents[i].id));
  assert.ok(inactive.size > 0 && inactive.size < queue.members.length);
  for (const e of group.entities!) {
    assert.equal(
      e.queueMembershipStatus,
      inactive.has(e.userId) ? "inactive" : "active",
    );
  }
  const count = (metric: string) =>
    group.data!.find((d) => d.metric === metric)!.count;
  assert.equal(count("oMemberUsers"), queue.members.length);
  assert.equal(count("oActiveUsers"), queue.members.length - inactive.size);
  const joinedOnly = activityQuery(
    {
      ...activityBody([queue.id]),
      filter: {
        type: "and",
        predicates: [
          { dimension: "queueId", value: queue.id },
          { dimension: "queueMembershipStatus", value: "inactive" },
        ],
      },
    },
    { org, run, url, entityCap: 100 },
  );
  assert.deepEqual(
    new Set(joinedOnly.results![0].entities!.map((e) => e.userId)),
    inactive,
  );
});
