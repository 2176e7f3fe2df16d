import assert from "node:assert/strict";
import { createGenesysClient, GenesysApiError } from "../../src/genesys/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  API_URL,
  CREDENTIALS,
  type FakeGenesys,
  fakeGenesys,
  fixture,
  fixtureText,
  json,
  LOGIN_URL,
  type Responder,
} from "./_fake_genesys.ts";

const START = Date.parse("2026-11-27T10:00:00.000Z");

function setup(respond: Responder, timeoutMs?: number) {
  const fake = fakeGenesys(respond);
  const api = createGenesysClient({
    apiUrl: `${API_URL}/`,
    loginUrl: LOGIN_URL,
    credentials: CREDENTIALS,
    fetch: fake.fetch,
    clock: new FakeClock(START),
    timeoutMs,
  });
  return { fake, api };
}

function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `q-${i + 1}`);
}

function predicateValues(seen: FakeGenesys["seen"][number]): string[] {
  return JSON.parse(seen.body).filter.predicates.map((p: { value: string }) =>
    p.value
  );
}

async function failure(promise: Promise<unknown>): Promise<GenesysApiError> {
  const error = await promise.then(() => null, (e) => e);
  assert.ok(error instanceof GenesysApiError, String(error));
  return error;
}

Deno.test("listQueues follows 3 pages", async () => {
  const { fake, api } = setup((seen) => {
    const page = Number(new URL(seen.url).searchParams.get("pageNumber"));
    return json({
      entities: [{ id: `q-${page}`, name: `Queue ${page}` }],
      pageSize: 100,
      pageNumber: page,
      pageCount: 3,
      ...(page < 3
        ? { nextUri: `/api/v2/routing/queues?pageNumber=${page + 1}` }
        : {}),
    });
  });
  const queues = await api.listQueues();
  assert.deepEqual(queues.map((q) => q.id), ["q-1", "q-2", "q-3"]);
  assert.deepEqual(fake.api().map((s) => `${s.method} ${s.url}`), [
    "GET https://api.mypurecloud.ie/api/v2/routing/queues?pageSize=100&pageNumber=1",
    "GET https://api.mypurecloud.ie/api/v2/routing/queues?pageSize=100&pageNumber=2",
    "GET https://api.mypurecloud.ie/api/v2/routing/queues?pageSize=100&pageNumber=3",
  ]);
  assert.equal(fake.api()[0].headers["authorization"], "Bearer token-1");
  assert.equal(fake.tokenRequests(), 1);
});

Deno.test("listQueues without pageCount stops when nextUri is gone", async () => {
  const { fake, api } = setup((_seen, i) =>
    json({
      entities: [{ id: `q-${i + 1}`, name: "Q" }],
      pageSize: 100,
      pageNumber: i + 1,
      ...(i === 0 ? { nextUri: "/next" } : {}),
    })
  );
  assert.equal((await api.listQueues()).length, 2);
  assert.equal(fake.api().length, 2);
});

Deno.test("queueObservations sends 250 queue ids as 100/100/50 predicates", async () => {
  const { fake, api } = setup((seen) =>
    json({
      results: predicateValues(seen).map((queueId) => ({
        group: { queueId },
        data: [],
      })),
    })
  );
  const response = await api.queueObservations(ids(250));
  const calls = fake.api();
  assert.deepEqual(calls.map((s) => predicateValues(s).length), [100, 100, 50]);
  assert.deepEqual(calls.flatMap(predicateValues), ids(250));
  assert.deepEqual(response.results.map((r) => r.group.queueId), ids(250));
  assert.equal(
    calls[0].url,
    `${API_URL}/api/v2/analytics/queues/observations/query`,
  );
  assert.equal(calls[0].method, "POST");
  assert.equal(calls[0].headers["content-type"], "application/json");
  assert.deepEqual(JSON.parse(calls[2].body).metrics, [
    "oWaiting",
    "oInteracting",
    "oAlerting",
    "oLongestWaiting",
    "oLongestInteracting",
    "oUserRoutingStatuses",
    "oOnQueueUsers",
    "oOffQueueUsers",
    "oActiveUsers",
    "oMemberUsers",
  ]);
});

Deno.test("queueObservations body is exact", async () => {
  const { fake, api } = setup(() => json({ results: [] }));
  await api.queueObservations(["q-1", "q-2", "q-1"]);
  assert.deepEqual(JSON.parse(fake.api()[0].body), {
    filter: {
      type: "or",
      predicates: [
        {
          type: "dimension",
          dimension: "queueId",
          operator: "matches",
          value: "q-1",
        },
        {
          type: "dimension",
          dimension: "queueId",
          operator: "matches",
          value: "q-2",
        },
      ],
    },
    metrics: [
      "oWaiting",
      "oInteracting",
      "oAlerting",
      "oLongestWaiting",
      "oLongestInteracting",
      "oUserRoutingStatuses",
      "oOnQueueUsers",
      "oOffQueueUsers",
      "oActiveUsers",
      "oMemberUsers",
    ],
  });
});

Deno.test("zero queue ids make no call", async () => {
  const { fake, api } = setup(() => json({}));
  assert.deepEqual(await api.queueObservations([]), { results: [] });
  assert.deepEqual(await api.todayAggregates([], "a/b", "UTC"), {
    results: [],
  });
  assert.deepEqual(await api.routingActivity([]), { results: [] });
  assert.deepEqual(await api.getUsers([]), []);
  assert.equal(fake.seen.length, 0);
});

Deno.test("parses the official observation response fixture", async () => {
  const body = fixture<{ results: unknown[] }>("observations_response.json");
  const { api } = setup(() =>
    new Response(fixtureText("observations_response.json"))
  );
  const response = await api.queueObservations([
    "1d1af111-b11c-11f1-b111-1cf1c11111fc",
  ]);
  assert.deepEqual(response, { results: body.results });
  assert.equal(response.results.length, 6);
  assert.deepEqual(response.results[1].group, {
    queueId: "1d1af111-b11c-11f1-b111-1cf1c11111fc",
    mediaType: "voice",
  });
  assert.equal(
    response.results[1].data[0].observations?.[0].observationDate,
    "2020-08-03T04:28:15.134Z",
  );
});

Deno.test("observation batches merge systemToOrganizationMappings", async () => {
  const { api } = setup((_seen, i) =>
    json({
      systemToOrganizationMappings: i === 0
        ? { ON_QUEUE: ["p-1"] }
        : { ON_QUEUE: ["p-1", "p-2"], BREAK: ["p-3"] },
      results: [],
    })
  );
  const response = await api.queueObservations(ids(101));
  assert.deepEqual(response.systemToOrganizationMappings, {
    ON_QUEUE: ["p-1", "p-2"],
    BREAK: ["p-3"],
  });
});

Deno.test("todayAggregates sends the exact body and parses both fixtures", async () => {
  const tutorial = fixture<{ results: unknown[] }>("aggregates_response.json");
  const captured = fixture("aggregates_captured_group.json");
  const { fake, api } = setup((_seen, i) =>
    i === 0
      ? new Response(fixtureText("aggregates_response.json"))
      : json({ results: [captured] })
  );
  const interval =
    "2026-11-27T00:00:00.000+01:00/2026-11-27T11:00:00.000+01:00";
  const response = await api.todayAggregates(
    ids(150),
    interval,
    "Europe/Berlin",
  );
  assert.deepEqual(response, { results: [...tutorial.results, captured] });
  const sl = response.results[1].data[0].metrics.find((m) =>
    m.metric === "oServiceLevel"
  );
  assert.deepEqual(sl?.stats, {
    ratio: 0.47586206896551725,
    numerator: 414,
    denominator: 870,
    target: 0.8,
  });
  const calls = fake.api();
  assert.equal(calls.length, 2);
  assert.equal(
    calls[0].url,
    `${API_URL}/api/v2/analytics/conversations/aggregates/query`,
  );
  const body = JSON.parse(calls[1].body);
  assert.deepEqual(body, {
    interval,
    granularity: "PT30M",
    timeZone: "Europe/Berlin",
    groupBy: ["queueId", "mediaType"],
    filter: {
      type: "or",
      predicates: ids(150).slice(100).map((value) => ({
        type: "dimension",
        dimension: "queueId",
        operator: "matches",
        value,
      })),
    },
    metrics: [
      "nOffered",
      "tAnswered",
      "tAbandon",
      "tFlowOut",
      "tHandle",
      "tWait",
      "tAcw",
      "tTalk",
      "nOverSla",
      "oServiceLevel",
    ],
  });
});

Deno.test("todayAggregates accepts an answer without results (no data)", async () => {
  const { api } = setup(() => json({}));
  assert.deepEqual(await api.todayAggregates(["q-1"], "a/b", "UTC"), {
    results: [],
  });
});

Deno.test("routingActivity sends the exact body and page 1, and concatenates results", async () => {
  const { fake, api } = setup((seen) =>
    json({
      entityIdDimension: "userId",
      results: [{
        group: { queueId: predicateValues(seen)[0] },
        data: [],
        entities: [],
      }],
    })
  );
  const response = await api.routingActivity(ids(120));
  assert.deepEqual(response, {
    entityIdDimension: "userId",
    results: [
      { group: { queueId: "q-1" }, data: [], truncated: false, entities: [] },
      { group: { queueId: "q-101" }, data: [], truncated: false, entities: [] },
    ],
  });
  const calls = fake.api();
  assert.equal(
    calls[0].url,
    `${API_URL}/api/v2/analytics/routing/activity/query?pageSize=100&pageNumber=1`,
  );
  assert.deepEqual(JSON.parse(calls[1].body), {
    metrics: [
      { metric: "oUserRoutingStatuses", details: true },
      { metric: "oUserPresences", details: true },
    ],
    groupBy: ["queueId"],
    filter: {
      type: "or",
      predicates: ids(120).slice(100).map((value) => ({
        type: "dimension",
        dimension: "queueId",
        operator: "matches",
        value,
      })),
    },
    order: "asc",
  });
});

Deno.test("getUsers asks for 100 ids a call with presence and routing status", async () => {
  const { fake, api } = setup((seen) =>
    json({
      entities: new URL(seen.url).searchParams.getAll("id").map((id) => ({
        id,
        name: id,
      })),
      pageSize: 100,
      pageNumber: 1,
    })
  );
  const userIds = Array.from({ length: 201 }, (_, i) => `u-${i + 1}`);
  const users = await api.getUsers(userIds);
  assert.deepEqual(users.map((u) => u.id), userIds);
  const calls = fake.api();
  assert.equal(calls.length, 3);
  assert.equal(
    calls[2].url,
    `${API_URL}/api/v2/users?id=u-201&expand=presence,routingStatus&pageSize=100`,
  );
  assert.equal(new URL(calls[0].url).searchParams.getAll("id").length, 100);
  assert.equal(calls[0].method, "GET");
});

Deno.test("rateLimit ignores inin-ratelimit headers and reports the limit of the last 429", async () => {
  const { api } = setup((_seen, i) =>
    i === 0
      ? json({ entities: [], pageCount: 1 }, 200, {
        "inin-ratelimit-count": "12",
        "inin-ratelimit-allowed": "300",
        "inin-ratelimit-reset": "41",
      })
      : i === 1
      ? json(fixture("rate_limited_body.json"), 429, { "retry-after": "42" })
      : json(fixture("rate_limited_limit_body.json"), 429, {
        "retry-after": "42",
      })
  );
  await api.listQueues();
  assert.equal(api.rateLimit(), null, "headers are not read");
  const plain = await failure(api.listQueues());
  assert.equal(plain.limit, null);
  assert.equal(api.rateLimit(), null, "a 429 without limit says nothing");
  const limited = await failure(api.listQueues());
  assert.deepEqual(limited.limit, {
    key: "client.credentials.token.rate.per.minute",
    namespace: "platform.api",
    value: 300,
  });
  assert.deepEqual(api.rateLimit(), {
    allowed: 300,
    count: 300,
    remaining: 0,
    resetSeconds: 42,
    observedAt: START,
    key: "client.credentials.token.rate.per.minute",
    namespace: "platform.api",
  });
});

Deno.test("429 with Retry-After: 42 is a GenesysApiError with everything parsed", async () => {
  const { api } = setup(() =>
    new Response(fixtureText("rate_limited_body.json"), {
      status: 429,
      headers: { "retry-after": "42" },
    })
  );
  const error = await failure(api.queueObservations(["q-1"]));
  assert.equal(error.status, 429);
  assert.equal(error.code, "too.many.requests.retry.after");
  assert.equal(error.retryAfterMs, 42_000);
  assert.equal(error.contextId, "<correlationId>");
  assert.equal(error.limit, null);
  assert.equal(
    error.message,
    'Genesys request failed: POST /api/v2/analytics/queues/observations/query answered 429 too.many.requests.retry.after: "Rate limit exceeded the maximum. Retry the request in [42] seconds"',
  );
});

Deno.test("429 without Retry-After has no wait, whatever inin-ratelimit-reset says", async () => {
  const { api } = setup(() =>
    json(fixture("rate_limited_body.json"), 429, {
      "inin-ratelimit-reset": "7",
    })
  );
  const error = await failure(api.routingActivity(["q-1"]));
  assert.equal(error.retryAfterMs, null);
});

Deno.test("500 with a non-JSON body still says the status", async () => {
  const { api } = setup(() =>
    new Response("upstream exploded", { status: 500 })
  );
  const error = await failure(api.getUsers(["u-1"]));
  assert.equal(error.status, 500);
  assert.equal(error.code, "http.error");
  assert.equal(error.retryAfterMs, null);
  assert.equal(
    error.message,
    "Genesys request failed: GET /api/v2/users answered 500 with a non-JSON body",
  );
});

Deno.test("a 200 that is not JSON is a malformed.response", async () => {
  const { api } = setup(() => new Response('{"results": [', { status: 200 }));
  const error = await failure(api.queueObservations(["q-1"]));
  assert.equal(error.status, 200);
  assert.equal(error.code, "malformed.response");
  assert.equal(
    error.message,
    "Cannot parse Genesys answer: POST /api/v2/analytics/queues/observations/query answered 200 without a JSON object",
  );
  const other = setup(() => json({ results: "nope" }));
  const shape = await failure(other.api.queueObservations(["q-1"]));
  assert.equal(
    shape.message,
    'Cannot parse Genesys answer: POST /api/v2/analytics/queues/observations/query answered 200 without an array in "results"',
  );
});

Deno.test("a network failure is status 0, code network.error", async () => {
  const { api } = setup(() => {
    throw new TypeError("connection refused");
  });
  const error = await failure(api.listQueues());
  assert.equal(error.status, 0);
  assert.equal(error.code, "network.error");
  assert.equal(
    error.message,
    "Genesys request failed: GET /api/v2/routing/queues got no answer: connection refused",
  );
});

Deno.test("no answer within the timeout is status 0, code request.timeout", async () => {
  const { api } = setup(() => new Promise<Response>(() => {}), 5);
  const error = await failure(api.listQueues());
  assert.equal(error.status, 0);
  assert.equal(error.code, "request.timeout");
  assert.equal(
    error.message,
    "Genesys request failed: GET /api/v2/routing/queues got no answer within 5 ms",
  );
});

Deno.test("the caller's abort rethrows its reason unwrapped", async () => {
  const controller = new AbortController();
  const { api } = setup(() => {
    controller.abort(new Error("poller stopped"));
    return new Promise<Response>(() => {});
  });
  await assert.rejects(api.listQueues(controller.signal), {
    message: "poller stopped",
  });
  await assert.rejects(api.listQueues(controller.signal), {
    message: "poller stopped",
  });
});
