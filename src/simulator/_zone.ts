/**
 * Local days in an IANA time zone, with `Intl` only: where a day starts,
 * where the next one starts, and a `YYYY-MM-DD` key per day.
 *
 * @module
 */

/** Day arithmetic in one time zone. */
export interface Zone {
  readonly name: string;
  /** Epoch ms of the local midnight that starts the day holding `t`. */
  startOfDay(t: number): number;
  /** Start of the day after the one starting at `dayStart`. */
  nextDayStart(dayStart: number): number;
  /** Start of the day before the one starting at `dayStart`. */
  previousDayStart(dayStart: number): number;
  /** Local calendar date of `t`, `YYYY-MM-DD`. */
  dateKey(t: number): string;
}

const HOUR = 3_600_000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Creates the day arithmetic of `name`; throws a RangeError for a zone
 * `Intl` does not know.
 */
export function createZone(name: string): Zone {
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
    throw new RangeError(
      `Cannot create simulator: unknown time zone "${name}"`,
    );
  }

  function parts(t: number): LocalParts {
    const out: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(t))) {
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

  function offset(t: number): number {
    const p = parts(t);
    const local = Date.UTC(
      p.year,
      p.month - 1,
      p.day,
      p.hour,
      p.minute,
      p.second,
    );
    return local - Math.floor(t / 1000) * 1000;
  }

  function startOfDay(t: number): number {
    const p = parts(t);
    const midnight = Date.UTC(p.year, p.month - 1, p.day);
    let guess = midnight - offset(t);
    guess = midnight - offset(guess);
    // Where midnight itself is skipped by a DST change, fall back one hour.
    return guess > t ? guess - HOUR : guess;
  }

  return {
    name,
    startOfDay,
    nextDayStart: (dayStart) => startOfDay(dayStart + 26 * HOUR),
    previousDayStart: (dayStart) => startOfDay(dayStart - 2 * HOUR),
    dateKey(t) {
      const p = parts(t);
      return `${String(p.year).padStart(4, "0")}-${
        String(p.month).padStart(2, "0")
      }-${String(p.day).padStart(2, "0")}`;
    },
  };
}
