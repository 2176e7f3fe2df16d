/**
 * The Genesys client against the standalone simulator over real HTTP:
 * `serveSimulator` on a free port, `createGenesysClient` on the real
 * `fetch`. The simulator runs on a `FakeClock`, so its traffic and token
 * expiry are deterministic; only the transport is real.
 *
 * @module
 */

import assert from "node:assert/strict";
import { systemClock } from "../../src/clock.ts";
import {
  createGenesysClient,
  type GenesysApi,
  GenesysApiError,
  GenesysAuthError,
} from "../../src/genesys/mod.ts";
import {
  createSimulator,
  serveSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../src/simulator/mod.ts";
import type { Clock } from "../../src/clock.ts";
import { FakeClock } from "../_support/mod.ts";

const T0 = "2026-11-27T10:00:00.000Z";
const TODAY = "2026-11-27T00:00:00.000Z/2026-11-27T10:00:00.000Z";
/** The 20 half-hour bucket starts of TODAY. */
const HALF_HOURS = Array.from(
  { length: 20 },
  (_, i) =>
    new Date(Date.parse("2026-11-27T00:00:00.000Z") + i * 1_800_000)
      .toISOString(),
);
const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";
const QUEUES = "GET /api/v2/routing/queues";

/** A simulator served on 127.0.0.1 with a free port, and a client for it. */
interface Served {
  sim: Simulator;
  clock: FakeClock;
  url: string;
  client(options?: { secret?: string; id?: string; clock?: Clock }): GenesysApi;
  [Symbol.asyncDispose](): Promise<void>;
}

function serve(options: SimulatorOptions = {}): Served {
  const clock = new FakeClock(T0);
  const sim = createSimulator({ seed: 11, clock, ...options });
  const controller = new AbortController();
  const server = serveSimulator(sim, {
    port: 0,
    hostname: "127.0.0.1",
    signal: controller.signal,
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    sim,
    clock,
    url,
    client: ({ secret = "sim-secret", id = "sim-client", ...rest } = {}) =>
      createGenesysClient({
        apiUrl: url,
        loginUrl: url,
        credentials: { clientId: id, clientSecret: secret },
        fetch: (request) => fetch(request),
        clock: rest.clock ?? clock,
      }),
    async [Symbol.asyncDispose]() {
      controller.abort();
      await server.finished;
    },
  };
}

Deno.test("client over HTTP: listQueues reads every page", async () => {
  await using served = serve({ queues: 250, agents: 40 });
  const api = served.client();
  const queues = await api.listQueues();
  assert.equal(queues.length, 250);
  assert.deepEqual(
    new Set(queues.map((q) => q.id)),
    new Set(served.sim.queueIds()),
  );
  for (const queue of queues) {
    assert.equal(typeof queue.name, "string");
    assert.equal(typeof queue.division?.id, "string");
    assert.ok(queue.mediaSettings?.call?.serviceLevel);
  }
  const stats = served.sim.stats();
  assert.equal(stats.requests[QUEUES], 3, "pages of 100");
  assert.equal(stats.tokensIssued, 1);
  assert.equal(api.rateLimit(), null, "no 429, no rate-limit figures");
});

Deno.test("client over HTTP: observations, aggregates, activity and users are Genesys-shaped", async () => {
  await using served = serve({ queues: 130, agents: 60 });
  const api = served.client();
  const ids = served.sim.queueIds();

  const observed = await api.queueObservations(ids);
  // 130 queues: two calls of at most 100 ids, answers concatenated.
  assert.equal(served.sim.stats().requests[OBSERVATIONS], 2);
  const observedQueues = new Set(observed.results.map((r) => r.group.queueId));
  assert.deepEqual(observedQueues, new Set(ids));
  for (const result of observed.results) {
    assert.ok(result.data.length > 0);
    for (const metric of result.data) {
      assert.equal(typeof metric.metric, "string");
      assert.equal(typeof metric.stats, "object");
    }
  }
  const waiting = observed.results.flatMap((r) =>
    r.data.filter((d) => d.metric === "oWaiting")
  );
  assert.ok(waiting.length >= ids.length);
  for (const d of waiting) assert.equal(typeof d.stats.count, "number");

  const aggregates = await api.todayAggregates(ids, TODAY, "UTC");
  assert.ok(aggregates.results && aggregates.results.length > 0);
  for (const group of aggregates.results) {
    assert.ok(ids.includes(group.group.queueId!));
    assert.equal(typeof group.group.mediaType, "string");
    // PT30M: one bucket per half hour with data, in order, inside TODAY.
    const starts = group.data.map((d) => {
      const [start, end] = d.interval.split("/");
      assert.equal(Date.parse(end) - Date.parse(start), 30 * 60_000);
      return start;
    });
    assert.ok(starts.length > 0);
    assert.deepEqual(starts, [...new Set(starts)].sort());
    for (const start of starts) assert.ok(HALF_HOURS.includes(start), start);
    for (const m of group.data.flatMap((d) => d.metrics)) {
      assert.equal(typeof m.metric, "string");
      assert.equal(typeof m.stats, "object");
    }
  }

  const activity = await api.routingActivity(ids);
  assert.equal(activity.entityIdDimension, "userId");
  assert.equal(activity.results?.length, ids.length);
  const userIds = new Set<string>();
  for (const group of activity.results!) {
    for (const entity of group.entities ?? []) {
      assert.equal(entity.queueId, group.group.queueId);
      userIds.add(entity.userId);
    }
  }
  assert.ok(userIds.size > 0);

  const users = await api.getUsers([...userIds]);
  assert.deepEqual(new Set(users.map((u) => u.id)), userIds);
  for (const user of users) {
    assert.equal(typeof user.name, "string");
    assert.equal(typeof user.routingStatus?.status, "string");
    assert.equal(
      typeof user.presence?.presenceDefinition?.systemPresence,
      "string",
    );
  }
  assert.equal(served.sim.stats().tokensIssued, 1, "one token for all calls");
});

Deno.test("client over HTTP: a wrong secret or client id is invalid_client, named without secrets", async () => {
  await using served = serve();
  await assert.rejects(
    served.client({ secret: "not-the-secret" }).listQueues(),
    (e: unknown) => {
      assert.ok(e instanceof GenesysAuthError);
      assert.equal(
        e.message,
        'Cannot get a Genesys token: the login service refused the client secret ("authentication failed"); check GENESYS_CLIENT_SECRET',
      );
      assert.equal(e.status, 401);
      assert.equal(e.code, "invalid_client");
      assert.equal(e.reason, "authentication_failed");
      return true;
    },
  );
  await assert.rejects(
    served.client({ id: "someone-else" }).listQueues(),
    (e: unknown) => {
      assert.ok(e instanceof GenesysAuthError);
      assert.equal(
        e.message,
        'Cannot get a Genesys token: the login service refused the client id ("client not found"); check GENESYS_CLIENT_ID and GENESYS_REGION',
      );
      assert.equal(e.reason, "client_not_found");
      assert.ok(!e.message.includes("someone-else"));
      return true;
    },
  );
  // Nothing was issued and no API call went out.
  const stats = served.sim.stats();
  assert.equal(stats.tokensIssued, 0);
  assert.equal(stats.requests[QUEUES], undefined);
  // The right credentials still work afterwards: nothing was cached.
  assert.equal((await served.client().listQueues()).length, 12);
});

Deno.test("client over HTTP: a 429 is a GenesysApiError with retryAfterMs", async () => {
  await using served = serve();
  const put = await fetch(`${served.url}/__sim/faults`, {
    method: "PUT",
    body: JSON.stringify({ rateLimitPerMinute: 2 }),
  });
  assert.deepEqual(await put.json(), { rateLimitPerMinute: 2 });
  const api = served.client();
  const ids = served.sim.queueIds();
  await api.listQueues();
  await api.queueObservations(ids);
  await served.clock.tickAsync(20_000);
  await assert.rejects(api.routingActivity(ids), (e: unknown) => {
    assert.ok(e instanceof GenesysApiError);
    assert.equal(
      e.message,
      'Genesys request failed: POST /api/v2/analytics/routing/activity/query answered 429 too.many.requests.retry.after: "Rate limit exceeded the maximum. Retry the request in [40] seconds"',
    );
    assert.equal(e.status, 429);
    assert.equal(e.code, "too.many.requests.retry.after");
    assert.equal(e.retryAfterMs, 40_000);
    assert.equal(typeof e.contextId, "string");
    assert.deepEqual(e.limit, {
      key: "client.credentials.token.rate.per.minute",
      namespace: "platform.api",
      value: 2,
    });
    return true;
  });
  const limit = api.rateLimit();
  assert.deepEqual(
    limit && {
      count: limit.count,
      allowed: limit.allowed,
      resetSeconds: limit.resetSeconds,
      remaining: limit.remaining,
    },
    { count: 2, allowed: 2, resetSeconds: 40, remaining: 0 },
  );
  assert.equal(served.sim.stats().rateLimited, 1);

  // After the window the same client goes on.
  await served.clock.tickAsync(40_000);
  const activity = await api.routingActivity(ids);
  assert.equal(activity.results?.length, 12);
});

Deno.test("client over HTTP: a short-lived token is refreshed before it expires", async () => {
  await using served = serve({ tokenLifetimeSeconds: 60 });
  const api = served.client();
  const ids = served.sim.queueIds();
  await api.queueObservations(ids);
  assert.equal(served.sim.stats().tokensIssued, 1);
  // Refresh is due at half the lifetime (the margin is capped at half).
  await served.clock.tickAsync(29_000);
  await api.queueObservations(ids);
  assert.equal(served.sim.stats().tokensIssued, 1);
  await served.clock.tickAsync(1_000);
  await api.queueObservations(ids);
  await served.clock.tickAsync(45_000);
  await api.queueObservations(ids);
  const stats = served.sim.stats();
  assert.equal(stats.tokensIssued, 3);
  assert.equal(stats.requests[OBSERVATIONS], 4, "no call was refused");
});

Deno.test("client over HTTP: a token that expired on the server is replaced and the call retried", async () => {
  await using served = serve({ tokenLifetimeSeconds: 60 });
  // The client's clock stands still, so it believes its token is fresh;
  // the simulator's clock moves past the token's lifetime.
  const frozen: Clock = {
    now: () => Date.parse(T0),
    sleep: systemClock().sleep,
  };
  const api = served.client({ clock: frozen });
  const ids = served.sim.queueIds();
  await api.queueObservations(ids);
  await served.clock.tickAsync(61_000);
  const observed = await api.queueObservations(ids);
  assert.equal(observed.results.length > 0, true);
  const stats = served.sim.stats();
  assert.equal(stats.tokensIssued, 2);
  // First call, the refused retry with the expired token, the retry.
  assert.equal(stats.requests[OBSERVATIONS], 3);
  assert.equal(stats.requests["POST /oauth/token"], 2);
});
