/**
 * Local days in an IANA time zone with `Intl` only: where a day starts, its
 * `YYYY-MM-DD` key, and ISO times with the zone's offset. Shared by the
 * poller ("today" for the aggregates query) and the simulator (its day).
 *
 * @module
 */

/** Day arithmetic in one time zone. */
export interface Zone {
  readonly name: string;
  /** Epoch ms of the first instant of the local day holding `t`. */
  startOfDay(t: number): number;
  /** Start of the day after the one starting at `dayStart`. */
  nextDayStart(dayStart: number): number;
  /** Start of the day before the one starting at `dayStart`. */
  previousDayStart(dayStart: number): number;
  /** Local calendar date of `t`, `YYYY-MM-DD`. */
  dateKey(t: number): string;
  /** `t` as local ISO time with its offset (`Z` when the offset is zero). */
  isoWithOffset(t: number): string;
}

const HOUR = 3_600_000;
/** Local time is at most 14 h ahead of UTC: this far back is still "yesterday". */
const DAY_BEFORE_MS = 15 * HOUR;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Creates the day arithmetic of zone `name`. An unknown zone throws a
 * `RangeError` reading `Cannot <action>: unknown time zone "<name>"`.
 *
 * @example
 * ```ts
 * const zone = createZone("Europe/Berlin");
 * zone.isoWithOffset(zone.startOfDay(Date.parse("2026-11-27T13:35:00Z")));
 * // "2026-11-27T00:00:00.000+01:00"
 * ```
 */
export function createZone(name: string, action = "use time zone"): Zone {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  } catch {
    throw new RangeError(`Cannot ${action}: unknown time zone "${name}"`);
  }

  function parts(t: number): LocalParts {
    const out: Record<string, number> = {};
    for (const p of format.formatToParts(t)) {
      if (p.type !== "literal") out[p.type] = Number(p.value);
    }
    return {
      year: out.year,
      month: out.month,
      day: out.day,
      hour: out.hour % 24,
      minute: out.minute,
      second: out.second,
    };
  }

  function dateKey(t: number): string {
    const p = parts(t);
    return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
  }

  // The first instant whose local date is that of `t`: a binary search,
  // since local midnight may not exist (a DST jump at 00:00 starts the day
  // at 01:00) and its offset may differ from `t`'s.
  function startOfDay(t: number): number {
    const today = dateKey(t);
    const p = parts(t);
    let lo = Date.UTC(p.year, p.month - 1, p.day) - DAY_BEFORE_MS;
    let hi = t;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (dateKey(mid) >= today) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  function isoWithOffset(t: number): string {
    const p = parts(t);
    const millis = ((t % 1000) + 1000) % 1000;
    const localAsUtc = Date.UTC(
      p.year,
      p.month - 1,
      p.day,
      p.hour,
      p.minute,
      p.second,
      millis,
    );
    const offset = Math.round((localAsUtc - t) / 60_000);
    const clock = `${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}`;
    return `${dateKey(t)}T${clock}.${pad(millis, 3)}${offsetText(offset)}`;
  }

  return {
    name,
    startOfDay,
    nextDayStart: (dayStart) => startOfDay(dayStart + 26 * HOUR),
    previousDayStart: (dayStart) => startOfDay(dayStart - 2 * HOUR),
    dateKey,
    isoWithOffset,
  };
}

/**
 * The canonical name of IANA zone `name` (`europe/berlin` →
 * `Europe/Berlin`), or null when `Intl` does not know it.
 */
export function canonicalTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name })
      .resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function offsetText(minutes: number): string {
  if (minutes === 0) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
