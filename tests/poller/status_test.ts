import assert from "node:assert/strict";
import {
  createLease,
  followPollerStatus,
  freshnessOf,
  POLLER_STATUS_KEY,
  POLLER_STATUS_REREAD_MS,
  readPollerStatus,
  watchPollerStatus,
} from "../../src/poller/mod.ts";
import { silentLogger } from "../../src/log.ts";
import { writePollerStatus } from "../../src/poller/status.ts";
import { FakeClock, settle } from "../_support/mod.ts";
import { stalledWatch } from "../snapshot/_store_helpers.ts";
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
  const clock = new FakeClock(T0);
  const follower = followPollerStatus({ kv, clock, signal: stop.signal });
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

Deno.test("followPollerStatus() sees a write kv.watch missed (another process) one period later", async () => {
  using kv = await Deno.openKv(":memory:");
  const stop = new AbortController();
  const clock = new FakeClock(T0);
  // The watch reports the first state only, as for another process's writes.
  const other = readCounting(kv);
  const follower = followPollerStatus({
    kv: other.kv,
    clock,
    signal: stop.signal,
  });
  // The first read, and the one the watch's opening emission wakes.
  await until(() => other.reads() === 2 && clock.pending === 1);
  assert.equal(follower.current(), null);
  await kv.set(POLLER_STATUS_KEY, sampleStatus({ reason: "leader wrote" }));
  await clock.tickAsync(POLLER_STATUS_REREAD_MS - 1);
  assert.equal(other.reads(), 2);
  assert.equal(follower.current(), null);
  await clock.tickAsync(1);
  await until(() => clock.pending === 1);
  assert.equal(other.reads(), 3);
  assert.equal(follower.current()?.reason, "leader wrote");
  stop.abort();
  await follower.done;
});

Deno.test("watchPollerStatus() yields each record once, whether the watch or a re-read finds it", async () => {
  using kv = await Deno.openKv(":memory:");
  const stop = new AbortController();
  const clock = new FakeClock(T0);
  const seen: (string | null)[] = [];
  const watching = (async () => {
    for await (
      const status of watchPollerStatus({ kv, clock, signal: stop.signal })
    ) {
      seen.push(status === null ? null : status.reason);
    }
  })();
  await until(() => seen.length === 1 && clock.pending === 1);
  await kv.set(POLLER_STATUS_KEY, sampleStatus({ reason: "first" }));
  await until(() => seen.length === 2 && clock.pending === 1);
  assert.deepEqual(seen, [null, "first"]);
  // Re-reads of an unchanged record add nothing.
  for (let i = 0; i < 3; i++) {
    await clock.tickAsync(POLLER_STATUS_REREAD_MS);
    await until(() => clock.pending === 1);
  }
  assert.deepEqual(seen, [null, "first"]);
  // The same value written again is a new record.
  await kv.set(POLLER_STATUS_KEY, sampleStatus({ reason: "first" }));
  await until(() => seen.length === 3 && clock.pending === 1);
  assert.deepEqual(seen, [null, "first", "first"]);
  stop.abort();
  await watching;
});

Deno.test("watchPollerStatus() logs a failed read and reads again next period", async () => {
  using kv = await Deno.openKv(":memory:");
  const stop = new AbortController();
  const clock = new FakeClock(T0);
  const warnings: string[] = [];
  const log = { ...silentLogger(), warn: (msg: string) => warnings.push(msg) };
  let failing = true;
  const flaky = readCounting(kv, () => failing);
  await kv.set(POLLER_STATUS_KEY, sampleStatus({ reason: "kept" }));
  const follower = followPollerStatus({
    kv: flaky.kv,
    clock,
    log,
    signal: stop.signal,
  });
  await until(() => flaky.reads() === 2 && clock.pending === 1);
  assert.equal(follower.current(), null);
  assert.deepEqual(warnings, [
    "Cannot read the poller status: retrying",
    "Cannot read the poller status: retrying",
  ]);
  failing = false;
  await clock.tickAsync(POLLER_STATUS_REREAD_MS);
  await until(() => flaky.reads() === 3 && clock.pending === 1);
  assert.equal(follower.current()?.reason, "kept");
  assert.equal(warnings.length, 2);
  stop.abort();
  await follower.done;
});

/**
 * `kv` as another process sees it: its watch reports the first state only;
 * reads are counted, and refused while `failing()`.
 */
function readCounting(kv: Deno.Kv, failing = () => false) {
  let reads = 0;
  const double = new Proxy(stalledWatch(kv, "stall"), {
    get(target, prop) {
      if (prop !== "get") return Reflect.get(target, prop, target);
      return (key: Deno.KvKey) => {
        reads++;
        return failing()
          ? Promise.reject(new Error("database is locked"))
          : kv.get(key);
      };
    },
  });
  return { kv: double, reads: () => reads };
}

/** Lets KV I/O run until `done()` holds (bounded). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !done(); i++) await settle(1);
  assert.ok(done(), "the follower never got there");
}
