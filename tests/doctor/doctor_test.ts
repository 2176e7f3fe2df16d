import assert from "node:assert/strict";
import { type DoctorRow, runDoctor } from "../../src/doctor/mod.ts";
import { createSimulator, type Simulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { configOf, memoryKv, SECRETS, simClientConfig } from "./_env.ts";

const T0 = "2026-11-27T10:00:00.000Z";
const CHECKS = [
  "region",
  "token",
  "queues",
  "observations",
  "aggregates",
  "routing activity",
  "users",
  "notifications",
  "kv",
];
const OBSERVATION = "analytics:queueObservation:view";

function simulator(clock: FakeClock): Simulator {
  return createSimulator({ seed: 3, queues: 4, agents: 10, clock });
}

/** The deps that point a credentialed configuration at `sim` in process. */
function through(sim: Simulator, clock: FakeClock) {
  return {
    clock,
    fetch: sim.fetch,
    connect: (url: string) => sim.connect(url),
    openKv: memoryKv,
  };
}

function byCheck(rows: DoctorRow[]): Record<string, DoctorRow> {
  return Object.fromEntries(rows.map((row) => [row.check, row]));
}

Deno.test("without credentials the doctor checks the in-process simulator and passes", async () => {
  const clock = new FakeClock(T0);
  const sim = simulator(clock);
  try {
    const report = await runDoctor(configOf(), {
      clock,
      simulator: sim,
      openKv: memoryKv,
    });
    assert.deepEqual(report.rows.map((r) => r.check), CHECKS);
    assert.deepEqual(
      report.rows.filter((r) => r.result !== "OK"),
      [],
      "every row OK",
    );
    assert.equal(report.failed, false);
    const rows = byCheck(report.rows);
    assert.equal(
      rows.region.detail,
      "in-process simulator (GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET unset)",
    );
    assert.match(
      rows.queues.detail,
      /^4 queues visible in 1 division; GENESYS_QUEUES unset: all; role has routing:queue:view$/,
    );
    assert.match(
      rows.observations.detail,
      /^\d+ groups for 4 queues; role has analytics:queueObservation:view$/,
    );
    assert.match(
      rows.aggregates.detail,
      /^\d+ groups for 4 queues, today 2026-11-27T00:00:00\.000Z\/2026-11-27T10:00:00\.000Z \(UTC\); role has analytics:conversationAggregate:view$/,
    );
    assert.equal(
      rows["routing activity"].detail,
      `10 agents in 4 queues; role has ${OBSERVATION}`,
    );
    assert.equal(
      rows.users.detail,
      "10 of 10 agents read with presence and routing status",
    );
    assert.equal(
      rows.notifications.detail,
      `1 channel, 24 topics subscribed, socket open; role has ${OBSERVATION}`,
    );
    assert.equal(
      rows.kv.detail,
      `KV_PATH unset: Deno's default: wrote, read and deleted ["qp","doctor",…]`,
    );
    const stats = sim.stats();
    assert.equal(stats.notifications.sockets, 0, "socket closed");
    assert.equal(stats.notifications.subscriptions, 0, "subscriptions cleared");
  } finally {
    sim.close();
  }
});

Deno.test("a wrong secret fails the token row naming the secret, and skips what needs a token", async () => {
  const clock = new FakeClock(T0);
  const sim = simulator(clock);
  try {
    const config = simClientConfig({ GENESYS_CLIENT_SECRET: "not-the-secret" });
    const report = await runDoctor(config, through(sim, clock));
    assert.equal(report.failed, true);
    assert.deepEqual(report.rows.slice(1, 3), [
      {
        check: "token",
        result: "FAIL",
        detail:
          'client secret refused (401 invalid_client "authentication failed"): check GENESYS_CLIENT_SECRET',
      },
      { check: "queues", result: "SKIP", detail: "needs a token" },
    ]);
    assert.deepEqual(byCheck(report.rows).notifications, {
      check: "notifications",
      result: "SKIP",
      detail: "needs a token and a queue to check",
    });
    assert.equal(byCheck(report.rows).kv.result, "OK");
  } finally {
    sim.close();
  }
});

Deno.test("an unknown client id fails the token row naming the id", async () => {
  const clock = new FakeClock(T0);
  const sim = simulator(clock);
  try {
    const config = simClientConfig({ GENESYS_CLIENT_ID: "nobody" });
    const report = await runDoctor(config, through(sim, clock));
    assert.deepEqual(report.rows[1], {
      check: "token",
      result: "FAIL",
      detail:
        'client id refused (401 invalid_client "client not found"): check GENESYS_CLIENT_ID and GENESYS_REGION',
    });
  } finally {
    sim.close();
  }
});

Deno.test("a refused permission is named on each row that needs it", async () => {
  const clock = new FakeClock(T0);
  const sim = simulator(clock);
  try {
    sim.setFaults({ missingPermissions: [OBSERVATION] });
    const report = await runDoctor(simClientConfig(), through(sim, clock));
    const rows = byCheck(report.rows);
    assert.equal(report.failed, true);
    assert.deepEqual(rows.observations, {
      check: "observations",
      result: "FAIL",
      detail:
        `POST /api/v2/analytics/queues/observations/query: missing permission ${OBSERVATION} (403 missing.permissions)`,
    });
    assert.deepEqual(rows["routing activity"], {
      check: "routing activity",
      result: "FAIL",
      detail:
        `POST /api/v2/analytics/routing/activity/query: missing permission ${OBSERVATION} (403 missing.permissions)`,
    });
    assert.equal(rows.aggregates.result, "OK");
    assert.deepEqual(rows.users, {
      check: "users",
      result: "SKIP",
      detail: "needs the routing activity",
    });
    assert.deepEqual(rows.notifications, {
      check: "notifications",
      result: "FAIL",
      detail: `4 of 4 topics rejected: missing permission ${OBSERVATION} (4)`,
    });
  } finally {
    sim.close();
  }
});

Deno.test("a refused aggregate permission fails only the aggregates row", async () => {
  const clock = new FakeClock(T0);
  const sim = simulator(clock);
  try {
    sim.setFaults({
      missingPermissions: ["analytics:conversationAggregate:view"],
    });
    const report = await runDoctor(simClientConfig(), through(sim, clock));
    assert.deepEqual(
      report.rows.filter((r) => r.result !== "OK"),
      [{
        check: "aggregates",
        result: "FAIL",
        detail:
          "POST /api/v2/analytics/conversations/aggregates/query: missing permission analytics:conversationAggregate:view (403 missing.permissions)",
      }],
    );
  } finally {
    sim.close();
  }
});

Deno.test("GENESYS_QUEUES matching no queue fails the queues row", async () => {
  const clock = new FakeClock(T0);
  const sim = simulator(clock);
  try {
    const config = simClientConfig({ GENESYS_QUEUES: "Nope*,q-0" });
    const report = await runDoctor(config, through(sim, clock));
    const rows = byCheck(report.rows);
    assert.equal(rows.queues.result, "FAIL");
    assert.match(
      rows.queues.detail,
      /^4 queues visible in 1 division; none match GENESYS_QUEUES "Nope\*,q-0"$/,
    );
    assert.deepEqual(rows.observations, {
      check: "observations",
      result: "SKIP",
      detail: "no queue to check",
    });
  } finally {
    sim.close();
  }
});

Deno.test("GENESYS_QUEUES and GENESYS_NOTIFICATIONS=false shape the checks", async () => {
  const clock = new FakeClock(T0);
  const sim = simulator(clock);
  try {
    const [first] = sim.queueIds();
    const config = simClientConfig({
      GENESYS_QUEUES: first,
      GENESYS_NOTIFICATIONS: "false",
    });
    const report = await runDoctor(config, through(sim, clock));
    const rows = byCheck(report.rows);
    assert.equal(report.failed, false);
    assert.match(
      rows.queues.detail,
      new RegExp(`; 1 match GENESYS_QUEUES "${first}"; role has`),
    );
    assert.match(rows.observations.detail, /^\d+ groups for 1 queue;/);
    assert.deepEqual(rows.notifications, {
      check: "notifications",
      result: "SKIP",
      detail: "GENESYS_NOTIFICATIONS=false: polling only",
    });
    assert.equal(sim.stats().notifications.channels, 0, "no channel made");
  } finally {
    sim.close();
  }
});

Deno.test("an unreachable login service fails the token row with the network error", async () => {
  const report = await runDoctor(
    configOf({
      GENESYS_REGION: "eu-west-1",
      GENESYS_CLIENT_ID: "id",
      GENESYS_CLIENT_SECRET: "s3cret-value",
    }),
    {
      clock: new FakeClock(T0),
      fetch: () => Promise.reject(new TypeError("connection refused")),
      openKv: memoryKv,
    },
  );
  assert.deepEqual(report.rows.slice(0, 2), [
    {
      check: "region",
      result: "OK",
      detail:
        "mypurecloud.ie: API https://api.mypurecloud.ie, login https://login.mypurecloud.ie",
    },
    {
      check: "token",
      result: "FAIL",
      detail: report.rows[1].detail,
    },
  ]);
  assert.match(
    report.rows[1].detail,
    /^Genesys request failed: POST \/oauth\/token .*connection refused/,
  );
});

Deno.test("KV that cannot open fails the kv row and nothing else", async () => {
  const clock = new FakeClock(T0);
  const sim = simulator(clock);
  try {
    const report = await runDoctor(configOf({ KV_PATH: "/nowhere/kv.db" }), {
      clock,
      simulator: sim,
      openKv: () => Promise.reject(new Deno.errors.NotFound("no such dir")),
    });
    assert.deepEqual(report.rows.filter((r) => r.result !== "OK"), [{
      check: "kv",
      result: "FAIL",
      detail: "Cannot open KV (/nowhere/kv.db): no such dir",
    }]);
  } finally {
    sim.close();
  }
});

Deno.test("no detail ever holds a secret or a token, even when Genesys echoes them", async () => {
  const tokens: string[] = [];
  const echo: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path === "/oauth/token") {
      const token = `tok-${crypto.randomUUID()}`;
      tokens.push(token);
      return Promise.resolve(
        Response.json({ access_token: token, expires_in: 3600 }),
      );
    }
    const auth = request.headers.get("authorization") ?? "";
    const message = `echo ${
      auth.slice(7)
    } ${SECRETS.AUTH_JWT_SECRET} ${"s3cret-value"} ${SECRETS.METRICS_TOKEN}`;
    return Promise.resolve(
      Response.json({ code: "bad.request", status: 400, message }, {
        status: 400,
      }),
    );
  };
  const report = await runDoctor(
    configOf({
      GENESYS_CLIENT_ID: "id",
      GENESYS_CLIENT_SECRET: "s3cret-value",
    }),
    { clock: new FakeClock(T0), fetch: echo, openKv: memoryKv },
  );
  const text = JSON.stringify(report.rows);
  assert.equal(tokens.length, 1);
  assert.match(
    report.rows[2].detail,
    /^GET \/api\/v2\/routing\/queues: .*echo \[redacted\] \[redacted\] \[redacted\] \[redacted\]/,
  );
  for (const secret of [...tokens, ...Object.values(SECRETS), "s3cret-value"]) {
    assert.ok(!text.includes(secret), `no ${secret}`);
  }
});
