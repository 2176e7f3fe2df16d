import assert from "node:assert/strict";
import { ISOLATE_FAMILIES as F } from "../../src/telemetry/mod.ts";
import { createRecorder } from "../../src/telemetry/recorder.ts";
import { renderFamily } from "../../src/telemetry/_exposition.ts";

Deno.test("createRecorder() adds, sets and removes series by label set", () => {
  const recorder = createRecorder();
  recorder.add(F.commits);
  recorder.add(F.commits, {}, 2);
  recorder.add(F.pollErrors, { status: "429", code: "too.many.requests" });
  recorder.add(F.pollErrors, { code: "too.many.requests", status: "429" });
  recorder.set(F.leader, {}, 1);
  recorder.set(F.committedVersion, {}, 7);
  recorder.set(F.committedVersion, {}, null);
  assert.deepEqual(recorder.figures(), {
    values: {
      [F.commits.name]: [{ labels: {}, value: 3 }],
      [F.pollErrors.name]: [{
        labels: { status: "429", code: "too.many.requests" },
        value: 2,
      }],
      [F.leader.name]: [{ labels: {}, value: 1 }],
      [F.committedVersion.name]: [],
    },
    histograms: {},
  });
});

Deno.test("createRecorder() counts observations into the family's buckets", () => {
  const recorder = createRecorder();
  for (const seconds of [0.01, 0.05, 0.3, 3, 99]) {
    recorder.observe(F.pollCycle, {}, seconds);
  }
  const [series] = recorder.figures().histograms[F.pollCycle.name];
  // Buckets 0.05 0.1 0.25 0.5 1 2.5 5 10 30 +Inf (each value in the first that holds it).
  assert.deepEqual(series.counts, [2, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
  assert.equal(series.count, 5);
  assert.ok(Math.abs(series.sum - 102.36) < 1e-9);
  // figures() is a copy.
  series.counts[0] = 99;
  assert.equal(recorder.figures().histograms[F.pollCycle.name][0].counts[0], 2);
});

Deno.test("renderFamily() writes HELP, TYPE, escaped labels and cumulative buckets", () => {
  assert.equal(
    renderFamily(F.pollErrors, [
      { labels: { status: "429", code: 'a"b\\c\nd', isolate: "i1" }, value: 2 },
    ]),
    "# HELP queuepulse_poller_errors_total Failed calls, builds and commits of the poller, by part, HTTP status and Genesys error code.\n" +
      "# TYPE queuepulse_poller_errors_total counter\n" +
      'queuepulse_poller_errors_total{code="a\\"b\\\\c\\nd",isolate="i1",status="429"} 2\n',
  );
  const fanout = renderFamily(F.fanout, [
    {
      labels: { isolate: "i1" },
      counts: [1, 0, 2, 0, 0, 0, 0, 0, 0, 1],
      sum: 7.5,
      count: 4,
    },
  ]);
  assert.equal(
    fanout.split("\n").slice(2).join("\n"),
    [
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="0.01"} 1',
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="0.025"} 1',
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="0.05"} 3',
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="0.1"} 3',
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="0.25"} 3',
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="0.5"} 3',
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="1"} 3',
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="2.5"} 3',
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="5"} 3',
      'queuepulse_fanout_latency_seconds_bucket{isolate="i1",le="+Inf"} 4',
      'queuepulse_fanout_latency_seconds_sum{isolate="i1"} 7.5',
      'queuepulse_fanout_latency_seconds_count{isolate="i1"} 4',
      "",
    ].join("\n"),
  );
});
