/**
 * Time helpers of the snapshot room (private).
 *
 * @module
 */

/** Epoch ms → ISO-8601 UTC with milliseconds. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** Already canonical: what Genesys sends, and what `toISOString` gives. */
const CANONICAL_ISO = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** A date string normalised to ISO with milliseconds, or null if unparsable. */
export function isoOrNull(value: string | null | undefined): string | null {
  if (typeof value !== "string" || value === "") return null;
  // Parsing and formatting every agent's timestamps was 40% of a build;
  // a canonical string that is a real date is returned as it is.
  const ms = Date.parse(value);
  if (CANONICAL_ISO.test(value) && sameDay(ms, value)) return value;
  return isoOfOrNull(ms);
}

/** Epoch ms → ISO, or null when `ms` is not a representable date. */
export function isoOfOrNull(ms: number): string | null {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** True when `ms` falls on the day written in `iso` (no "Feb 30" roll-over). */
function sameDay(ms: number, iso: string): boolean {
  return new Date(ms).getUTCDate() === Number(iso.slice(8, 10));
}
