import assert from "node:assert/strict";
import { ingestRow, parseIngestArgs } from "../../bench/ingest.ts";
import { sampleChanges, type Stamps } from "../../bench/_ingest_screen.ts";
import { summarize } from "../../bench/_stats.ts";

Deno.test("parseIngestArgs defaults, lists and bad values", () => {
  assert.deepEqual(parseIngestArgs([]), {
    orgs: [{ queues: 12, agents: 400 }, { queues: 1000, agents: 2000 }],
    modes: ["push", "poll"],
    durationS: 60,
    pollMs: 5000,
    seed: 1,
  });
  assert.deepEqual(
    parseIngestArgs(["--orgs", "5:10", "--modes", "poll"]).orgs,
    [{ queues: 5, agents: 10 }],
  );
  assert.throws(
    () => parseIngestArgs(["--duration", "120"]),
    new RangeError(
      'Cannot parse --duration: "120" is not an integer in [10, 100]',
    ),
  );
  assert.throws(
    () => parseIngestArgs(["--orgs", "12"]),
    new RangeError('Cannot parse --orgs: "12" is not queues:agents'),
  );
  assert.throws(
    () => parseIngestArgs(["--modes", "push,both"]),
    new RangeError('Cannot parse --modes: "both" is not push or poll'),
  );
});

const T = Date.parse("2026-12-01T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

Deno.test("sampleChanges: the latency of each new change stamp in the window, once", () => {
  const known: Stamps = new Map();
  const hist = {};
  const agent = (routing: number, presence: number) => ({
    routingStatusSince: iso(routing),
    presenceSince: iso(presence),
  });
  // The first sight of an agent only notes its stamps.
  assert.equal(sampleChanges(known, { a: agent(T, T) }, T + 10, T, hist), 0);
  // A routing change at T + 1000 received at T + 1800: 800 ms.
  assert.equal(
    sampleChanges(known, { a: agent(T + 1000, T) }, T + 1800, T, hist),
    1,
  );
  // The same stamps again (another field changed): nothing new.
  assert.equal(
    sampleChanges(known, { a: agent(T + 1000, T) }, T + 2500, T, hist),
    0,
  );
  // Both changed; the presence change is older than the window.
  assert.equal(
    sampleChanges(
      known,
      { a: agent(T + 3000, T - 5) },
      T + 3300,
      T,
      hist,
    ),
    1,
  );
  // An agent that left is forgotten.
  sampleChanges(known, { a: null }, T + 4000, T, hist);
  assert.equal(known.has("a"), false);
  assert.deepEqual(summarize(hist), {
    count: 2,
    p50: 300,
    p95: 800,
    p99: 800,
    max: 800,
  });
});

Deno.test("ingestRow prints one markdown row", () => {
  assert.equal(
    ingestRow({
      queues: 12,
      agents: 400,
      mode: "push",
      windowS: 60,
      changes: 34,
      p50: 680,
      p99: 1287,
      callsPerMinute: 4,
      commitsPerSecond: 0.5333,
    }),
    "| 12 | 400 | push | 60 | 34 | 680 | 1287 | 4.0 | 0.53 |",
  );
});
