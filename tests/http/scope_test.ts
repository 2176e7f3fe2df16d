import assert from "node:assert/strict";
import { computeTotals } from "../../src/snapshot/mod.ts";
import { hsToken, SECRET } from "../auth/tokens.ts";
import {
  assertNoSecrets,
  bearer,
  call,
  FakeRealtime,
  testApp,
  testSnapshot,
} from "./_fixtures.ts";

Deno.test("a one-queue token sees only that queue everywhere", async () => {
  const { app, log } = testApp();
  const token = await hsToken({ claims: { queues: ["q-2"], agents: true } });
  const auth = bearer(token);
  const snapshot = testSnapshot();

  const snap = await call(app, "/api/v1/snapshot?agents=true", auth);
  assert.equal(snap.status, 200);
  assert.deepEqual(snap.json, {
    type: "snapshot",
    epoch: "ep-1",
    version: 41,
    fetchedAt: "2026-11-27T09:59:58.000Z",
    committedAt: "2026-11-27T09:59:58.500Z",
    stale: false,
    source: "simulator",
    resumed: false,
    queues: { "q-2": snapshot.queues["q-2"] },
    agents: {
      "u-1": { ...snapshot.agents["u-1"], queueIds: ["q-2"] },
      "u-2": snapshot.agents["u-2"],
    },
    totals: computeTotals(snapshot, ["q-2"]),
  });
  assert.equal(snap.json.totals.waiting, 2);
  assert.equal(snap.json.totals.offered, 20);
  assert.equal(snap.json.totals.serviceLevel, 0.8);
  assert.deepEqual(Object.keys(snap.json), [
    "type",
    "epoch",
    "version",
    "fetchedAt",
    "committedAt",
    "stale",
    "source",
    "resumed",
    "queues",
    "agents",
    "totals",
  ]);

  const queues = await call(app, "/api/v1/queues", auth);
  assert.deepEqual(queues.json, [
    { id: "q-2", name: "Billing", divisionId: "d-1" },
  ]);

  const own = await call(app, "/api/v1/queues/q-2", auth);
  assert.equal(own.status, 200);
  assert.deepEqual(own.json, snapshot.queues["q-2"]);

  for (const id of ["q-1", "q-404"]) {
    const other = await call(app, `/api/v1/queues/${id}`, auth);
    assert.equal(other.status, 403);
    assert.deepEqual(other.json, {
      error: {
        code: "forbidden",
        message: `Cannot read queue "${id}": outside the token's scope`,
      },
    });
  }

  const agents = await call(app, "/api/v1/agents", auth);
  assert.deepEqual(agents.json, {
    "u-1": { ...snapshot.agents["u-1"], queueIds: ["q-2"] },
    "u-2": snapshot.agents["u-2"],
  });
  assertNoSecrets(
    [snap.text, queues.text, own.text, agents.text, ...log.lines],
    [token, SECRET],
  );
});

Deno.test("asking for a queue outside the scope is 403 forbidden", async () => {
  const { app } = testApp();
  const auth = bearer(await hsToken({ claims: { queues: ["q-2"] } }));
  const answer = await call(app, "/api/v1/snapshot?queues=q-2,q-1", auth);
  assert.equal(answer.status, 403);
  assert.deepEqual(answer.json, {
    error: {
      code: "forbidden",
      message: `Cannot read queue "q-1": outside the token's scope`,
    },
  });
});

Deno.test("agents without agents scope are 403 forbidden", async () => {
  const { app } = testApp();
  const auth = bearer(await hsToken({ claims: { queues: "*" } }));
  const expected = {
    error: {
      code: "forbidden",
      message: "Cannot read agents: the token has no agents scope",
    },
  };
  const snap = await call(app, "/api/v1/snapshot?agents=true", auth);
  assert.equal(snap.status, 403);
  assert.deepEqual(snap.json, expected);
  const agents = await call(app, "/api/v1/agents", auth);
  assert.equal(agents.status, 403);
  assert.deepEqual(agents.json, expected);
  const without = await call(app, "/api/v1/snapshot?agents=false", auth);
  assert.equal(without.status, 200);
  assert.equal("agents" in without.json, false);
});

Deno.test("a full-scope token filters with ?queues and gets 404 for unknown ids", async () => {
  const { app } = testApp();
  const auth = bearer(await hsToken({ claims: { queues: "*" } }));
  const snap = await call(app, "/api/v1/snapshot?queues=q-3,q-1", auth);
  assert.deepEqual(Object.keys(snap.json.queues), ["q-1", "q-3"]);
  assert.deepEqual(
    snap.json.totals,
    computeTotals(testSnapshot(), ["q-1", "q-3"]),
  );
  const unknown = await call(app, "/api/v1/queues/q-404", auth);
  assert.equal(unknown.status, 404);
  assert.deepEqual(unknown.json, {
    error: { code: "not_found", message: 'Cannot find queue "q-404"' },
  });
  const list = await call(app, "/api/v1/queues", auth);
  assert.deepEqual(list.json.map((q: { name: string }) => q.name), [
    "Billing",
    "Sales",
    "Support",
  ]);
});

Deno.test("a list-scope token gets 404 for an id in its scope that does not exist", async () => {
  const { app } = testApp();
  const auth = bearer(await hsToken({ claims: { queues: ["q-1", "q-9"] } }));
  const answer = await call(app, "/api/v1/queues/q-9", auth);
  assert.equal(answer.status, 404);
  assert.equal(answer.json.error.code, "not_found");
});

Deno.test("bad query values are 400 bad_request and change nothing", async () => {
  const { app } = testApp();
  const auth = bearer(await hsToken({ claims: { queues: "*", agents: true } }));
  const cases: [string, string][] = [
    [
      "/api/v1/snapshot?agents=yes",
      'Cannot parse agents: expected "true" or "false", got "yes"',
    ],
    ["/api/v1/snapshot?queues=q-1,,q-2", "Cannot parse queues: empty queue id"],
    ["/api/v1/snapshot?queues=", "Cannot parse queues: empty queue id"],
  ];
  for (const [path, message] of cases) {
    const answer = await call(app, path, auth);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, { error: { code: "bad_request", message } });
  }
  const ok = await call(app, "/api/v1/snapshot?queues=q-1", auth);
  assert.equal(ok.status, 200);
  assert.deepEqual(Object.keys(ok.json.queues), ["q-1"]);
});

Deno.test("REST before the first snapshot is 503 starting", async () => {
  const { app } = testApp({ realtime: new FakeRealtime(null) });
  const auth = bearer(await hsToken({ claims: { queues: "*", agents: true } }));
  for (
    const path of [
      "/api/v1/snapshot",
      "/api/v1/queues",
      "/api/v1/queues/q-1",
      "/api/v1/agents",
    ]
  ) {
    const answer = await call(app, path, auth);
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.json, {
      error: {
        code: "starting",
        message: "Cannot answer yet: no snapshot has been received",
      },
    });
  }
});

Deno.test("the snapshot answer carries stale from realtime", async () => {
  const realtime = new FakeRealtime();
  realtime.isStale = true;
  const { app } = testApp({ realtime });
  const auth = bearer(await hsToken());
  const answer = await call(app, "/api/v1/snapshot", auth);
  assert.equal(answer.json.stale, true);
  assert.equal(answer.headers.get("cache-control"), "no-store");
  assert.equal(answer.headers.get("x-content-type-options"), "nosniff");
});
