import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { BASE, get, json, token } from "./_helpers.ts";

async function setup(queues = 30) {
  const sim = createSimulator({ seed: 6, queues, clock: new FakeClock() });
  return { sim, t: await token(sim) };
}

Deno.test("queues: paged listing with Genesys URIs", async () => {
  const { sim, t } = await setup();
  const first = await json(await get(sim, t, "/api/v2/routing/queues"));
  assert.deepEqual(Object.keys(first), [
    "entities",
    "pageSize",
    "pageNumber",
    "total",
    "pageCount",
    "firstUri",
    "selfUri",
    "lastUri",
    "nextUri",
  ]);
  assert.equal(first.entities.length, 25);
  assert.equal(first.total, 30);
  assert.equal(first.pageCount, 2);
  assert.equal(
    first.firstUri,
    "/api/v2/routing/queues?pageSize=25&pageNumber=1",
  );
  assert.equal(
    first.nextUri,
    "/api/v2/routing/queues?pageSize=25&pageNumber=2",
  );
  const second = await json(
    await get(sim, t, "/api/v2/routing/queues?pageNumber=2"),
  );
  assert.equal(second.entities.length, 5);
  assert.equal(second.nextUri, undefined);
  assert.equal(
    second.previousUri,
    "/api/v2/routing/queues?pageSize=25&pageNumber=1",
  );
  const names = [...first.entities, ...second.entities].map((
    q: { name: string },
  ) => q.name);
  assert.deepEqual([...names].sort(), names, "sorted by name");
  const ids = new Set(
    [...first.entities, ...second.entities].map((q: { id: string }) => q.id),
  );
  assert.deepEqual(ids, new Set(sim.queueIds()));
  const q = first.entities[0];
  assert.deepEqual(Object.keys(q.mediaSettings), [
    "call",
    "chat",
    "email",
    "message",
    "callback",
  ]);
  assert.deepEqual(Object.keys(q.mediaSettings.call), [
    "alertingTimeoutSeconds",
    "serviceLevel",
  ]);
  assert.equal(q.selfUri, `/api/v2/routing/queues/${q.id}`);
  assert.match(q.division.id, /^d-/);
});

Deno.test("queues: name filter with asterisks; pageSize limits", async () => {
  const { sim, t } = await setup();
  const sales = await json(
    await get(sim, t, "/api/v2/routing/queues?name=Sales*"),
  );
  assert.deepEqual(sales.entities.map((q: { name: string }) => q.name), [
    "Sales",
  ]);
  const port = await json(
    await get(sim, t, "/api/v2/routing/queues?name=*PORT"),
  );
  assert.deepEqual(port.entities.map((q: { name: string }) => q.name), [
    "Support",
  ]);
  assert.equal(
    (await get(sim, t, "/api/v2/routing/queues?pageSize=500")).status,
    200,
  );
  const big = await json(
    await get(sim, t, "/api/v2/routing/queues?pageSize=501"),
    400,
  );
  assert.equal(
    big.message,
    "Cannot parse pageSize: 501 is above the maximum of 500",
  );
  const bad = await json(
    await get(sim, t, "/api/v2/routing/queues?pageNumber=0"),
    400,
  );
  assert.equal(
    bad.message,
    'Cannot parse pageNumber: "0" is not a positive integer',
  );
});

Deno.test("users: by id with presence and routing status expanded", async () => {
  const { sim, t } = await setup(3);
  const all = await json(await get(sim, t, "/api/v2/users?pageSize=500"));
  assert.equal(all.total, 80);
  assert.equal(all.entities[0].presence, undefined);
  assert.equal(all.entities[0].routingStatus, undefined);
  const [a, b] = all.entities;
  const two = await json(
    await get(
      sim,
      t,
      `/api/v2/users?id=${b.id}&id=${a.id}&id=u-unknown&expand=presence,routingStatus`,
    ),
  );
  assert.equal(two.total, 2);
  assert.deepEqual(two.entities.map((u: { id: string }) => u.id), [a.id, b.id]);
  const u = two.entities[0];
  assert.deepEqual(Object.keys(u.routingStatus), [
    "userId",
    "status",
    "startTime",
  ]);
  assert.equal(u.routingStatus.userId, a.id);
  assert.deepEqual(Object.keys(u.presence.presenceDefinition), [
    "id",
    "systemPresence",
    "selfUri",
  ]);
  assert.match(u.presence.modifiedDate, /Z$/);
  assert.match(u.email, /^[a-z]+\.[a-z]+@example\.com$/);
  assert.equal(
    two.selfUri,
    `/api/v2/users?pageSize=25&pageNumber=1&id=${b.id}&id=${a.id}&id=u-unknown&expand=presence%2CroutingStatus`,
  );
});

Deno.test("unknown paths get 404 not.found", async () => {
  const { sim, t } = await setup(1);
  const res = await get(sim, t, "/api/v2/routing/wrapupcodes");
  const body = await json(res, 404);
  assert.deepEqual(body, {
    message: "Cannot find resource: GET /api/v2/routing/wrapupcodes",
    code: "not.found",
    status: 404,
    contextId: res.headers.get("ININ-Correlation-Id"),
    details: [],
    errors: [],
  });
  assert.equal((await sim.fetch(`${BASE}/favicon.ico`)).status, 404);
  assert.equal((await sim.fetch(`${BASE}/oauth/token`)).status, 404);
});
