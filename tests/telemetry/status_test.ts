import assert from "node:assert/strict";
import type { PollerStatus } from "../../src/poller/mod.ts";
import { statusSamples } from "../../src/telemetry/_status.ts";

const STATUS: PollerStatus = {
  owner: "o-1",
  since: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:05:00.000Z",
  ingest: "poll",
  plan: {
    pollIntervalMs: 6000,
    aggregateIntervalMs: 45_000,
    callsPerMinute: 210.5,
    rateLimitPerMinute: 300,
    ceilingPerMinute: 120,
    queueCount: 1000,
    stretched: true,
    slow: false,
  },
  backoff: { kind: "rate-limited", delayMs: 42_000, until: null },
  lastError: null,
  forbidden: [
    {
      part: "activity",
      missingPermissions: ["analytics:queueObservation:view"],
    },
  ],
  incompleteQueueIds: ["q-1", "q-2"],
  staleAfterMs: 12_000,
  reason: null,
};

Deno.test("statusSamples() renders the leader's record as deployment gauges", () => {
  const flat = Object.fromEntries(
    [...statusSamples(STATUS)].map((
      [name, list],
    ) => [name, list.map((s) => [s.labels, s.value])]),
  );
  assert.deepEqual(flat, {
    queuepulse_poller_planned_calls_per_minute: [[{}, 210.5]],
    queuepulse_poller_rate_ceiling_calls_per_minute: [[{}, 120]],
    queuepulse_poller_stretched: [[{}, 1]],
    queuepulse_poller_slow: [[{}, 0]],
    queuepulse_poller_backoff_seconds: [[{}, 42]],
    queuepulse_poller_incomplete_activity_queues: [[{}, 2]],
    queuepulse_poller_ingest_push: [[{}, 0]],
    queuepulse_poller_forbidden: [[{ part: "activity" }, 1]],
  });
});

Deno.test("statusSamples() renders nothing before a leader wrote a record", () => {
  assert.equal(statusSamples(null).size, 0);
});
