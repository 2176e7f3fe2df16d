/**
 * `deno task bench:metrics`: what one `/metrics` scrape costs when the
 * figures of every isolate are shared through KV (a file KV, as under
 * `deno serve --parallel`). For 1, 2, 8 and 32 isolates with realistic
 * figures (every Genesys endpoint called, errors, histograms filled), it
 * times 200 scrapes (publish own figures + list every isolate's + render)
 * and prints the size of one isolate's KV entry and of the exposition, as
 * markdown rows. Bounded: 200 scrapes per row, temp KV removed at the end.
 *
 * @module
 */

import { silentLogger } from "../src/log.ts";
import { systemClock } from "../src/clock.ts";
import { createTelemetry, type Telemetry } from "../src/telemetry/mod.ts";
import { FakeRealtime } from "../tests/http/_fixtures.ts";
import { markdownHeader, markdownRow, median } from "./_stats.ts";

const SCRAPES = 200;
const ENDPOINTS = [
  "/oauth/token",
  "/api/v2/routing/queues",
  "/api/v2/analytics/queues/observations/query",
  "/api/v2/analytics/conversations/aggregates/query",
  "/api/v2/analytics/routing/activity/query",
  "/api/v2/users",
];

async function busyIsolate(kv: Deno.Kv, n: number): Promise<Telemetry> {
  const telemetry = createTelemetry({
    kv,
    clock: systemClock(),
    log: silentLogger(),
    isolate: `isolate${String(n).padStart(2, "0")}`,
    rateLimitPerMinute: 300,
    queueMetrics: null,
  });
  const statuses = [200, 200, 200, 429, 503];
  const fetch = telemetry.instrument((request) => {
    const status = statuses[request.url.length % statuses.length];
    return Promise.resolve(Response.json({ code: "x.y" }, { status }));
  });
  for (let i = 0; i < 300; i++) {
    const path = ENDPOINTS[i % ENDPOINTS.length];
    await (await fetch(new Request(`https://api.example${path}?${i}`))).text();
    telemetry.onFanout(i % 400);
    telemetry.onPollEvent({ type: "committed", version: i, durationMs: i });
  }
  telemetry.start(new FakeRealtime());
  return telemetry;
}

const dir = await Deno.makeTempDir({ prefix: "queuepulse-bench-metrics-" });
const kv = await Deno.openKv(`${dir}/kv`);
try {
  console.log(
    markdownHeader([
      "isolates",
      "scrape median (ms)",
      "scrape p95 (ms)",
      "KV entry per isolate (KiB)",
      "exposition (KiB)",
    ]),
  );
  const isolates: Telemetry[] = [];
  for (const count of [1, 2, 8, 32]) {
    while (isolates.length < count) {
      isolates.push(await busyIsolate(kv, isolates.length));
    }
    const times: number[] = [];
    let text = "";
    for (let i = 0; i < SCRAPES; i++) {
      const start = performance.now();
      text = await isolates[i % count].scrape();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const entry = await kv.get(["qp", "telemetry", "isolate00"]);
    const entryBytes = JSON.stringify(entry.value).length;
    console.log(markdownRow([
      count,
      median(times)!.toFixed(2),
      times[Math.floor(times.length * 0.95)].toFixed(2),
      (entryBytes / 1024).toFixed(1),
      (text.length / 1024).toFixed(1),
    ]));
  }
  for (const telemetry of isolates) await telemetry.close();
} finally {
  kv.close();
  await Deno.remove(dir, { recursive: true });
}
