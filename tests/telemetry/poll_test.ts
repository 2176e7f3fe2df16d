import assert from "node:assert/strict";
import { ISOLATE_FAMILIES as F } from "../../src/telemetry/mod.ts";
import { createRecorder } from "../../src/telemetry/recorder.ts";
import { recordPollEvent } from "../../src/telemetry/_poll.ts";

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string) {
    super(`${status} ${code}`);
  }
}

Deno.test("recordPollEvent() turns poll events into leader, commit, error, 429, step-duration and plan figures", () => {
  const recorder = createRecorder();
  recordPollEvent(recorder, { type: "standby" });
  recordPollEvent(recorder, { type: "leader" });
  recordPollEvent(recorder, {
    type: "plan",
    pollIntervalMs: 6000,
    aggregateIntervalMs: 45_000,
    callsPerMinute: 30,
    ceilingPerMinute: 240,
    rateLimitPerMinute: 300,
    stretched: true,
    slow: false,
    staleAfterMs: null,
    queueCount: 12,
  });
  recordPollEvent(recorder, { type: "committed", version: 8, durationMs: 420 });
  recordPollEvent(recorder, { type: "committed", version: 9, durationMs: 60 });
  const errors = [
    ["activity", "forbidden", new ApiError(403, "missing.permissions")],
    ["activity", "forbidden", new ApiError(403, "missing.permissions")],
    ["observations", "rate-limited", new ApiError(429, "too.many.requests")],
    ["snapshot", "other", new TypeError("bug")],
  ] as const;
  for (const [part, kind, error] of errors) {
    recordPollEvent(recorder, {
      type: "error",
      part,
      kind,
      error,
      retryInMs: 5000,
    });
  }
  const { values, histograms } = recorder.figures();
  assert.deepEqual(values, {
    [F.leader.name]: [{ labels: {}, value: 1 }],
    [F.pollInterval.name]: [{ labels: {}, value: 6 }],
    [F.aggregateInterval.name]: [{ labels: {}, value: 45 }],
    [F.commits.name]: [{ labels: {}, value: 2 }],
    [F.committedVersion.name]: [{ labels: {}, value: 9 }],
    [F.pollErrors.name]: [
      {
        labels: {
          part: "activity",
          status: "403",
          code: "missing.permissions",
        },
        value: 2,
      },
      {
        labels: {
          part: "observations",
          status: "429",
          code: "too.many.requests",
        },
        value: 1,
      },
      {
        labels: { part: "snapshot", status: "none", code: "TypeError" },
        value: 1,
      },
    ],
    [F.rateLimited.name]: [{ labels: {}, value: 1 }],
  });
  const cycles = histograms[F.pollCycle.name].map((h) => [
    h.labels,
    h.count,
    h.sum,
  ]);
  assert.deepEqual(cycles, [[{}, 2, 0.48]]);
  recordPollEvent(recorder, { type: "deposed" });
  assert.deepEqual(recorder.figures().values[F.leader.name], [
    { labels: {}, value: 0 },
  ]);
});
