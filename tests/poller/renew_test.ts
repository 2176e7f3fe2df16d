import assert from "node:assert/strict";
import { createLease } from "../../src/poller/mod.ts";
import { createRenewReport, renewQuietly } from "../../src/poller/_renew.ts";
import { createLogger } from "../../src/log.ts";
import { FakeClock } from "../_support/mod.ts";

function lockedLease(kv: Deno.Kv, clock: FakeClock, failures: number) {
  const lease = createLease({ kv, owner: "a", clock });
  let left = failures;
  return {
    ...lease,
    renew() {
      if (left-- > 0) {
        return Promise.reject(new TypeError("database is locked"));
      }
      return lease.renew();
    },
  };
}

Deno.test("renewQuietly() rides out a passing KV failure", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const lines: string[] = [];
  const log = createLogger({ write: (l) => lines.push(l), level: "debug" });
  const lease = lockedLease(kv, clock, 2);
  const pending = renewQuietly(
    lease,
    createRenewReport(log, clock),
    clock,
    new AbortController().signal,
  );
  await clock.tickAsync(100);
  const fence = await pending;
  assert.notEqual(fence, null);
  assert.deepEqual(
    lines.map((l) => JSON.parse(l).msg),
    [
      "Retrying the poller lease renewal",
      "Retrying the poller lease renewal",
    ],
  );
});

Deno.test('renewQuietly() reports "unknown" after three failures and logs one error', async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const lines: string[] = [];
  const log = createLogger({ write: (l) => lines.push(l) });
  const lease = lockedLease(kv, clock, 3);
  const pending = renewQuietly(
    lease,
    createRenewReport(log, clock),
    clock,
    new AbortController().signal,
  );
  await clock.tickAsync(100);
  assert.equal(await pending, "unknown");
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]);
  assert.equal(line.msg, "Cannot renew the poller lease");
  assert.equal(line.attempts, 3);
  assert.deepEqual(line.error, {
    name: "TypeError",
    message: "database is locked",
  });
});

Deno.test("renewQuietly() logs a burst of failed renewals once, and its end", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const lines: string[] = [];
  const log = createLogger({ write: (l) => lines.push(l) });
  const report = createRenewReport(log, clock);
  const lease = lockedLease(kv, clock, 9);
  const signal = new AbortController().signal;
  for (let renewal = 0; renewal < 3; renewal++) {
    const pending = renewQuietly(lease, report, clock, signal);
    await clock.tickAsync(1000);
    assert.equal(await pending, "unknown");
  }
  const pending = renewQuietly(lease, report, clock, signal);
  await clock.tickAsync(100);
  assert.notEqual(await pending, null);
  // The burst began when the first renewal gave up, after two 50 ms retries.
  assert.deepEqual(
    lines.map((l) => {
      const { level, msg, failures, failedForMs } = JSON.parse(l);
      return [level, msg, failures ?? null, failedForMs ?? null];
    }),
    [
      ["error", "Cannot renew the poller lease", null, null],
      ["info", "Renewing the poller lease again", 3, 2900],
    ],
  );
});
