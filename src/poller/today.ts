/**
 * "Today" in the configured time zone: the ISO interval from local midnight
 * to now that the aggregates query asks for. Genesys uses the offsets
 * written in the interval even when `timeZone` is given (genesys-api.md
 * §3.1), so both ends carry their own offset; on a DST day midnight's offset
 * differs from now's.
 *
 * @module
 */

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DAY_BEFORE_MS = 15 * 3600_000;

/**
 * The ISO interval `<local midnight>/<now>` of `nowMs` in `timeZone`, each
 * end with its UTC offset (`Z` when the offset is zero).
 *
 * @example
 * ```ts
 * todayInterval(Date.parse("2026-11-27T13:35:00Z"), "Europe/Berlin");
 * // "2026-11-27T00:00:00.000+01:00/2026-11-27T14:35:00.000+01:00"
 * ```
 */
export function todayInterval(nowMs: number, timeZone: string): string {
  const format = formatterOf(nowMs, timeZone);
  const start = startOfLocalDay(nowMs, format);
  return `${isoWithOffset(start, format)}/${isoWithOffset(nowMs, format)}`;
}

/**
 * The local calendar date (`YYYY-MM-DD`) of `nowMs` in `timeZone`; when it
 * changes, "today" starts over.
 *
 * @example
 * ```ts
 * localDateOf(Date.parse("2026-11-27T23:30:00Z"), "Europe/Berlin"); // "2026-11-28"
 * ```
 */
export function localDateOf(nowMs: number, timeZone: string): string {
  return dateKey(partsOf(nowMs, formatterOf(nowMs, timeZone)));
}

function formatterOf(nowMs: number, timeZone: string): Intl.DateTimeFormat {
  if (!Number.isFinite(nowMs)) {
    throw new RangeError(
      `Cannot compute today interval: time must be finite, got ${nowMs}`,
    );
  }
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone,
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
      `Cannot compute today interval: unknown time zone "${timeZone}"`,
    );
  }
}

function partsOf(ms: number, format: Intl.DateTimeFormat): LocalParts {
  const out: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour,
    minute: out.minute,
    second: out.second,
  };
}

function dateKey(p: LocalParts): string {
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

/**
 * The first instant whose local date is the local date of `nowMs`: a binary
 * search, since local midnight may not exist (a DST jump at 00:00 starts the
 * day at 01:00) and its offset may differ from now's.
 */
function startOfLocalDay(nowMs: number, format: Intl.DateTimeFormat): number {
  const today = dateKey(partsOf(nowMs, format));
  const p = partsOf(nowMs, format);
  // Local time is at most 14 h ahead of UTC, so this instant is still
  // "yesterday" locally.
  let lo = Date.UTC(p.year, p.month - 1, p.day) - DAY_BEFORE_MS;
  let hi = nowMs;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dateKey(partsOf(mid, format)) >= today) hi = mid;
    else lo = mid;
  }
  return hi;
}

function isoWithOffset(ms: number, format: Intl.DateTimeFormat): string {
  const p = partsOf(ms, format);
  const millis = ((ms % 1000) + 1000) % 1000;
  const localAsUtc = Date.UTC(
    p.year,
    p.month - 1,
    p.day,
    p.hour,
    p.minute,
    p.second,
    millis,
  );
  const offsetMin = Math.round((localAsUtc - ms) / 60_000);
  return `${dateKey(p)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${
    pad(p.second, 2)
  }.${pad(millis, 3)}${offsetText(offsetMin)}`;
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
