import assert from "node:assert/strict";
import { ISOLATE_FAMILIES as F } from "../../src/telemetry/mod.ts";
import { createRecorder } from "../../src/telemetry/recorder.ts";
import { recordPollEvent } from "../../src/telemetry/_poll.ts";

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string) {
    super(`${status} ${code}`);
  }
}

Deno.test("recordPollEvent() turns poll events into leader, commit, error and plan figures", () => {
  const recorder = createRecorder();
  recordPollEvent(recorder, { type: "standby" });
  recordPollEvent(recorder, { type: "leader" });
  recordPollEvent(recorder, {
    type: "plan",
    pollIntervalMs: 6000,
    aggregateIntervalMs: 45_000,
    callsPerMinute: 30,
    stretched: true,
    queueCount: 12,
  });
  recordPollEvent(recorder, { type: "committed", version: 8, durationMs: 420 });
  recordPollEvent(recorder, { type: "committed", version: 9, durationMs: 60 });
  for (
    const error of [
      new ApiError(403, "missing.permissions"),
      new ApiError(403, "missing.permissions"),
      new TypeError("bug"),
    ]
  ) {
    recordPollEvent(recorder, {
      type: "error",
      error,
      durationMs: 1500,
      retryInMs: 5000,
      delayMs: null,
      attempt: 0,
      retryable: false,
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
      { labels: { status: "403", code: "missing.permissions" }, value: 2 },
      { labels: { status: "none", code: "TypeError" }, value: 1 },
    ],
  });
  const cycles = histograms[F.pollCycle.name].map((h) => [
    h.labels.outcome,
    h.count,
    h.sum,
  ]);
  assert.deepEqual(cycles, [["committed", 2, 0.48], ["error", 3, 4.5]]);
  recordPollEvent(recorder, { type: "deposed" });
  assert.deepEqual(recorder.figures().values[F.leader.name], [
    { labels: {}, value: 0 },
  ]);
});
