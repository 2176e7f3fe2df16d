import assert from "node:assert/strict";
import {
  createLease,
  followPollerStatus,
  freshnessOf,
  POLLER_STATUS_KEY,
  readPollerStatus,
} from "../../src/poller/mod.ts";
import { writePollerStatus } from "../../src/poller/status.ts";
import { FakeClock, settle } from "../_support/mod.ts";
import { sampleStatus } from "./_status.ts";

const AT = "2026-11-27T10:00:00.000Z";
const T0 = Date.parse(AT);

Deno.test("freshnessOf() judges age against STALE_AFTER_MS without a record", () => {
  assert.deepEqual(freshnessOf(null, AT, T0 + 12_000, 12_000), {
    stale: false,
    staleAfterMs: 12_000,
    reason: null,
  });
  assert.deepEqual(freshnessOf(null, AT, T0 + 12_001, 12_000), {
    stale: true,
    staleAfterMs: 12_000,
    reason: null,
  });
  assert.equal(freshnessOf(null, null, T0, 12_000).stale, true);
});

Deno.test("freshnessOf() extends the threshold while the poller is deliberately slower, never shortens it", () => {
  const slow = sampleStatus({
    staleAfterMs: 35_000,
    reason:
      "Genesys is rate limiting this client (429): polling is deliberately slower until it accepts more calls",
  });
  assert.deepEqual(freshnessOf(slow, AT, T0 + 30_000, 12_000), {
    stale: false,
    staleAfterMs: 35_000,
    reason: slow.reason,
  });
  assert.equal(freshnessOf(slow, AT, T0 + 35_001, 12_000).stale, true);
  const odd = sampleStatus({ staleAfterMs: 1000 });
  assert.equal(freshnessOf(odd, AT, T0 + 5000, 12_000).stale, false);
});

Deno.test("writePollerStatus() is fenced: a deposed leader cannot write", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock(T0);
  const a = createLease({ kv, owner: "a", ttlMs: 1000, clock });
  const b = createLease({ kv, owner: "b", ttlMs: 1000, clock });
  const old = (await a.acquire())!;
  assert.equal(
    await writePollerStatus(kv, sampleStatus({ owner: "a" }), old),
    true,
  );
  await clock.tickAsync(1000);
  const fresh = (await b.acquire())!;
  assert.equal(
    await writePollerStatus(kv, sampleStatus({ owner: "a" }), old),
    false,
  );
  assert.equal(
    await writePollerStatus(kv, sampleStatus({ owner: "b" }), fresh),
    true,
  );
  assert.equal((await readPollerStatus(kv))?.owner, "b");
});

Deno.test("readPollerStatus() gives null when nothing, or something else, is stored", async () => {
  using kv = await Deno.openKv(":memory:");
  assert.equal(await readPollerStatus(kv), null);
  await kv.set(POLLER_STATUS_KEY, { owner: 3 });
  assert.equal(await readPollerStatus(kv), null);
});

Deno.test("followPollerStatus() keeps the latest record and ends on abort", async () => {
  using kv = await Deno.openKv(":memory:");
  const stop = new AbortController();
  const follower = followPollerStatus(kv, stop.signal);
  await settle();
  assert.equal(follower.current(), null);
  await kv.set(POLLER_STATUS_KEY, sampleStatus({ reason: "first" }));
  await settle(20);
  assert.equal(follower.current()?.reason, "first");
  await kv.set(POLLER_STATUS_KEY, sampleStatus({ reason: "second" }));
  await settle(20);
  assert.equal(follower.current()?.reason, "second");
  stop.abort();
  await follower.done;
});
