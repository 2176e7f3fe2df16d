/**
 * With Deno's OpenTelemetry export on, the isolate's figures leave through
 * it too (Deno's console exporter stands in for a collector).
 *
 * @module
 */

import assert from "node:assert/strict";
import { ROOT } from "../_support/mod.ts";

const SCRIPT = `
  import { createTelemetry } from "${ROOT}src/telemetry/mod.ts";
  import { systemClock } from "${ROOT}src/clock.ts";
  import { silentLogger } from "${ROOT}src/log.ts";
  const kv = await Deno.openKv(":memory:");
  const telemetry = createTelemetry({ kv, clock: systemClock(),
    log: silentLogger(), isolate: "otel0001", rateLimitPerMinute: 300,
    queueMetrics: null });
  telemetry.onPollEvent({ type: "leader" });
  telemetry.onPollEvent({ type: "committed", version: 3, durationMs: 250 });
  telemetry.onPollEvent({ type: "committed", version: 4, durationMs: 750 });
  await new Promise((resolve) => setTimeout(resolve, 900));
  await telemetry.close();
  kv.close();
`;

Deno.test("OTEL_DENO=true exports counters, gauges and histograms with the isolate", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-otel-" });
  try {
    await Deno.writeTextFile(`${dir}/otel.ts`, SCRIPT);
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-q",
        "--config",
        `${ROOT}deno.json`,
        "-P=serve",
        `${dir}/otel.ts`,
      ],
      env: {
        OTEL_DENO: "true",
        OTEL_EXPORTER_OTLP_PROTOCOL: "console",
        OTEL_METRIC_EXPORT_INTERVAL: "300",
        NO_COLOR: "1",
      },
      stdout: "null",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(stderr);
    assert.equal(code, 0, text);
    const block = (name: string) =>
      text.split("METRIC ").filter((b) => b.startsWith(`${name} `)).at(-1) ??
        "";
    assert.match(block("queuepulse_poller_commits_total"), /\(Sum\)/);
    assert.match(
      block("queuepulse_poller_commits_total"),
      /\{isolate=otel0001\} value=2\n/,
    );
    assert.match(
      block("queuepulse_poller_leader"),
      /\{isolate=otel0001\} value=1\n/,
    );
    assert.match(
      block("queuepulse_poll_cycle_duration_seconds"),
      /\{isolate=otel0001\} count=2 sum=1 /,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
