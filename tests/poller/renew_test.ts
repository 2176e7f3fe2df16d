import assert from "node:assert/strict";
import { createLease } from "../../src/poller/mod.ts";
import { renewQuietly } from "../../src/poller/_renew.ts";
import { createLogger } from "../../src/log.ts";
import { FakeClock } from "../_fake_clock.ts";

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
  const pending = renewQuietly(lease, log, clock, new AbortController().signal);
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
  const pending = renewQuietly(lease, log, clock, new AbortController().signal);
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
