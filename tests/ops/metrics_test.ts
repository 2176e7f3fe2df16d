/**
 * `/metrics` of a real two-isolate process (`deno serve --parallel` on the
 * in-process simulator), real time, bounded: every scrape answers for both
 * isolates, consecutive scrapes never show a counter going backwards,
 * promtool accepts the text, and every metric the Grafana dashboard and the
 * alert rules query is there. promtool also checks the rules and the scrape
 * example.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  cleanEnv,
  freePort,
  getFresh,
  ROOT,
  spawnDeno,
  WsClient,
} from "../_support/mod.ts";
import {
  assertNoCounterBackwards,
  assertPromtoolAccepts,
  familyTypes,
  parseSamples,
  promtoolPath,
} from "../telemetry/_promtool.ts";

const LISTENING = /Listening on http:\/\/[^\s"]*:(\d+)\//;
const GRAFANA = `${ROOT}deploy/grafana/queuepulse.json`;
const ALERTS = `${ROOT}deploy/prometheus/alerts.yml`;
const PROMETHEUS = `${ROOT}deploy/prometheus/prometheus.yml`;

/** The `queuepulse_*` families an expression reads (histogram suffixes cut). */
function familiesIn(expr: string): string[] {
  return [...expr.matchAll(/\bqueuepulse_[a-z_]+/g)].map(([name]) =>
    name.replace(/_(bucket|sum|count)$/, "")
  );
}

/** Every PromQL expression of the dashboard (panels and variables). */
async function dashboardExpressions(): Promise<string[]> {
  const dashboard = JSON.parse(await Deno.readTextFile(GRAFANA));
  const panels = dashboard.panels.flatMap((
    p: { targets?: { expr: string }[] },
  ) => p.targets ?? []);
  return [
    ...panels.map((t: { expr: string }) => t.expr),
    ...dashboard.templating.list.map((v: { query: string }) => v.query),
  ];
}

async function ruleExpressions(): Promise<string[]> {
  const text = await Deno.readTextFile(ALERTS);
  return [...text.matchAll(/^\s+expr: (.+)$/gm)].map(([, expr]) => expr);
}

function isolatesIn(text: string): Set<string> {
  return new Set(
    parseSamples(text).filter((s) => s.name === "queuepulse_poller_leader")
      .map((s) => s.labels.isolate),
  );
}

Deno.test("metrics: two isolates, one coherent /metrics that only counts up, and every queried metric exists", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-metrics-" });
  const port = freePort();
  const proc = spawnDeno(
    [
      "serve",
      "-q",
      "--parallel",
      "-P=serve",
      "--port",
      String(port),
      "main.ts",
    ],
    cleanEnv({
      DENO_JOBS: "2",
      KV_PATH: `${dir}/kv`,
      POLL_INTERVAL_MS: "1000",
    }),
  );
  let client: WsClient | null = null;
  try {
    await proc.waitForLine(LISTENING);
    client = await WsClient.connect(`ws://127.0.0.1:${port}/ws`);
    client.send({ type: "subscribe" });
    // Both isolates publish at start and every 5 s.
    const deadline = Date.now() + 8000;
    let text = await getFresh(port, "/metrics");
    while (isolatesIn(text).size < 2) {
      assert.ok(Date.now() < deadline, `two isolates within 8 s:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      text = await getFresh(port, "/metrics");
    }
    const scrapes = [text];
    for (let i = 0; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      scrapes.push(await getFresh(port, "/metrics"));
    }
    for (const [i, scrape] of scrapes.entries()) {
      // Whichever isolate answered: both isolates, exactly one leader.
      assert.equal(isolatesIn(scrape).size, 2);
      const leaders = parseSamples(scrape).filter((s) =>
        s.name === "queuepulse_poller_leader"
      ).map((s) => s.value);
      assert.deepEqual(leaders.sort(), [0, 1]);
      if (i > 0) assertNoCounterBackwards(scrapes[i - 1], scrape);
    }
    const last = scrapes.at(-1)!;
    const requests = parseSamples(last).filter((s) =>
      s.name === "queuepulse_genesys_requests_total" &&
      s.labels.status === "200"
    );
    assert.ok(requests.length > 0, "Genesys calls are counted");
    const waiting = parseSamples(last).filter((s) =>
      s.name === "queuepulse_queue_waiting"
    );
    assert.equal(waiting.length, 12);

    const promtool = promtoolPath();
    if (promtool) await assertPromtoolAccepts(promtool, last);

    const exposed = familyTypes(last);
    const queried = [
      ...(await dashboardExpressions()),
      ...(await ruleExpressions()),
    ].flatMap(familiesIn);
    assert.ok(queried.length > 30);
    for (const name of new Set(queried)) {
      assert.ok(exposed.has(name), `${name} is queried but not exposed`);
    }
  } finally {
    await client?.close();
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("metrics: promtool accepts the alert rules and the scrape example", async () => {
  const promtool = promtoolPath();
  if (!promtool) return;
  const checks: string[][] = [
    ["check", "rules", ALERTS],
    ["check", "config", "--syntax-only", PROMETHEUS],
  ];
  for (const check of checks) {
    const out: Deno.CommandOutput = await new Deno.Command(promtool, {
      args: check,
    }).output();
    const said: string = new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, said);
    assert.match(said, /SUCCESS/);
  }
});
