import assert from "node:assert/strict";
import { agentsFor } from "../../src/simulator/_erlang.ts";
import { localDay } from "../../src/simulator/_local_day.ts";
import {
  coverShifts,
  requiredOnQueue,
  SLOTS,
  teamRoster,
} from "../../src/simulator/_staffing.ts";
import { createZone } from "../../src/time_zone.ts";

const VOICE_20S = [{ share: 1, thresholdMs: 20_000 }];

Deno.test("Erlang C: the textbook case needs 14 agents for 80 % in 20 s", () => {
  // 100 calls per half-hour of 180 s each: 10 Erlangs. 13 agents answer
  // 79.6 % within 20 s, 14 answer 88.4 %.
  assert.equal(agentsFor(10, 180_000, VOICE_20S, 0.8), 14);
  assert.equal(agentsFor(10, 180_000, VOICE_20S, 0.79), 13);
  assert.equal(agentsFor(0, 180_000, VOICE_20S, 0.8), 0);
  assert.equal(agentsFor(0.01, 180_000, VOICE_20S, 0.8), 1);
  // Half the conversations may wait an hour (email): fewer agents.
  const mixed = [{ share: 0.5, thresholdMs: 20_000 }, {
    share: 0.5,
    thresholdMs: 3_600_000,
  }];
  assert.equal(agentsFor(10, 180_000, mixed, 0.8), 12);
});

Deno.test("staffing: shifts cover every half-hour of the plan, around the clock", () => {
  const load = { handleMs: 300_000, target: 0.9, thresholds: VOICE_20S };
  const needed = requiredOnQueue(load, 100 / 3_600_000);
  assert.equal(needed.length, SLOTS);
  assert.ok(Math.min(...needed) >= 1, "someone on queue at night");
  assert.ok(Math.max(...needed) >= 3 * Math.min(...needed), "a daily curve");
  const shifts = coverShifts(needed);
  const onShift = new Array(SLOTS).fill(0);
  for (const s of shifts) {
    for (let k = 0; k < 17; k++) onShift[(s + k) % SLOTS]++;
  }
  needed.forEach((n, i) => assert.ok(onShift[i] >= n, `half-hour ${i}`));
  for (const s of shifts) {
    const without = onShift.map((n, i) =>
      ((i - s + SLOTS) % SLOTS) < 17 ? n - 1 : n
    );
    assert.ok(
      needed.some((n, i) => without[i] < n),
      `shift at ${s} is needed`,
    );
  }
});

Deno.test("staffing: days off rotate, as many agents are rostered as there are shifts, a few absent", () => {
  const roster = Array.from({ length: 14 }, (_, i) => i);
  const shifts = [0, 0, 12, 14, 14, 16, 18, 20, 30, 34];
  const worked = new Array(roster.length).fill(0);
  for (let day = 1; day <= 28; day++) {
    const date = `2026-02-${String(day).padStart(2, "0")}`;
    const starts = teamRoster(7, roster, shifts, date);
    const working = starts.filter((s) => s >= 0);
    assert.ok(working.length <= shifts.length);
    assert.ok(working.length >= shifts.length - 2, "a few are absent");
    starts.forEach((s, p) => {
      if (s >= 0) worked[p]++;
    });
  }
  for (const days of worked) {
    assert.ok(days >= 17 && days <= 22, `worked ${days} of 28 days`);
  }
});

Deno.test("local day: hours and wall-clock times across both DST changes", () => {
  const berlin = createZone("Europe/Berlin");
  const spring = localDay(berlin, Date.parse("2026-03-28T23:00:00Z"));
  assert.equal(spring.end, Date.parse("2026-03-29T22:00:00Z"));
  assert.equal(spring.hourOf(Date.parse("2026-03-29T00:30:00Z")), 1.5);
  assert.equal(spring.hourOf(Date.parse("2026-03-29T01:30:00Z")), 3.5);
  assert.equal(spring.at(9 * 60), Date.parse("2026-03-29T07:00:00Z"));
  assert.equal(spring.at(150), Date.parse("2026-03-29T01:00:00Z"), "02:30");
  assert.equal(spring.at(1470), Date.parse("2026-03-29T22:30:00Z"));
  const autumn = localDay(berlin, Date.parse("2026-10-24T22:00:00Z"));
  assert.equal(autumn.end, Date.parse("2026-10-25T23:00:00Z"));
  assert.equal(autumn.hourOf(Date.parse("2026-10-25T00:30:00Z")), 2.5);
  assert.equal(autumn.hourOf(Date.parse("2026-10-25T01:30:00Z")), 2.5);
  assert.equal(autumn.at(9 * 60), Date.parse("2026-10-25T08:00:00Z"));
  const utc = localDay(createZone("UTC"), Date.parse("2026-11-27T00:00:00Z"));
  assert.equal(utc.hourOf(Date.parse("2026-11-27T23:30:00Z")), 23.5);
});
