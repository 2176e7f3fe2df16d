import assert from "node:assert/strict";
import fc from "fast-check";
import { Deadlines } from "../../src/realtime/_deadlines.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import { FakeClock } from "../_support/mod.ts";

/** An owner that records (kind, time) of each deadline it is told about. */
function recorder(clock: FakeClock, log: [string, number][], name: string) {
  return {
    onDeadline: (kind: string) => log.push([`${name}:${kind}`, clock.now()]),
  };
}

Deno.test("Deadlines fire in time order on one timer, cancelled ones never", async () => {
  const clock = new FakeClock(0);
  const deadlines = new Deadlines<string>(clock, silentLogger());
  const fired: [string, number][] = [];
  const a = recorder(clock, fired, "a");
  const b = recorder(clock, fired, "b");
  deadlines.add(300, a, "late");
  const cancelled = deadlines.add(200, b, "cancelled");
  deadlines.add(100, b, "early");
  deadlines.add(100, a, "tie");
  assert.equal(deadlines.size, 4);
  assert.equal(clock.pending, 1, "one timer for all of them");
  deadlines.cancel(cancelled);
  deadlines.cancel(cancelled);
  await clock.tickAsync(99);
  assert.equal(fired.length, 0);
  await clock.tickAsync(1);
  assert.deepEqual(fired.map(([name]) => name).sort(), ["a:tie", "b:early"]);
  // An earlier deadline added later re-arms the timer.
  deadlines.add(150, a, "added");
  await clock.tickAsync(200);
  assert.deepEqual(fired.slice(2), [["a:added", 150], ["a:late", 300]]);
  assert.equal(deadlines.size, 0);
  assert.equal(clock.pending, 0);
  deadlines.close();
});

Deno.test("Deadlines: a failing owner is logged and the others still fire", async () => {
  const clock = new FakeClock(0);
  const lines: string[] = [];
  const deadlines = new Deadlines<string>(
    clock,
    createLogger({ write: (line) => lines.push(line) }),
  );
  const fired: [string, number][] = [];
  deadlines.add(10, {
    onDeadline: () => {
      throw new TypeError("boom");
    },
  }, "x");
  deadlines.add(10, recorder(clock, fired, "ok"), "y");
  await clock.tickAsync(10);
  assert.deepEqual(fired, [["ok:y", 10]]);
  assert.equal(JSON.parse(lines[0]).msg, "Deadline handler failed");
  deadlines.close();
});

Deno.test("Deadlines.close() stops the timer; nothing fires after it", async () => {
  const clock = new FakeClock(0);
  const deadlines = new Deadlines<string>(clock, silentLogger());
  const fired: [string, number][] = [];
  deadlines.add(10, recorder(clock, fired, "a"), "x");
  deadlines.close();
  assert.equal(clock.pending, 0);
  await clock.tickAsync(100);
  assert.deepEqual(fired, []);
});

Deno.test("Deadlines fire each uncancelled deadline once, at its time", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 1000 }),
          cancel: fc.boolean(),
        }),
        { maxLength: 40 },
      ),
      async (plan) => {
        const clock = new FakeClock(0);
        const deadlines = new Deadlines<number>(clock, silentLogger());
        const fired: [number, number][] = [];
        const owner = {
          onDeadline: (i: number) => fired.push([i, clock.now()]),
        };
        const handles = plan.map((p, i) => deadlines.add(p.at, owner, i));
        plan.forEach((p, i) => p.cancel && deadlines.cancel(handles[i]));
        await clock.tickAsync(1001);
        const expected = plan.flatMap((p, i) => p.cancel ? [] : [[i, p.at]])
          .sort((x, y) => x[1] - y[1] || x[0] - y[0]);
        assert.deepEqual(
          [...fired].sort((x, y) => x[1] - y[1] || x[0] - y[0]),
          expected,
        );
        assert.equal(deadlines.size, 0);
        deadlines.close();
      },
    ),
    { numRuns: 30 },
  );
});
