/**
 * `deno task doctor` as a real child process: its table on stdout, its exit
 * code, its `.env` handling, and no secret in anything it prints. The
 * standalone simulator is served by this test process on a free port.
 *
 * @module
 */

import assert from "node:assert/strict";
import { createSimulator, serveSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { SECRETS } from "./_env.ts";
import { type DoctorRun, parseTable, runDoctorTask } from "./_run.ts";

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

function assertNoSecret(run: DoctorRun, secrets: string[]): void {
  for (const secret of [...Object.values(SECRETS), ...secrets]) {
    assert.ok(!run.stdout.includes(secret), `stdout has no ${secret}`);
    assert.ok(!run.stderr.includes(secret), `stderr has no ${secret}`);
  }
}

Deno.test("deno task doctor passes on the in-process simulator: exit 0, every row OK", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = await runDoctorTask(dir, {
      ...SECRETS,
      KV_PATH: `${dir}/kv.sqlite3`,
    });
    assert.equal(run.stderr, "");
    assert.equal(run.code, 0);
    const rows = parseTable(run.stdout);
    assert.deepEqual(rows.map((r) => r.check), CHECKS);
    assert.deepEqual(rows.filter((r) => r.result !== "OK"), []);
    assert.match(rows[0].detail, /^in-process simulator/);
    assert.equal(
      rows[8].detail,
      `${dir}/kv.sqlite3: wrote, read and deleted ["qp","doctor",…]`,
    );
    assertNoSecret(run, ["sim-secret"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task doctor reads ./.env: an unknown region is the one-line config error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/.env`,
      `GENESYS_REGION=eu-west-9\nGENESYS_CLIENT_SECRET="dotenv-secret-42"\nGENESYS_CLIENT_ID=id\n`,
    );
    const run = await runDoctorTask(dir, SECRETS);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1);
    assert.match(
      lines[0],
      /^error: Cannot parse GENESYS_REGION: unknown region "eu-west-9" \(expected one of: mypurecloud\.com, .*eu-west-1, /,
    );
    assertNoSecret(run, ["dotenv-secret-42"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task doctor against the standalone simulator: a wrong secret, then a missing permission", async () => {
  const dir = await Deno.makeTempDir();
  const sim = createSimulator({
    seed: 5,
    queues: 3,
    agents: 6,
    clock: new FakeClock(),
  });
  const controller = new AbortController();
  const server = serveSimulator(sim, {
    port: 0,
    hostname: "127.0.0.1",
    signal: controller.signal,
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  const vars = {
    ...SECRETS,
    GENESYS_API_URL: url,
    GENESYS_LOGIN_URL: url,
    GENESYS_CLIENT_ID: "sim-client",
    KV_PATH: `${dir}/kv.sqlite3`,
  };
  try {
    const wrong = await runDoctorTask(dir, {
      ...vars,
      GENESYS_CLIENT_SECRET: "wrong-secret-77",
    });
    assert.equal(wrong.code, 1);
    const rows = parseTable(wrong.stdout);
    assert.equal(
      rows[0].detail,
      `mypurecloud.com: API ${url} (GENESYS_API_URL), login ${url} (GENESYS_LOGIN_URL)`,
    );
    assert.deepEqual(rows[1], {
      check: "token",
      result: "FAIL",
      detail:
        'client secret refused (401 invalid_client "authentication failed"): check GENESYS_CLIENT_SECRET',
    });
    assert.deepEqual(
      rows.filter((r) => r.result === "FAIL").map((r) => r.check),
      ["token"],
    );
    assertNoSecret(wrong, ["wrong-secret-77"]);

    const faults = await fetch(`${url}/__sim/faults`, {
      method: "PUT",
      body: JSON.stringify({
        missingPermissions: ["analytics:conversationAggregate:view"],
      }),
    });
    assert.equal(faults.status, 200);
    await faults.body?.cancel();
    const refused = await runDoctorTask(dir, {
      ...vars,
      GENESYS_CLIENT_SECRET: "sim-secret",
    });
    assert.equal(refused.code, 1);
    assert.deepEqual(
      parseTable(refused.stdout).filter((r) => r.result !== "OK"),
      [{
        check: "aggregates",
        result: "FAIL",
        detail:
          "POST /api/v2/analytics/conversations/aggregates/query: missing permission analytics:conversationAggregate:view (403 missing.permissions)",
      }],
    );
    assertNoSecret(refused, ["sim-secret"]);
  } finally {
    controller.abort();
    await server.finished;
    await Deno.remove(dir, { recursive: true });
  }
});
