/**
 * "Today" in the configured time zone: the ISO interval from local midnight
 * to now that the aggregates query asks for. Genesys uses the offsets
 * written in the interval even when `timeZone` is given
 * (`ConversationAggregationQuery` in the SDK docs of
 * `MyPureCloud/platform-client-sdk-java`), so both ends carry their own
 * offset; on a DST day midnight's offset differs from now's.
 *
 * @module
 */

import { createZone } from "../time_zone.ts";

const ACTION = "compute today interval";

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
  checkTime(nowMs);
  const zone = createZone(timeZone, ACTION);
  return `${zone.isoWithOffset(zone.startOfDay(nowMs))}/${
    zone.isoWithOffset(nowMs)
  }`;
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
  checkTime(nowMs);
  return createZone(timeZone, ACTION).dateKey(nowMs);
}

function checkTime(nowMs: number): void {
  if (!Number.isFinite(nowMs)) {
    throw new RangeError(
      `Cannot compute today interval: time must be finite, got ${nowMs}`,
    );
  }
}
