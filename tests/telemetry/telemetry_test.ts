import assert from "node:assert/strict";
import { FakeClock } from "../_support/mod.ts";
import { FakeRealtime } from "../http/_fixtures.ts";
import { silentLogger } from "../../src/log.ts";
import {
  ALL_FAMILIES,
  createTelemetry,
  FRESH_MS,
  PUBLISH_INTERVAL_MS,
  type Telemetry,
} from "../../src/telemetry/mod.ts";
import {
  assertNoCounterBackwards,
  assertPromtoolAccepts,
  familyTypes,
  parseSamples,
  promtoolPath,
} from "./_promtool.ts";

function isolateOf(
  kv: Deno.Kv,
  clock: FakeClock,
  isolate: string,
  queueMetrics: boolean | null = null,
): { telemetry: Telemetry; realtime: FakeRealtime } {
  const telemetry = createTelemetry({
    kv,
    clock,
    log: silentLogger(),
    isolate,
    rateLimitPerMinute: 300,
    queueMetrics,
  });
  const realtime = new FakeRealtime();
  telemetry.start(realtime);
  return { telemetry, realtime };
}

function values(text: string, name: string): Record<string, number> {
  return Object.fromEntries(
    parseSamples(text).filter((s) => s.name === name).map((s) => [
      s.labels.isolate ?? s.labels.queue_id ?? "",
      s.value,
    ]),
  );
}

Deno.test("scrape() of either isolate answers for both, and promtool accepts it", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const a = isolateOf(kv, clock, "aaaa0001");
  const b = isolateOf(kv, clock, "bbbb0002");
  try {
    a.telemetry.onPollEvent({ type: "leader" });
    b.telemetry.onPollEvent({ type: "standby" });
    b.realtime.counters.framesSent = 7;
    b.telemetry.onFanout(40);
    // The other isolate's figures are at most one publish interval old.
    await clock.tickAsync(PUBLISH_INTERVAL_MS);
    for (const { telemetry } of [a, b]) {
      const text = await telemetry.scrape();
      assert.deepEqual(values(text, "queuepulse_poller_leader"), {
        aaaa0001: 1,
        bbbb0002: 0,
      });
      assert.deepEqual(values(text, "queuepulse_frames_sent_total"), {
        aaaa0001: 120,
        bbbb0002: 7,
      });
      assert.deepEqual(values(text, "queuepulse_isolates"), { "": 2 });
      assert.deepEqual(
        values(text, "queuepulse_fanout_latency_seconds_count"),
        {
          bbbb0002: 1,
        },
      );
      assert.deepEqual(values(text, "queuepulse_queue_waiting"), {
        "q-1": 1,
        "q-2": 2,
        "q-3": 3,
      });
      // Every family is declared, whether or not it has samples yet.
      assert.deepEqual(
        [...familyTypes(text).keys()],
        ALL_FAMILIES.map((f) => f.name),
      );
      const promtool = promtoolPath();
      if (promtool) await assertPromtoolAccepts(promtool, text);
    }
  } finally {
    await a.telemetry.close();
    await b.telemetry.close();
  }
});

Deno.test("counters never go backwards across scrapes of different isolates", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const a = isolateOf(kv, clock, "aaaa0001");
  const b = isolateOf(kv, clock, "bbbb0002");
  try {
    await clock.tickAsync(0);
    let previous = await a.telemetry.scrape();
    for (let round = 1; round <= 6; round++) {
      // Both isolates keep working between scrapes; neither has published.
      a.realtime.counters.framesSent += 10 * round;
      b.realtime.counters.bytesSent += 1000;
      a.telemetry.onPollEvent({
        type: "committed",
        version: round,
        durationMs: 5,
      });
      const text = await (round % 2 ? b : a).telemetry.scrape();
      assertNoCounterBackwards(previous, text);
      previous = text;
    }
    // What a scraped isolate reported of itself, the other reports too.
    const fromA = await a.telemetry.scrape();
    const fromB = await b.telemetry.scrape();
    assert.equal(
      values(fromA, "queuepulse_frames_sent_total").aaaa0001,
      values(fromB, "queuepulse_frames_sent_total").aaaa0001,
    );
    assert.equal(values(fromB, "queuepulse_poller_commits_total").aaaa0001, 6);
  } finally {
    await a.telemetry.close();
    await b.telemetry.close();
  }
});

Deno.test("an isolate that stopped publishing drops out; close() removes at once", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const a = isolateOf(kv, clock, "aaaa0001");
  const b = isolateOf(kv, clock, "bbbb0002");
  const c = isolateOf(kv, clock, "cccc0003");
  try {
    await clock.tickAsync(0);
    // c's publishing stops (as if its process was killed) but its entry stays.
    await c.telemetry.close();
    await kv.set(["qp", "telemetry", "cccc0003"], {
      isolate: "cccc0003",
      at: clock.now(),
      figures: { values: {}, histograms: {} },
    });
    assert.deepEqual(
      values(await a.telemetry.scrape(), "queuepulse_isolates"),
      {
        "": 3,
      },
    );
    await clock.tickAsync(FRESH_MS + 1);
    // a and b published every 10 s meanwhile; c did not.
    assert.deepEqual(
      values(await a.telemetry.scrape(), "queuepulse_isolates"),
      {
        "": 2,
      },
    );
    await b.telemetry.close();
    const text = await a.telemetry.scrape();
    assert.deepEqual(values(text, "queuepulse_isolates"), { "": 1 });
    assert.deepEqual(Object.keys(values(text, "queuepulse_poller_leader")), []);
  } finally {
    await a.telemetry.close();
    await b.telemetry.close();
  }
});

Deno.test("METRICS_QUEUES=false leaves the per-queue families without samples", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const a = isolateOf(kv, clock, "aaaa0001", false);
  try {
    const text = await a.telemetry.scrape();
    assert.equal(familyTypes(text).get("queuepulse_queue_waiting"), "gauge");
    assert.deepEqual(
      parseSamples(text).filter((s) => s.name.startsWith("queuepulse_queue_")),
      [],
    );
    assert.deepEqual(values(text, "queuepulse_queues"), { "": 3 });
  } finally {
    await a.telemetry.close();
  }
});

Deno.test("scrape() still answers with this isolate's figures when KV fails", async () => {
  const kv = await Deno.openKv(":memory:");
  const clock = new FakeClock("2026-11-27T10:00:00.000Z");
  const a = isolateOf(kv, clock, "aaaa0001");
  kv.close();
  const text = await a.telemetry.scrape();
  assert.deepEqual(values(text, "queuepulse_frames_sent_total"), {
    aaaa0001: 120,
  });
  assert.deepEqual(values(text, "queuepulse_isolates"), { "": 1 });
  await a.telemetry.close();
});
