import assert from "node:assert/strict";
import { createPollerMetrics } from "../../src/poller/mod.ts";
import { GenesysApiError } from "../../src/genesys/mod.ts";
import { sampleStatus } from "./_status.ts";

function samples(text: string): string[] {
  return text.split("\n").filter((line) =>
    line !== "" && !line.startsWith("#")
  );
}

Deno.test("createPollerMetrics() renders nothing known as empty series", () => {
  const text = createPollerMetrics().render(null);
  assert.deepEqual(samples(text), [
    "queuepulse_poller_leader 0",
    "queuepulse_poller_commits_total 0",
    "queuepulse_poller_rate_limited_total 0",
  ]);
  // Every family is declared, in base units, counters ending in _total.
  assert.deepEqual(
    text.split("\n").filter((l) => l.startsWith("# TYPE")),
    [
      "# TYPE queuepulse_poller_leader gauge",
      "# TYPE queuepulse_poller_commits_total counter",
      "# TYPE queuepulse_poller_committed_version gauge",
      "# TYPE queuepulse_poller_errors_total counter",
      "# TYPE queuepulse_poller_rate_limited_total counter",
      "# TYPE queuepulse_poller_interval_seconds gauge",
      "# TYPE queuepulse_poller_aggregate_interval_seconds gauge",
      "# TYPE queuepulse_poller_planned_calls_per_minute gauge",
      "# TYPE queuepulse_poller_rate_ceiling_calls_per_minute gauge",
      "# TYPE queuepulse_poller_stretched gauge",
      "# TYPE queuepulse_poller_slow gauge",
      "# TYPE queuepulse_poller_backoff_seconds gauge",
      "# TYPE queuepulse_poller_incomplete_activity_queues gauge",
      "# TYPE queuepulse_poller_forbidden gauge",
    ],
  );
});

Deno.test("createPollerMetrics() counts leadership, commits, errors and 429s, and shows its own status", () => {
  const metrics = createPollerMetrics();
  metrics.onEvent({ type: "leader" });
  metrics.onEvent({ type: "committed", version: 41 });
  metrics.onEvent({ type: "committed", version: 42 });
  const limited = new GenesysApiError("Rate limit exceeded", {
    status: 429,
    code: "too.many.requests.retry.after",
    contextId: "c-1",
    retryAfterMs: 42_000,
  });
  metrics.onEvent({
    type: "error",
    part: "observations",
    kind: "rate-limited",
    error: limited,
    retryInMs: 42_000,
  });
  metrics.onEvent({
    type: "error",
    part: "activity",
    kind: "rate-limited",
    error: limited,
    retryInMs: 42_000,
  });
  metrics.onEvent({
    type: "error",
    part: "snapshot",
    kind: "other",
    error: new TypeError("boom"),
    retryInMs: 5000,
  });
  metrics.onEvent({
    type: "status",
    status: sampleStatus({
      plan: {
        pollIntervalMs: 11_000,
        aggregateIntervalMs: 61_000,
        callsPerMinute: 12.02,
        rateLimitPerMinute: 300,
        ceilingPerMinute: 13.1,
        queueCount: 12,
        stretched: true,
        slow: true,
      },
      backoff: {
        kind: "rate-limited",
        delayMs: 42_000,
        until: "2026-11-27T10:00:47.000Z",
      },
    }),
  });
  assert.deepEqual(samples(metrics.render()), [
    "queuepulse_poller_leader 1",
    "queuepulse_poller_commits_total 2",
    "queuepulse_poller_committed_version 42",
    'queuepulse_poller_errors_total{code="429 too.many.requests.retry.after"} 2',
    'queuepulse_poller_errors_total{code="TypeError"} 1',
    "queuepulse_poller_rate_limited_total 2",
    "queuepulse_poller_interval_seconds 11",
    "queuepulse_poller_aggregate_interval_seconds 61",
    "queuepulse_poller_planned_calls_per_minute 12.02",
    "queuepulse_poller_rate_ceiling_calls_per_minute 13.1",
    "queuepulse_poller_stretched 1",
    "queuepulse_poller_slow 1",
    "queuepulse_poller_backoff_seconds 42",
    "queuepulse_poller_incomplete_activity_queues 0",
  ]);
  metrics.onEvent({ type: "deposed" });
  assert.match(metrics.render(null), /^queuepulse_poller_leader 0$/m);
});

Deno.test("createPollerMetrics() renders the leader's record on any isolate", () => {
  // A standby isolate: no events of its own, the record followed from KV.
  const metrics = createPollerMetrics();
  const text = metrics.render(sampleStatus({
    forbidden: [{
      part: "activity",
      missingPermissions: ["analytics:queueObservation:view"],
    }],
    incompleteQueueIds: ["q-1", "q-2"],
  }));
  assert.deepEqual(samples(text), [
    "queuepulse_poller_leader 0",
    "queuepulse_poller_commits_total 0",
    "queuepulse_poller_rate_limited_total 0",
    "queuepulse_poller_interval_seconds 5",
    "queuepulse_poller_aggregate_interval_seconds 30",
    "queuepulse_poller_planned_calls_per_minute 26.2",
    "queuepulse_poller_rate_ceiling_calls_per_minute 240",
    "queuepulse_poller_stretched 0",
    "queuepulse_poller_slow 0",
    "queuepulse_poller_backoff_seconds 0",
    "queuepulse_poller_incomplete_activity_queues 2",
    'queuepulse_poller_forbidden{part="activity"} 1',
  ]);
});
