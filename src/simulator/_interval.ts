/**
 * ISO-8601 intervals and periods of aggregate queries (`start/end` with
 * offsets; `granularity` such as `PT30M`, `P1D`), and the buckets a
 * granularity cuts an interval into.
 *
 * Buckets start at the interval start. Hours, minutes and seconds are exact
 * durations; days and weeks are calendar days in the query's `timeZone`, so
 * a `P1D` bucket of a DST day lasts 23 or 25 hours. The last bucket ends at
 * the interval end.
 *
 * @module
 */

import { badRequest } from "./_errors.ts";
import { offsetMinutes } from "./_local_day.ts";
import type { Zone } from "../time_zone.ts";

const INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const PERIOD =
  /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
/** A period with years or months (valid ISO-8601, not supported here). */
const CALENDAR =
  /^P(?:\d+Y(?:\d+M)?|\d+M)(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;
const DAY_MS = 86_400_000;

/** A granularity: whole local days plus an exact duration. */
export interface Period {
  days: number;
  ms: number;
}

/** Parses `start/end`; 400 when malformed or empty. */
export function parseInterval(value: unknown): { start: number; end: number } {
  if (value === undefined) {
    throw badRequest('Cannot parse query: "interval" is required');
  }
  const text = typeof value === "string" ? value : "";
  const parts = text.split("/");
  const [start, end] = parts.map((p) => INSTANT.test(p) ? Date.parse(p) : NaN);
  if (parts.length !== 2 || Number.isNaN(start) || Number.isNaN(end)) {
    throw badRequest(
      `Cannot parse interval: ${
        JSON.stringify(value)
      } is not an ISO-8601 interval "start/end"`,
    );
  }
  if (end <= start) {
    throw badRequest(
      `Cannot parse interval: end must be after start in "${text}"`,
    );
  }
  return { start, end };
}

/** Parses an ISO-8601 period of weeks, days, hours, minutes and seconds. */
export function parseGranularity(value: unknown): Period {
  const m = typeof value === "string" ? PERIOD.exec(value) : null;
  const [w, d, h, min, s] = (m ?? []).slice(1).map((x) => Number(x ?? 0));
  const period = m
    ? { days: w * 7 + d, ms: ((h * 60 + min) * 60 + s) * 1000 }
    : { days: 0, ms: 0 };
  if (!m && typeof value === "string" && CALENDAR.test(value)) {
    throw badRequest(
      `Cannot parse granularity: months and years are not supported, got ${
        JSON.stringify(value)
      }`,
    );
  }
  if (period.days === 0 && period.ms === 0) {
    throw badRequest(
      `Cannot parse granularity: ${
        JSON.stringify(value)
      } is not an ISO-8601 period`,
    );
  }
  return period;
}

/** `t` plus `days` calendar days in `zone` (same wall-clock time). */
function addLocalDays(zone: Zone, t: number, days: number): number {
  if (days === 0) return t;
  const naive = t + days * DAY_MS;
  const shift = offsetMinutes(zone, t) - offsetMinutes(zone, naive);
  return naive + shift * 60_000;
}

/**
 * Bucket boundaries of [start, end) for `period` in `zone`: start, …, end.
 * Throws a 400 when there would be more than `max` buckets.
 */
export function bucketBounds(
  start: number,
  end: number,
  period: Period,
  zone: Zone,
  max: number,
): number[] {
  const bounds = [start];
  let at = start;
  while (at < end) {
    if (bounds.length > max) {
      throw badRequest(`Cannot parse granularity: more than ${max} intervals`);
    }
    at = Math.max(addLocalDays(zone, at, period.days) + period.ms, at + 1);
    bounds.push(Math.min(at, end));
  }
  return bounds;
}
