import assert from "node:assert/strict";
import { testSnapshot } from "../http/_fixtures.ts";
import { queueGaugesOn, queueSamples } from "../../src/telemetry/_queues.ts";

const NOW = Date.parse("2026-11-27T10:00:00.000Z");

Deno.test("queueSamples() gives each queue's gauges in base units, by queue id", () => {
  const snapshot = testSnapshot();
  snapshot.queues["q-2"].oldestWaitingSince = null;
  snapshot.queues["q-2"].today.serviceLevel = null;
  snapshot.queues["q-3"].name = 'Sales "EU"';
  const samples = queueSamples(snapshot, NOW);
  const of = (name: string) =>
    samples.get(name)!.map((s) => [s.labels.queue_id, s.value]);
  assert.deepEqual(samples.get("queuepulse_queue_waiting")![2].labels, {
    queue_id: "q-3",
    queue_name: 'Sales "EU"',
  });
  assert.deepEqual(of("queuepulse_queue_waiting"), [["q-1", 1], ["q-2", 2], [
    "q-3",
    3,
  ]]);
  // q-1 waits since 09:51, q-3 since 09:53; q-2 has nobody waiting.
  assert.deepEqual(of("queuepulse_queue_oldest_wait_seconds"), [
    ["q-1", 540],
    ["q-2", 0],
    ["q-3", 420],
  ]);
  assert.deepEqual(of("queuepulse_queue_interacting"), [
    ["q-1", 2],
    ["q-2", 4],
    ["q-3", 6],
  ]);
  assert.deepEqual(of("queuepulse_queue_agents_idle"), [
    ["q-1", 1],
    ["q-2", 2],
    ["q-3", 3],
  ]);
  assert.deepEqual(of("queuepulse_queue_agents_on_queue"), [["q-1", 2], [
    "q-2",
    4,
  ], ["q-3", 6]]);
  assert.deepEqual(of("queuepulse_queue_agents_not_responding"), [["q-1", 0], [
    "q-2",
    0,
  ], ["q-3", 0]]);
  // No service level yet on q-2: no sample, rather than a made-up 0.
  assert.deepEqual(of("queuepulse_queue_service_level_ratio"), [["q-1", 0.8], [
    "q-3",
    0.8,
  ]]);
  assert.deepEqual(of("queuepulse_queue_abandon_ratio"), [["q-1", 0.1], [
    "q-2",
    0.1,
  ], ["q-3", 0.1]]);
  assert.deepEqual(of("queuepulse_queue_asa_seconds"), [["q-1", 20], [
    "q-2",
    20,
  ], ["q-3", 20]]);
  assert.deepEqual(of("queuepulse_queue_aht_seconds"), [["q-1", 300], [
    "q-2",
    300,
  ], ["q-3", 300]]);
  assert.equal(samples.size, 10);
  assert.deepEqual([...queueSamples(null, NOW).values()].flat(), []);
});

Deno.test("queueGaugesOn(): METRICS_QUEUES true, false, or unset up to 500 queues", () => {
  assert.equal(queueGaugesOn(null, 500), true);
  assert.equal(queueGaugesOn(null, 501), false);
  assert.equal(queueGaugesOn(true, 5000), true);
  assert.equal(queueGaugesOn(false, 3), false);
});
