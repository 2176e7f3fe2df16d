import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { MAX_TIMER_MS, sleepInSteps, systemClock } from "../src/clock.ts";
import { FakeClock } from "./_support/mod.ts";

const DAY_MS = 86_400_000;

/** A wait that records each step and resolves at once. */
function recorder(): { steps: number[]; wait: (ms: number) => Promise<void> } {
  const steps: number[] = [];
  return { steps, wait: (ms) => (steps.push(ms), Promise.resolve()) };
}

Deno.test("sleepInSteps() splits 25 days into timers of at most 2^31 − 1 ms", async () => {
  const { steps, wait } = recorder();
  await sleepInSteps(25 * DAY_MS, undefined, wait);
  assert.deepEqual(steps, [MAX_TIMER_MS, 25 * DAY_MS - MAX_TIMER_MS]);
  assert.equal(MAX_TIMER_MS, 2_147_483_647);
});

Deno.test("sleepInSteps() uses one timer up to the limit, and 0 for no time", async () => {
  for (
    const [ms, expected] of [
      [MAX_TIMER_MS, [MAX_TIMER_MS]],
      [MAX_TIMER_MS + 1, [MAX_TIMER_MS, 1]],
      [3 * MAX_TIMER_MS, [MAX_TIMER_MS, MAX_TIMER_MS, MAX_TIMER_MS]],
      [5, [5]],
      [0, [0]],
      [-3_000, [0]],
      [Number.NaN, [0]],
    ] as const
  ) {
    const { steps, wait } = recorder();
    await sleepInSteps(ms, undefined, wait);
    assert.deepEqual(steps, expected, String(ms));
  }
});

Deno.test("sleepInSteps() stops at the step that was aborted", async () => {
  const controller = new AbortController();
  const steps: number[] = [];
  const sleeping = sleepInSteps(366 * DAY_MS, controller.signal, (ms, s) => {
    steps.push(ms);
    if (steps.length === 2) controller.abort(new Error("stop"));
    s?.throwIfAborted();
    return Promise.resolve();
  });
  await assert.rejects(sleeping, { message: "stop" });
  assert.deepEqual(steps, [MAX_TIMER_MS, MAX_TIMER_MS]);
});

Deno.test("systemClock().sleep() of 25 days does not fire early", async () => {
  const controller = new AbortController();
  let settled = false;
  const sleeping = systemClock().sleep(25 * DAY_MS, controller.signal)
    .finally(() => settled = true);
  // An overflowing timer fires after 1 ms.
  await delay(30);
  assert.equal(settled, false);
  controller.abort(new Error("done"));
  await assert.rejects(sleeping, { message: "done" });
});

Deno.test("FakeClock sleeps past 2^31 − 1 ms to the exact deadline", async () => {
  const clock = new FakeClock(0);
  let woke = -1;
  clock.sleep(25 * DAY_MS).then(() => woke = clock.now());
  await clock.tickAsync(25 * DAY_MS - 1);
  assert.equal(woke, -1);
  await clock.tickAsync(1);
  assert.equal(woke, 25 * DAY_MS);
});
