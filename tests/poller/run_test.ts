import assert from "node:assert/strict";
import {
  createLease,
  type PollEvent,
  runPoller,
} from "../../src/poller/mod.ts";
import { FakeClock, FakeStore, recordingLogger } from "../_support/mod.ts";
import { advance, advanceUntil, FakeApi, fakeBuild } from "./_fakes.ts";

Deno.test("runPoller() logs leadership changes, not commits", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const { log, lines } = recordingLogger();
  const controller = new AbortController();
  const seen: string[] = [];
  const done = runPoller({
    api: new FakeApi(clock),
    store: new FakeStore({ kv, clock }),
    build: fakeBuild().build,
    lease: createLease({ kv, owner: "a", clock }),
    clock,
    log,
    signal: controller.signal,
    source: "simulator",
    kv,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
    timeZone: "UTC",
    onEvent: (event: PollEvent) => seen.push(event.type),
  });
  await advanceUntil(
    clock,
    () => seen.filter((t) => t === "committed").length >= 3,
  );
  controller.abort();
  await done;
  assert.deepEqual(seen, [
    "leader",
    "plan",
    "committed",
    "status",
    "committed",
    "committed",
  ]);
  assert.deepEqual(lines, [{
    level: "info",
    msg: "Polling as leader",
    fields: { owner: "a" },
  }]);
});

Deno.test("runPoller() logs standing by once, and leading when it takes over", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  await kv.set(["qp", "lease"], {
    owner: "other",
    expiresAt: clock.now() + 10_000,
  });
  const { log, lines } = recordingLogger();
  const controller = new AbortController();
  const seen: PollEvent["type"][] = [];
  const done = runPoller({
    api: new FakeApi(clock),
    store: new FakeStore({ kv, clock }),
    build: fakeBuild().build,
    lease: createLease({ kv, owner: "b", clock }),
    clock,
    log,
    signal: controller.signal,
    source: "simulator",
    kv,
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
    timeZone: "UTC",
    onEvent: (event: PollEvent) => seen.push(event.type),
  });
  await advance(clock, 10_000);
  controller.abort();
  await done;
  // Standing by until the other's lease runs out at 10 s, then leading.
  assert.deepEqual(seen, [
    "standby",
    "leader",
    "plan",
    "committed",
    "status",
  ]);
  assert.deepEqual(lines.map((l) => l.msg), [
    "Standing by: another isolate polls",
    "Polling as leader",
  ]);
  assert.equal((await kv.get(["qp", "lease"])).value, null);
});
