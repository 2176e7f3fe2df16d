/**
 * A poller status record for tests, healthy unless overridden.
 *
 * @module
 */

import type { PollerStatus } from "../../src/poller/mod.ts";

/** A healthy record of 12 queues at 5 s, with `overrides` on top. */
export function sampleStatus(
  overrides: Partial<PollerStatus> = {},
): PollerStatus {
  return {
    owner: "isolate-a",
    since: "2026-11-27T10:00:00.000Z",
    updatedAt: "2026-11-27T10:00:00.000Z",
    ingest: "poll",
    plan: {
      pollIntervalMs: 5000,
      aggregateIntervalMs: 30_000,
      callsPerMinute: 26.2,
      rateLimitPerMinute: 300,
      ceilingPerMinute: 240,
      queueCount: 12,
      stretched: false,
      slow: false,
    },
    backoff: null,
    lastError: null,
    forbidden: [],
    incompleteQueueIds: [],
    staleAfterMs: 12_000,
    reason: null,
    ...overrides,
  };
}
