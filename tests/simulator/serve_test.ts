import assert from "node:assert/strict";
import {
  createSimulator,
  readSimulatorEnv,
  serveSimulator,
} from "../../src/simulator/mod.ts";
import { main } from "../../sim.ts";
import { FakeClock } from "../_support/mod.ts";
import { OBSERVATION_METRICS, queueFilter } from "./_helpers.ts";

async function tokenOver(base: string): Promise<string> {
  const res = await fetch(`${base}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${btoa("sim-client:sim-secret")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  assert.equal(res.status, 200);
  return (await res.json()).access_token;
}

Deno.test("serves the API over real HTTP: token, then an observation query", async () => {
  const sim = createSimulator({ seed: 3, clock: new FakeClock() });
  const controller = new AbortController();
  let base = "";
  const server = serveSimulator(sim, {
    port: 0,
    hostname: "127.0.0.1",
    signal: controller.signal,
    onListen: (url) => base = url,
  });
  try {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    const t = await tokenOver(base);
    const res = await fetch(
      `${base}/api/v2/analytics/queues/observations/query`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${t}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          filter: queueFilter(sim.queueIds()),
          metrics: OBSERVATION_METRICS,
        }),
      },
    );
    assert.equal(res.status, 200);
    assert.ok(res.headers.get("ININ-Correlation-Id"));
    assert.equal(res.headers.get("inin-ratelimit-count"), null);
    const body = await res.json();
    assert.equal(body.results[0].group.queueId, sim.queueIds()[0]);
  } finally {
    controller.abort();
    await server.finished;
  }
});

Deno.test("SIM_* variables: defaults, values and one-line errors", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.deepEqual(readSimulatorEnv(env({})), {
    port: 8787,
    hostname: "127.0.0.1",
    options: {},
  });
  assert.deepEqual(
    readSimulatorEnv(env({
      SIM_PORT: "9000",
      SIM_HOST: "0.0.0.0",
      SIM_SEED: "-4",
      SIM_QUEUES: "20",
      SIM_AGENTS: "150",
      SIM_CLIENT_ID: "board",
      SIM_CLIENT_SECRET: "hush-hush",
      SIM_TOKEN_LIFETIME_S: "300",
      SIM_RATE_LIMIT: "30",
      SIM_TIMEZONE: "Europe/Dublin",
      SIM_ACTIVITY_ENTITY_CAP: "50",
      SIM_AGENTS_EXTRA: "ignored",
    })),
    {
      port: 9000,
      hostname: "0.0.0.0",
      options: {
        seed: -4,
        queues: 20,
        agents: 150,
        clientId: "board",
        clientSecret: "hush-hush",
        tokenLifetimeSeconds: 300,
        rateLimitPerMinute: 30,
        timeZone: "Europe/Dublin",
        activityEntityCap: 50,
      },
    },
  );
  const cases: [Record<string, string>, string][] = [
    [
      { SIM_PORT: "http" },
      'Cannot parse SIM_PORT: "http" is not an integer from 0 to 65535',
    ],
    [
      { SIM_PORT: "70000" },
      'Cannot parse SIM_PORT: "70000" is not an integer from 0 to 65535',
    ],
    [
      { SIM_QUEUES: "0" },
      'Cannot parse SIM_QUEUES: "0" is not an integer from 1 to 1000',
    ],
    [
      { SIM_AGENTS: "1.5" },
      'Cannot parse SIM_AGENTS: "1.5" is not an integer from 0 to 10000',
    ],
    [
      { SIM_SEED: "abc" },
      'Cannot parse SIM_SEED: "abc" is not an integer from -9007199254740991 to 9007199254740991',
    ],
    [
      { SIM_RATE_LIMIT: "0" },
      'Cannot parse SIM_RATE_LIMIT: "0" is not an integer from 1 to 1000000',
    ],
    [
      { SIM_TOKEN_LIFETIME_S: "-1" },
      'Cannot parse SIM_TOKEN_LIFETIME_S: "-1" is not an integer from 1 to 2147483',
    ],
    [
      { SIM_ACTIVITY_ENTITY_CAP: "0" },
      'Cannot parse SIM_ACTIVITY_ENTITY_CAP: "0" is not an integer from 1 to 10000',
    ],
    [
      { SIM_TIMEZONE: "Moon/Base" },
      'Cannot parse SIM_TIMEZONE: unknown time zone "Moon/Base"',
    ],
  ];
  for (const [vars, message] of cases) {
    assert.throws(() => readSimulatorEnv(env(vars)), new RangeError(message));
  }
});

Deno.test("sim.ts main: a bad value prints one line and exits 1", async () => {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    const code = await main((name) =>
      name === "SIM_QUEUES" ? "many" : undefined
    );
    assert.equal(code, 1);
  } finally {
    console.error = original;
  }
  assert.deepEqual(lines, [
    'Cannot parse SIM_QUEUES: "many" is not an integer from 1 to 1000',
  ]);
});

Deno.test("sim.ts runs standalone, logs its URL and stops on SIGTERM", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "sim.ts"],
    cwd: new URL("../../", import.meta.url),
    env: {
      SIM_PORT: "0",
      SIM_QUEUES: "3",
      SIM_AGENTS: "10",
      SIM_CLIENT_SECRET: "top-secret-value",
    },
    // Info lines go to stdout (warn and error to stderr).
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  try {
    const line = JSON.parse(text.split("\n")[0]);
    assert.equal(line.level, "info");
    assert.equal(line.msg, "Simulator listening");
    assert.match(line.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${line.url}/oauth/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa("sim-client:top-secret-value")}`,
      },
      body: "grant_type=client_credentials",
    });
    assert.equal(res.status, 200);
    await res.body?.cancel();
  } finally {
    child.kill("SIGTERM");
  }
  const status = await child.status;
  while (!(await reader.read()).done) { /* drain */ }
  assert.equal(status.code, 0);
  assert.ok(!text.includes("top-secret-value"));
});
