/**
 * Wall-clock time of one local day, DST included: which local hour an
 * instant falls in, and which instant a local time of day is. A 23-hour day
 * skips the hour after its transition, a 25-hour day repeats one.
 *
 * @module
 */

import type { Zone } from "../time_zone.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One local day of a zone. */
export interface LocalDay {
  /** First instant of the day (local midnight or the first one after it). */
  start: number;
  /** First instant of the next day. */
  end: number;
  /** Local hours since midnight at `t` (23.5 = 23:30), DST included. */
  hourOf(t: number): number;
  /**
   * The instant of `minutes` local minutes after midnight; minutes past the
   * day's last run on into the next day, a time skipped by a DST jump is the
   * jump itself.
   */
  at(minutes: number): number;
}

/** The UTC offset of `zone` at `t`, in minutes. */
export function offsetMinutes(zone: Zone, t: number): number {
  const iso = zone.isoWithOffset(t);
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

/** The local day of `zone` that starts at `dayStart`. */
export function localDay(zone: Zone, dayStart: number): LocalDay {
  const end = zone.nextDayStart(dayStart);
  const first = offsetMinutes(zone, dayStart);
  const shift = offsetMinutes(zone, end - 1) - first;
  // The DST transition: the first instant with the day's last offset.
  let lo = dayStart;
  let hi = end - 1;
  if (shift !== 0) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetMinutes(zone, mid) === first) lo = mid;
      else hi = mid;
    }
  }
  const jump = shift === 0 ? Infinity : hi;
  const jumpMinutes = (jump - dayStart) / MINUTE;
  const length = (end - dayStart) / MINUTE + shift;
  return {
    start: dayStart,
    end,
    hourOf(t) {
      const elapsed = t - dayStart;
      return (t < jump ? elapsed : elapsed + shift * MINUTE) / HOUR;
    },
    at(minutes) {
      if (minutes >= length) return end + (minutes - length) * MINUTE;
      if (minutes < jumpMinutes) return dayStart + minutes * MINUTE;
      if (minutes < jumpMinutes + shift) return jump;
      return dayStart + (minutes - shift) * MINUTE;
    },
  };
}
