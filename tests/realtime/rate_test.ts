import assert from "node:assert/strict";
import { type Admission, RateGate } from "../../src/realtime/_rate.ts";

/** Admissions of messages arriving at `times` (ms), counted by kind. */
function run(gate: RateGate, times: number[]): Admission[] {
  return times.map((t) => gate.admit(t));
}

function tally(admissions: Admission[]): Record<Admission, number> {
  const out = { accept: 0, answer: 0, drop: 0, close: 0 };
  for (const a of admissions) out[a]++;
  return out;
}

Deno.test("RateGate: the burst, one answer, silent refusals, then close", () => {
  const gate = new RateGate({ perSecond: 2, burst: 4 }, 0);
  assert.deepEqual(run(gate, Array(10).fill(0)), [
    "accept",
    "accept",
    "accept",
    "accept",
    "answer",
    "drop",
    "drop",
    "drop",
    "close",
    "close",
  ]);
});

Deno.test("RateGate: refusals are answered at most once per second", () => {
  const gate = new RateGate({ perSecond: 2, burst: 4 }, 0);
  run(gate, [0, 0, 0, 0]);
  assert.deepEqual(run(gate, [0, 0]), ["answer", "drop"]);
  // 1000 ms after the answer: two tokens back, and the refusal after them
  // is answered again.
  assert.deepEqual(run(gate, [1000, 1000, 1000, 1000]), [
    "accept",
    "accept",
    "answer",
    "drop",
  ]);
});

Deno.test("RateGate: twice the rate for a minute is throttled, never closed", () => {
  const gate = new RateGate({ perSecond: 20, burst: 40 }, 0);
  const times = Array.from({ length: 40 * 60 }, (_, i) => i * 25);
  const counts = tally(run(gate, times));
  assert.equal(counts.close, 0);
  // The burst, plus 20 per second up to the last message (at 59,975 ms).
  assert.equal(counts.accept, 40 + Math.floor(59_975 * 20 / 1000));
  assert.ok(counts.answer <= 60, `${counts.answer} answers`);
});

Deno.test("RateGate: 1,750 messages per second close within 50 ms", () => {
  const gate = new RateGate({ perSecond: 20, burst: 40 }, 0);
  const times = Array.from({ length: 17_500 }, (_, i) => i / 1.75);
  const admissions = run(gate, times);
  // 40 in the burst (the next token only at 50 ms), then 40 refusals (the
  // refusal bucket gains 0.46 meanwhile), and the 81st message closes.
  const first = admissions.indexOf("close");
  assert.equal(first, 80);
  assert.ok(times[first] < 50, `closed at ${times[first]} ms`);
  const before = tally(admissions.slice(0, first));
  assert.deepEqual(before, { accept: 40, answer: 1, drop: 39, close: 0 });
});
