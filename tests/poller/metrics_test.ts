import assert from "node:assert/strict";
import { createPollerMetrics } from "../../src/poller/mod.ts";
import { GenesysApiError } from "../../src/genesys/mod.ts";

Deno.test("createPollerMetrics() renders nothing known as empty series", () => {
  assert.equal(
    createPollerMetrics().render(null),
    [
      "# HELP queuepulse_poller_leader 1 while this isolate holds the lease and polls Genesys, else 0.",
      "# TYPE queuepulse_poller_leader gauge",
      "queuepulse_poller_leader 0",
      "# HELP queuepulse_poller_commits_total Snapshots this isolate committed.",
      "# TYPE queuepulse_poller_commits_total counter",
      "queuepulse_poller_commits_total 0",
      "# HELP queuepulse_poller_committed_version Version of the last snapshot this isolate committed.",
      "# TYPE queuepulse_poller_committed_version gauge",
      "# HELP queuepulse_poller_errors_total Failed poll cycles of this isolate, by Genesys status and code.",
      "# TYPE queuepulse_poller_errors_total counter",
      "# HELP queuepulse_poller_interval_ms Planned observation poll interval (stretched by the rate budget).",
      "# TYPE queuepulse_poller_interval_ms gauge",
      "# HELP queuepulse_poller_aggregate_interval_ms Planned aggregate refresh interval (stretched by the rate budget).",
      "# TYPE queuepulse_poller_aggregate_interval_ms gauge",
      "# HELP queuepulse_genesys_ratelimit_allowed Requests per window Genesys allows this client (inin-ratelimit-allowed).",
      "# TYPE queuepulse_genesys_ratelimit_allowed gauge",
      "# HELP queuepulse_genesys_ratelimit_remaining Requests left in the current window, from the last answer.",
      "# TYPE queuepulse_genesys_ratelimit_remaining gauge",
      "",
    ].join("\n"),
  );
});

Deno.test("createPollerMetrics() counts leadership, commits, errors and the plan", () => {
  const metrics = createPollerMetrics();
  metrics.onEvent({ type: "leader" });
  metrics.onEvent({
    type: "plan",
    pollIntervalMs: 6000,
    aggregateIntervalMs: 33_000,
    callsPerMinute: 220.18,
    stretched: true,
    queueCount: 1000,
  });
  metrics.onEvent({ type: "committed", version: 41 });
  metrics.onEvent({ type: "committed", version: 42 });
  const limited = new GenesysApiError("Rate limit exceeded", {
    status: 429,
    code: "too.many.requests.retry.after",
    contextId: "c-1",
    retryAfterMs: 42_000,
  });
  for (const error of [limited, limited, new TypeError("boom")]) {
    metrics.onEvent({
      type: "error",
      error,
      retryInMs: 0,
      delayMs: null,
      attempt: 0,
      retryable: false,
    });
  }
  const lines = metrics.render({
    count: 12,
    allowed: 300,
    resetSeconds: 40,
    remaining: 288,
    observedAt: 0,
  }).split("\n").filter((line) => !line.startsWith("#"));
  assert.deepEqual(lines, [
    "queuepulse_poller_leader 1",
    "queuepulse_poller_commits_total 2",
    "queuepulse_poller_committed_version 42",
    'queuepulse_poller_errors_total{code="429 too.many.requests.retry.after"} 2',
    'queuepulse_poller_errors_total{code="TypeError"} 1',
    "queuepulse_poller_interval_ms 6000",
    "queuepulse_poller_aggregate_interval_ms 33000",
    "queuepulse_genesys_ratelimit_allowed 300",
    "queuepulse_genesys_ratelimit_remaining 288",
    "",
  ]);
  metrics.onEvent({ type: "deposed" });
  assert.match(metrics.render(null), /^queuepulse_poller_leader 0$/m);
});
