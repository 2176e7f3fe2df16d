/**
 * Quoting of client-supplied values in error messages: JSON-quoted and cut
 * to a bounded length, so a bad frame is never echoed back at full size.
 *
 * @module
 */

/** Longest client value quoted in a message, characters. */
const MAX_QUOTED = 64;

/** `value` JSON-quoted, cut to 64 characters with an ellipsis. */
export function quoted(value: string): string {
  const cut = value.length > MAX_QUOTED
    ? `${value.slice(0, MAX_QUOTED)}…`
    : value;
  return JSON.stringify(cut);
}
