/**
 * Routing activity paging in the client: against a scripted fake (merge
 * rules, budget, a server cap below the page size) and against the
 * truncating simulator (a queue of 2,000 members).
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  createGenesysClient,
  type RoutingActivityData,
} from "../../src/genesys/mod.ts";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  API_URL,
  CREDENTIALS,
  fakeGenesys,
  json,
  LOGIN_URL,
  type Seen,
} from "./_fake_genesys.ts";

const START = "2026-11-27T11:15:00.000Z";

/** A fake server holding `members` of one queue, cut at `cap` per page. */
function pagingServer(members: number, cap: number) {
  const ids = Array.from(
    { length: members },
    (_, i) => `u-${String(i).padStart(4, "0")}`,
  );
  return (seen: Seen) => {
    const url = new URL(seen.url);
    const size = Math.min(Number(url.searchParams.get("pageSize")), cap);
    const page = Number(url.searchParams.get("pageNumber"));
    const slice = ids.slice((page - 1) * size, page * size);
    const group: RoutingActivityData = {
      group: { queueId: "q-1" },
      data: [
        {
          metric: "oUserRoutingStatuses",
          qualifier: "IDLE",
          count: members,
          entityIds: slice,
        },
      ],
      truncated: ids.length > page * size,
      entities: slice.map((userId) => ({ userId, queueId: "q-1" })),
    };
    return json({ entityIdDimension: "userId", results: [group] });
  };
}

function client(respond: (seen: Seen) => Response, options = {}) {
  const fake = fakeGenesys(respond);
  const api = createGenesysClient({
    apiUrl: API_URL,
    loginUrl: LOGIN_URL,
    credentials: CREDENTIALS,
    fetch: fake.fetch,
    clock: new FakeClock(START),
    ...options,
  });
  return { fake, api };
}

function pagesAsked(seen: Seen[]): string[] {
  return seen.map((s) => new URL(s.url).search);
}

Deno.test("routingActivity pages until nothing is truncated and merges the pages", async () => {
  const { fake, api } = client(pagingServer(250, 100));
  const answer = await api.routingActivity(["q-1"]);
  assert.deepEqual(pagesAsked(fake.api()), [
    "?pageSize=100&pageNumber=1",
    "?pageSize=100&pageNumber=2",
    "?pageSize=100&pageNumber=3",
  ]);
  assert.equal(answer.incomplete, undefined);
  const group = answer.results![0];
  assert.equal(group.truncated, false);
  assert.equal(group.entities!.length, 250);
  assert.equal(new Set(group.entities!.map((e) => e.userId)).size, 250);
  assert.deepEqual(group.data!.map((d) => [d.count, d.entityIds!.length]), [[
    250,
    250,
  ]]);
});

Deno.test("a server cap below the page size restarts paging at the server's size", async () => {
  const { fake, api } = client(pagingServer(130, 40));
  const answer = await api.routingActivity(["q-1"]);
  assert.deepEqual(pagesAsked(fake.api()), [
    "?pageSize=100&pageNumber=1",
    "?pageSize=40&pageNumber=1",
    "?pageSize=40&pageNumber=2",
    "?pageSize=40&pageNumber=3",
    "?pageSize=40&pageNumber=4",
  ]);
  assert.equal(answer.results![0].entities!.length, 130);
  assert.equal(answer.results![0].truncated, false);
});

Deno.test("past maxActivityPages the answer keeps what it has and says incomplete", async () => {
  const { fake, api } = client(pagingServer(1000, 100), {
    maxActivityPages: 3,
  });
  const answer = await api.routingActivity(["q-1"]);
  assert.equal(fake.api().length, 3);
  assert.deepEqual(answer.incomplete, { queueIds: ["q-1"], pagesFetched: 3 });
  assert.equal(answer.results![0].truncated, true);
  assert.equal(answer.results![0].entities!.length, 300);
  assert.throws(
    () => client(pagingServer(1, 1), { maxActivityPages: 0 }),
    new RangeError(
      "Cannot create Genesys client: maxActivityPages must be a positive integer, got 0",
    ),
  );
});

Deno.test("a newer page's entity replaces an older one with the same userId", async () => {
  let call = 0;
  const { api } = client(() => {
    call++;
    const entity = (status: string) => ({
      userId: "u-1",
      queueId: "q-1",
      routingStatus: status,
    });
    return json({
      results: [{
        group: { queueId: "q-1" },
        data: [{ metric: "oMemberUsers", count: 2 }],
        truncated: call === 1,
        entities: call === 1
          ? [entity("IDLE")]
          : [entity("INTERACTING"), { userId: "u-2", queueId: "q-1" }],
      }],
    });
  });
  const answer = await api.routingActivity(["q-1"]);
  assert.deepEqual(answer.results![0].entities, [
    { userId: "u-1", queueId: "q-1", routingStatus: "INTERACTING" },
    { userId: "u-2", queueId: "q-1" },
  ]);
});

Deno.test("a queue of 2,000 members against the truncating simulator: every agent, joined and unjoined counted", async () => {
  const clock = new FakeClock(START);
  const sim = createSimulator({ seed: 3, queues: 1, agents: 2000, clock });
  const api = createGenesysClient({
    apiUrl: "http://sim.test",
    loginUrl: "http://sim.test",
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: (request) => sim.handler(request),
    clock,
  });
  const answer = await api.routingActivity(sim.queueIds());
  const activity = "POST /api/v2/analytics/routing/activity/query";
  assert.equal(sim.stats().requests[activity], 20, "20 pages of 100");
  assert.equal(answer.incomplete, undefined);
  const group = answer.results![0];
  assert.equal(group.truncated, false);
  const users = new Set(group.entities!.map((e) => e.userId));
  assert.equal(users.size, 2000);
  const members = await api.getUsers([...users]);
  assert.equal(members.length, 2000, "every entity is a real member");
  const joined =
    group.entities!.filter((e) => e.queueMembershipStatus === "active").length;
  const unjoined =
    group.entities!.filter((e) => e.queueMembershipStatus === "inactive")
      .length;
  assert.equal(joined + unjoined, 2000);
  const [queue] = await api.listQueues();
  assert.equal(queue.memberCount, 2000);
  assert.equal(joined, queue.joinedMemberCount, "joined = directory's count");
  // Counts cover the whole group, and entityIds merge to the full lists.
  for (const row of group.data!) {
    if (row.entityIds) assert.equal(row.entityIds.length, row.count);
  }
  const byStatus = new Map<string, number>();
  for (const e of group.entities!) {
    if (e.systemPresence === "OFFLINE") continue;
    byStatus.set(e.routingStatus!, (byStatus.get(e.routingStatus!) ?? 0) + 1);
  }
  for (const row of group.data!) {
    if (row.metric !== "oUserRoutingStatuses") continue;
    assert.equal(row.count, byStatus.get(row.qualifier!), row.qualifier);
  }
});
