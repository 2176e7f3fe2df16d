import assert from "node:assert/strict";
import {
  apiErrorFromAnswer,
  createGenesysClient,
  ENDPOINT_PERMISSIONS,
  endpointPermissions,
  GenesysApiError,
  topicPermissions,
} from "../../src/genesys/mod.ts";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";

const NOW = Date.parse("2026-11-27T10:00:00.000Z");

function answer403(body: Record<string, unknown>): GenesysApiError {
  const text = JSON.stringify({ status: 403, ...body });
  return apiErrorFromAnswer(
    "POST /api/v2/analytics/queues/observations/query",
    new Response(text, { status: 403 }),
    text,
    NOW,
  );
}

Deno.test("a 403 missing.permissions names the missing permissions", () => {
  const error = answer403({
    message:
      "Unable to perform the requested action. You are missing the following permission(s): [analytics:queueObservation:view]",
    code: "missing.permissions",
    contextId: "c-1",
  });
  assert.equal(error.status, 403);
  assert.equal(error.code, "missing.permissions");
  assert.deepEqual(error.missingPermissions, [
    "analytics:queueObservation:view",
  ]);
  assert.equal(
    error.message,
    'Genesys request failed: POST /api/v2/analytics/queues/observations/query answered 403 missing.permissions: "Unable to perform the requested action. You are missing the following permission(s): [analytics:queueObservation:view]"',
  );
  const any = answer403({
    message: "You must have at least one of the following permissions assigned",
    messageWithParams: "… {0}",
    messageParams: { "0": "routing:queue:view, routing:queue:*" },
    code: "missing.any.permissions",
  });
  assert.deepEqual(any.missingPermissions, [
    "routing:queue:view",
    "routing:queue:*",
  ]);
  const other = answer403({
    message: "Not allowed for a:b:c",
    code: "not.authorized",
  });
  assert.deepEqual(other.missingPermissions, [], "only the permission codes");
});

Deno.test("the permission table maps calls and topics, combined user topics included", () => {
  assert.deepEqual(
    endpointPermissions("POST", "/api/v2/analytics/routing/activity/query"),
    ["analytics:queueObservation:view"],
  );
  assert.deepEqual(
    endpointPermissions("GET", "/api/v2/routing/queues"),
    ["routing:queue:view"],
  );
  assert.deepEqual(endpointPermissions("GET", "/api/v2/users"), []);
  assert.deepEqual(
    endpointPermissions(
      "PUT",
      "/api/v2/notifications/channels/streaming-0-abc/subscriptions",
    ),
    [],
  );
  assert.equal(endpointPermissions("GET", "/api/v2/users/me"), null);
  assert.equal(
    endpointPermissions(
      "PUT",
      "/api/v2/notifications/channels/a/b/subscriptions",
    ),
    null,
  );
  assert.deepEqual(
    topicPermissions("v2.analytics.queues.q-1.observations"),
    ["analytics:queueObservation:view"],
  );
  assert.deepEqual(topicPermissions("v2.users.u-1?presence&routingStatus"), []);
  assert.equal(topicPermissions("v2.users.u-1?presence&conversations"), null);
  assert.equal(topicPermissions("v2.routing.queues.q-1.conversations"), null);
});

Deno.test("every call the client makes is in the permission table", async () => {
  const clock = new FakeClock(NOW);
  const sim = createSimulator({ clock });
  const api = createGenesysClient({
    apiUrl: "http://sim.test",
    loginUrl: "http://sim.test",
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: (request) => sim.handler(request),
    clock,
  });
  const ids = sim.queueIds();
  await api.listQueues();
  await api.queueObservations(ids);
  await api.todayAggregates(
    ids,
    "2026-11-27T00:00:00Z/2026-11-27T10:00:00Z",
    "UTC",
  );
  const activity = await api.routingActivity(ids);
  await api.getUsers([activity.results![0].entities![0].userId]);
  const calls = sim.stats().log.filter((e) => e.path.startsWith("/api/"));
  assert.equal(calls.length, 5);
  for (const call of calls) {
    assert.notEqual(
      endpointPermissions(call.method, call.path),
      null,
      call.path,
    );
  }
  assert.equal(
    new Set(ENDPOINT_PERMISSIONS.map((e) => `${e.method} ${e.path}`)).size,
    ENDPOINT_PERMISSIONS.length,
    "one row per call",
  );
});

Deno.test("against the simulator, a refused permission reaches the caller named", async () => {
  const clock = new FakeClock(NOW);
  const sim = createSimulator({ clock });
  sim.setFaults({ missingPermissions: ["analytics:queueObservation:view"] });
  const api = createGenesysClient({
    apiUrl: "http://sim.test",
    loginUrl: "http://sim.test",
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: (request) => sim.handler(request),
    clock,
  });
  await assert.rejects(api.routingActivity(sim.queueIds()), (e: unknown) => {
    assert.ok(e instanceof GenesysApiError);
    assert.equal(e.status, 403);
    assert.deepEqual(e.missingPermissions, ["analytics:queueObservation:view"]);
    assert.equal(e.retryAfterMs, null);
    return true;
  });
  assert.equal((await api.listQueues()).length, 12);
});
