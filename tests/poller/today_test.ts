import assert from "node:assert/strict";
import { localDateOf, todayInterval } from "../../src/poller/mod.ts";

Deno.test("todayInterval() in Europe/Berlin on a winter day", () => {
  assert.equal(
    todayInterval(Date.parse("2026-11-27T13:35:00Z"), "Europe/Berlin"),
    "2026-11-27T00:00:00.000+01:00/2026-11-27T14:35:00.000+01:00",
  );
});

Deno.test("todayInterval() in Europe/Berlin on the spring-forward day", () => {
  assert.equal(
    todayInterval(Date.parse("2026-03-29T14:35:00Z"), "Europe/Berlin"),
    "2026-03-29T00:00:00.000+01:00/2026-03-29T16:35:00.000+02:00",
  );
});

Deno.test("todayInterval() in America/New_York on the fall-back day", () => {
  assert.equal(
    todayInterval(Date.parse("2026-11-01T15:00:00Z"), "America/New_York"),
    "2026-11-01T00:00:00.000-04:00/2026-11-01T10:00:00.000-05:00",
  );
});

Deno.test("todayInterval() in America/New_York on the spring-forward day", () => {
  assert.equal(
    todayInterval(Date.parse("2026-03-08T15:00:00Z"), "America/New_York"),
    "2026-03-08T00:00:00.000-05:00/2026-03-08T11:00:00.000-04:00",
  );
});

Deno.test("todayInterval() in UTC keeps milliseconds", () => {
  assert.equal(
    todayInterval(Date.parse("2026-11-27T10:00:00.123Z"), "UTC"),
    "2026-11-27T00:00:00.000Z/2026-11-27T10:00:00.123Z",
  );
});

Deno.test("todayInterval() in Asia/Kolkata (+05:30)", () => {
  assert.equal(
    todayInterval(Date.parse("2026-11-27T10:00:00Z"), "Asia/Kolkata"),
    "2026-11-27T00:00:00.000+05:30/2026-11-27T15:30:00.000+05:30",
  );
  // 20:00 UTC is already the next day in Kolkata.
  assert.equal(
    todayInterval(Date.parse("2026-11-27T20:00:00Z"), "Asia/Kolkata"),
    "2026-11-28T00:00:00.000+05:30/2026-11-28T01:30:00.000+05:30",
  );
});

Deno.test("todayInterval() at local midnight is an empty interval", () => {
  assert.equal(
    todayInterval(Date.parse("2026-11-26T23:00:00Z"), "Europe/Berlin"),
    "2026-11-27T00:00:00.000+01:00/2026-11-27T00:00:00.000+01:00",
  );
});

Deno.test("todayInterval() starts the day at 01:00 where midnight is skipped", () => {
  // Chile springs forward from Saturday 24:00 to Sunday 01:00.
  assert.equal(
    todayInterval(Date.parse("2026-09-06T12:00:00Z"), "America/Santiago"),
    "2026-09-06T01:00:00.000-03:00/2026-09-06T09:00:00.000-03:00",
  );
});

Deno.test("todayInterval() refuses an unknown zone", () => {
  assert.throws(() => todayInterval(0, "Europe/Nowhere"), {
    name: "RangeError",
    message:
      'Cannot compute today interval: unknown time zone "Europe/Nowhere"',
  });
  assert.throws(() => todayInterval(NaN, "UTC"), {
    name: "RangeError",
    message: "Cannot compute today interval: time must be finite, got NaN",
  });
});

Deno.test("localDateOf() gives the calendar date in the zone", () => {
  const t = Date.parse("2026-11-27T23:30:00Z");
  assert.equal(localDateOf(t, "UTC"), "2026-11-27");
  assert.equal(localDateOf(t, "Europe/Berlin"), "2026-11-28");
  assert.equal(localDateOf(t, "America/New_York"), "2026-11-27");
});
