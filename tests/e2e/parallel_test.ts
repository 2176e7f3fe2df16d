/**
 * End-to-end tests with real processes and real time (bounded): the service
 * under `deno serve --parallel` with two isolates against the standalone
 * simulator, `deno task start` in demo mode, a bad configuration, and
 * SIGTERM. Every wait ends on a message or an exit, with a guard timer;
 * every process is stopped in `finally` (SIGKILL as a last resort).
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  cleanEnv,
  freePort,
  getFresh,
  guard,
  type Msg,
  serveSim,
  spawnDeno,
  type Spawned,
  WsClient,
} from "../_support/mod.ts";

const LISTENING = /Listening on http:\/\/[^\s]*:(\d+)\//;
const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";
const SERVE_PERMISSIONS = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
];

/** `deno serve --parallel main.ts` with two isolates on the simulator. */
async function serveParallel(
  simUrl: string,
  kvPath: string,
): Promise<{ proc: Spawned; port: number }> {
  const port = freePort();
  const proc = spawnDeno(
    [
      "serve",
      "--parallel",
      ...SERVE_PERMISSIONS,
      "--port",
      String(port),
      "main.ts",
    ],
    cleanEnv({
      DENO_JOBS: "2",
      KV_PATH: kvPath,
      GENESYS_API_URL: simUrl,
      GENESYS_LOGIN_URL: simUrl,
      GENESYS_CLIENT_ID: "sim-client",
      GENESYS_CLIENT_SECRET: "sim-secret",
      AUTH_DISABLED: "true",
      POLL_INTERVAL_MS: "1000",
      // One version per poll: polling only (push: tests/e2e/push_*).
      GENESYS_NOTIFICATIONS: "false",
    }),
  );
  try {
    const [, listening] = await proc.waitForLine(LISTENING);
    assert.equal(Number(listening), port);
    return { proc, port };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

/** Opens `count` subscribed clients (at most `batch` connecting at once). */
async function openClients(
  port: number,
  count: number,
  batch = 50,
): Promise<WsClient[]> {
  const clients: WsClient[] = [];
  try {
    while (clients.length < count) {
      const n = Math.min(batch, count - clients.length);
      const opened = await Promise.all(
        Array.from(
          { length: n },
          () => WsClient.connect(`ws://127.0.0.1:${port}/ws`),
        ),
      );
      clients.push(...opened);
      for (const client of opened) client.send({ type: "subscribe" });
    }
    return clients;
  } catch (error) {
    await closeAll(clients);
    throw error;
  }
}

async function closeAll(clients: WsClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
}

/** The versions of the snapshot and deltas `client` received, in order. */
function versionsOf(client: WsClient): Msg[] {
  return client.received.filter((m) =>
    m.type === "snapshot" || m.type === "delta"
  );
}

function lastVersion(client: WsClient): number {
  return versionsOf(client).at(-1)?.version ?? 0;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** `queuepulse_websockets{isolate="…"}` of every isolate in `text`. */
function websocketsByIsolate(text: string): number[] {
  return [...text.matchAll(/^queuepulse_websockets\{isolate="\w+"\} (\d+)$/gm)]
    .map((match) => Number(match[1]));
}

Deno.test("parallel: 200 clients on two isolates get every version in order; one poller polls", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-e2e-" });
  await using simulator = serveSim({ seed: 17 });
  const { proc, port } = await serveParallel(simulator.url, `${dir}/kv`);
  let clients: WsClient[] = [];
  try {
    clients = await openClients(port, 200);
    // Every client gets hello, then its snapshot.
    await Promise.all(
      clients.map((c) => c.until(() => versionsOf(c).length > 0)),
    );
    for (const client of clients) {
      assert.equal(client.received[0].type, "hello");
      assert.equal(client.received[0].source, "genesys");
      assert.equal(versionsOf(client)[0].type, "snapshot");
    }

    // Both isolates serve, and whichever one a scrape reaches answers for
    // both (figures shared through KV, labelled by isolate): some of the
    // 200 WebSockets each, 200 in all, once each has published (every 5 s).
    const deadline = Date.now() + 8000;
    while (
      sum(websocketsByIsolate(await getFresh(port, "/metrics"))) !== 200
    ) {
      assert.ok(Date.now() < deadline, "both isolates publish within 8 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (let i = 0; i < 10; i++) {
      const text = await getFresh(port, "/metrics");
      const counts = websocketsByIsolate(text);
      assert.equal(counts.length, 2, text);
      for (const count of counts) assert.ok(count > 0 && count < 200);
      assert.equal(counts[0] + counts[1], 200);
    }

    const start = Math.max(...clients.map(lastVersion));
    const end = start + 5;
    await Promise.all(
      clients.map((c) =>
        c.until(() => lastVersion(c) >= end, `receive version ${end}`)
      ),
    );
    for (const client of clients) {
      const frames = versionsOf(client);
      const [first, ...deltas] = frames;
      let last = first.version;
      for (const delta of deltas) {
        assert.equal(delta.type, "delta");
        assert.equal(delta.epoch, first.epoch);
        assert.equal(delta.prev, last, "no gap");
        assert.equal(delta.version, last + 1, "every version, once");
        last = delta.version;
      }
      assert.ok(last >= end);
    }

    // One poller: one token, one directory load, one observation call per
    // version (give or take the cycle in flight).
    const stats = await (await fetch(`${simulator.url}/__sim/stats`)).json();
    const version = Math.max(...clients.map(lastVersion));
    assert.equal(stats.tokensIssued, 1);
    assert.equal(stats.requests["GET /api/v2/routing/queues"], 1);
    const observations = stats.requests[OBSERVATIONS];
    assert.ok(
      observations >= version && observations <= version + 1,
      `${observations} observation calls for ${version} versions`,
    );
  } finally {
    await closeAll(clients);
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parallel: SIGTERM closes WebSockets with 1001 and the process exits within 5 s", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-e2e-" });
  await using simulator = serveSim({ seed: 17 });
  const { proc, port } = await serveParallel(simulator.url, `${dir}/kv`);
  let clients: WsClient[] = [];
  try {
    clients = await openClients(port, 20);
    await Promise.all(
      clients.map((c) => c.until(() => versionsOf(c).length > 0)),
    );
    proc.child.kill("SIGTERM");
    const closes = await Promise.all(
      clients.map((c) => guard(c.closed, "see the close", 5000)),
    );
    for (const close of closes) {
      assert.deepEqual(close, { code: 1001, reason: "Server shutting down" });
    }
    const status = await proc.output(5000);
    assert.equal(status.code, 0);
  } finally {
    await closeAll(clients);
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parallel: `deno task start` with no configuration serves simulator snapshots", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-e2e-" });
  // Only where to listen and where KV lives, so runs never share state.
  const port = freePort();
  const proc = spawnDeno(
    ["task", "start"],
    cleanEnv({ PORT: String(port), KV_PATH: `${dir}/kv` }),
  );
  try {
    await proc.waitForLine(LISTENING);
    const listening = Date.now();
    let first: Msg | null = null;
    while (first === null) {
      assert.ok(
        Date.now() - listening < 2000,
        "a snapshot within 2 s of listening",
      );
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/snapshot`);
      const body = await res.json();
      if (res.status === 200) first = body;
      else {
        assert.equal(res.status, 503);
        assert.equal(body.error.code, "starting");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    assert.equal(first.type, "snapshot");
    assert.equal(first.source, "simulator");
    assert.equal(Object.keys(first.queues).length, 12);

    // The next version comes within about one poll interval (5 s by
    // default): a poll, a pushed change, or push's commit once a poll
    // interval when nothing changed.
    const client = await WsClient.connect(`ws://127.0.0.1:${port}/ws`);
    try {
      client.send({ type: "subscribe" });
      await client.until(
        () => versionsOf(client).length >= 2,
        "receive the next version",
      );
      const [snapshot, delta] = versionsOf(client);
      assert.equal(snapshot.type, "snapshot");
      assert.ok(snapshot.version >= first.version);
      assert.equal(delta.type, "delta");
      assert.equal(delta.prev, snapshot.version);
      assert.equal(delta.version, snapshot.version + 1);
      const gap = Date.parse(delta.committedAt) -
        Date.parse(snapshot.committedAt);
      assert.ok(gap > 0 && gap <= 9000, `versions ${gap} ms apart`);
    } finally {
      await client.close();
    }
  } finally {
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parallel: GENESYS_REGION=eu-west-9 stops `deno task start` with one line", async () => {
  const proc = spawnDeno(
    ["task", "start"],
    cleanEnv({ GENESYS_REGION: "eu-west-9" }),
  );
  try {
    const status = await proc.output();
    assert.notEqual(status.code, 0);
    // `deno task` announces the task; the rest is the one error line.
    const lines = proc.stderr.filter((line) => !line.startsWith("Task start"));
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.ok(
      lines[0].startsWith(
        'error: Cannot parse GENESYS_REGION: unknown region "eu-west-9"',
      ),
      lines[0],
    );
    assert.deepEqual(proc.stdout, []);
  } finally {
    await proc.stop();
  }
});

Deno.test("parallel: a bad ALERT_RULES file stops `deno task start` with one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-rules-" });
  const rules = `${dir}/rules.json`;
  await Deno.writeTextFile(
    rules,
    JSON.stringify([
      {
        name: "busy",
        severity: "warning",
        metric: "waiting",
        op: "gt",
        threshold: 5,
      },
    ]),
  );
  const proc = spawnDeno(["task", "start"], cleanEnv({ ALERT_RULES: rules }));
  try {
    const status = await proc.output();
    assert.equal(status.code, 1);
    const lines = proc.stderr.filter((line) => !line.startsWith("Task start"));
    assert.deepEqual(lines, [
      'error: Cannot parse ALERT_RULES: rule 1 ("busy") has invalid "op": expected "gte" or "lt"',
    ]);
  } finally {
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
