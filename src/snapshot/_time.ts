/**
 * Time helpers of the snapshot room (private).
 *
 * @module
 */

/** Epoch ms → ISO-8601 UTC with milliseconds. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** A date string normalised to ISO with milliseconds, or null if unparsable. */
export function isoOrNull(value: string | null | undefined): string | null {
  if (typeof value !== "string" || value === "") return null;
  return isoOfOrNull(Date.parse(value));
}

/** Epoch ms → ISO, or null when `ms` is not a representable date. */
export function isoOfOrNull(ms: number): string | null {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
