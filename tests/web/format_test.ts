import assert from "node:assert/strict";
import {
  esc,
  fmtAge,
  fmtClock,
  fmtDuration,
  fmtHourMinute,
  fmtInt,
  fmtPct,
  fmtSince,
  fmtTime,
  sentence,
} from "../../web/format.js";

Deno.test("counts and ratios show as text, unknown values as a dash", () => {
  assert.deepEqual(
    [fmtInt(12), fmtInt(0), fmtInt(null), fmtInt(NaN), fmtInt(Infinity)],
    ["12", "0", "—", "—", "—"],
  );
  assert.deepEqual(
    [fmtPct(0.834), fmtPct(0.025), fmtPct(1), fmtPct(null), fmtPct("0.5")],
    ["83%", "3%", "100%", "—", "—"],
  );
});

Deno.test("live clocks floor, handling times round, both roll to hours", () => {
  assert.deepEqual(
    [fmtClock(0), fmtClock(59_999), fmtClock(390_000), fmtClock(3_723_000)],
    ["00:00", "00:59", "06:30", "1:02:03"],
  );
  assert.deepEqual([fmtClock(-5000), fmtClock(undefined)], ["00:00", "—"]);
  assert.deepEqual(
    [fmtDuration(312_000), fmtDuration(24_400), fmtDuration(245_500)],
    ["5:12", "0:24", "4:06"],
  );
  assert.deepEqual(
    [fmtDuration(3_600_000), fmtDuration(null)],
    ["1:00:00", "—"],
  );
});

Deno.test("data age reads in seconds under a minute", () => {
  assert.deepEqual(
    [fmtAge(-20), fmtAge(1999), fmtAge(59_000), fmtAge(61_000)],
    ["0 s", "1 s", "59 s", "01:01"],
  );
});

Deno.test("wall-clock times are local; bad input is a dash", () => {
  const local = new Date(2026, 10, 27, 9, 5, 7);
  assert.equal(fmtTime(local.getTime()), "09:05:07");
  assert.equal(fmtTime(local.toISOString()), "09:05:07");
  assert.equal(fmtHourMinute(local.toISOString()), "09:05");
  assert.deepEqual([fmtTime("soon"), fmtTime(null), fmtHourMinute("")], [
    "—",
    "—",
    "—",
  ]);
});

Deno.test("fmtSince counts from an ISO instant", () => {
  const now = Date.parse("2026-11-27T10:05:00.000Z");
  assert.equal(fmtSince("2026-11-27T09:58:30.000Z", now), "06:30");
  assert.equal(fmtSince(null, now), "—");
});

Deno.test("codes read as sentences, HTML is escaped", () => {
  assert.deepEqual(
    [sentence("NOT_RESPONDING"), sentence("ON_QUEUE"), sentence(null)],
    ["Not responding", "On queue", "—"],
  );
  assert.equal(
    esc(`<img src=x onerror="a('b')">&`),
    "&#60;img src=x onerror=&#34;a(&#39;b&#39;)&#34;&#62;&#38;",
  );
});
