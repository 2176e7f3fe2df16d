import assert from "node:assert/strict";
import {
  freshnessOf,
  readPollerStatus,
  watchPollerStatus,
} from "../../src/poller/mod.ts";
import { advance, FakeApiError, forbidden, startPoller } from "./_fakes.ts";

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const VIEW = "analytics:queueObservation:view";

Deno.test("poll() names a refused observation permission once, tells every isolate, and re-checks every minute", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 0);
    h.api.fail("queueObservations", ...Array(3).fill(forbidden(VIEW)));
    await advance(h.clock, 185_000);

    // Not retried as a passing fault: refused at 5 s, then one small call
    // a minute (one queue), and nothing else while nothing could be
    // committed; the probe that answers starts a full cycle at once.
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => [c.at - T0, c.ids.length]),
      [[0, 3], [5000, 3], [65_000, 1], [125_000, 1], [185_000, 1], [
        185_000,
        3,
      ]],
    );
    assert.deepEqual(
      h.api.callsOf("routingActivity").map((c) => c.at - T0),
      [0, 5000, 185_000],
    );
    assert.deepEqual(
      h.of("error").map((e) => [e.part, e.kind, e.retryInMs]),
      [0, 1, 2].map(() => ["observations", "forbidden", 60_000]),
    );
    // One log line names the permission; one says it came back.
    assert.deepEqual(
      h.lines.filter((l) => l.level !== "debug").map((l) => [l.level, l.msg]),
      [
        ["error", `Cannot poll queue observations: missing permission ${VIEW}`],
        ["info", "Genesys answers queue observations again"],
      ],
    );
    assert.deepEqual(h.of("committed").map((e) => e.version), [1, 2]);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() puts a refused permission in the status record for /readyz on any isolate", async () => {
  const h = await startPoller();
  // Another isolate of the deployment follows the record.
  const watching = new AbortController();
  const seen: (string | null)[] = [];
  const watcher = (async () => {
    for await (
      const status of watchPollerStatus({
        kv: h.kv,
        clock: h.clock,
        signal: watching.signal,
      })
    ) {
      seen.push(status?.reason ?? null);
    }
  })();
  try {
    await advance(h.clock, 0);
    h.api.fail("queueObservations", forbidden(VIEW));
    await advance(h.clock, 20_000);
    const status = (await readPollerStatus(h.kv))!;
    assert.equal(status.owner, "owner-a");
    assert.deepEqual(status.forbidden, [{
      part: "observations",
      missingPermissions: [VIEW],
    }]);
    assert.deepEqual(status.lastError, {
      part: "observations",
      status: 403,
      code: "missing.permissions",
      missingPermissions: [VIEW],
    });
    const reason =
      `Genesys refuses queue observations (missing permission ${VIEW}): the data is not updated`;
    assert.equal(status.reason, reason);
    // What /readyz answers 20 s after the last poll: stale, and why.
    const latest = (await h.store.latest())!;
    assert.deepEqual(
      freshnessOf(status, latest.fetchedAt, h.clock.now(), 12_000),
      { stale: true, staleAfterMs: 12_000, reason },
    );
    assert.deepEqual(seen, [null, null, reason]);
  } finally {
    watching.abort();
    await watcher;
    await h.stop();
  }
});

Deno.test("poll() goes on with the other parts when activity is refused, keeping the last agents", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 0);
    h.api.fail("routingActivity", forbidden("routing:queueMember:view"));
    await advance(h.clock, 65_000);
    // Observations every cycle, committed; activity asked again a minute on.
    assert.equal(h.of("committed").length, 14);
    assert.deepEqual(
      h.api.callsOf("routingActivity").map((c) => c.at - T0),
      [0, 5000, 65_000],
    );
    assert.deepEqual(h.inputs[5].input.activity, h.inputs[0].input.activity);
    const iso = (ms: number) => new Date(T0 + ms).toISOString();
    assert.deepEqual(h.store.snapshots[5].parts?.activity, {
      fetchedAt: iso(0),
    });
    const status = h.of("status").at(-1)!.status;
    assert.deepEqual(status.forbidden, []);
    const during = h.of("status").find((e) => e.status.forbidden.length > 0)!
      .status;
    assert.equal(
      during.reason,
      "Genesys refuses routing activity (agents) (missing permission routing:queueMember:view): those parts keep their last values",
    );
    // Fresh data stays fresh: the record only explains what is missing.
    assert.equal(during.staleAfterMs, 12_000);
  } finally {
    await h.stop();
  }
});

Deno.test("poll() treats other 403 codes as plain 4xx", async () => {
  const h = await startPoller();
  try {
    await advance(h.clock, 0);
    h.api.fail("queueObservations", new FakeApiError(403, "not.authorized"));
    await advance(h.clock, 10_000);
    assert.deepEqual(
      h.of("error").map((e) => [e.kind, e.retryInMs]),
      [["other", 5000]],
    );
    assert.deepEqual(
      h.api.callsOf("queueObservations").map((c) => c.at - T0),
      [0, 5000, 10_000],
    );
  } finally {
    await h.stop();
  }
});
