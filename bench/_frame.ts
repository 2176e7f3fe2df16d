/**
 * Frame helpers of the fan-out benchmark: the cheap header parse the
 * subscribers run on every frame, and the padded broadcast message of the
 * baseline server.
 *
 * @module
 */

/** What a subscriber needs from a frame: its type and position fields. */
export interface FrameHead {
  type: "hello" | "snapshot" | "delta" | "other";
  /** `version`, or null when absent. */
  version: number | null;
  /** `prev` of a delta, or null. */
  prev: number | null;
  /** `committedAt` as written (ISO), or null. */
  committedAt: string | null;
}

const TYPE_AT = '{"type":"'.length;

function intAfter(text: string, key: string): number | null {
  const at = text.indexOf(key);
  if (at < 0) return null;
  let i = at + key.length;
  let value = 0;
  let digits = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    digits++;
  }
  return digits === 0 ? null : value;
}

function stringAfter(text: string, key: string): string | null {
  const at = text.indexOf(key);
  if (at < 0) return null;
  const start = at + key.length;
  const end = text.indexOf('"', start);
  return end < 0 ? null : text.slice(start, end);
}

/**
 * Reads `type`, `version`, `prev` and `committedAt` from the head of a
 * frame without parsing the JSON (the protocol puts `type` first and the
 * position fields before the entities).
 *
 * @example
 * ```ts
 * parseHead('{"type":"delta","epoch":"e","version":3,"prev":2,"committedAt":"2026-11-27T10:00:00.000Z"}');
 * // { type: "delta", version: 3, prev: 2, committedAt: "2026-11-27T10:00:00.000Z" }
 * ```
 */
export function parseHead(text: string): FrameHead {
  let type: FrameHead["type"] = "other";
  if (text.startsWith("delta", TYPE_AT)) type = "delta";
  else if (text.startsWith("snapshot", TYPE_AT)) type = "snapshot";
  else if (text.startsWith("hello", TYPE_AT)) type = "hello";
  if (type === "other") {
    return { type, version: null, prev: null, committedAt: null };
  }
  return {
    type,
    version: intAfter(text, '"version":'),
    prev: type === "delta" ? intAfter(text, '"prev":') : null,
    committedAt: type === "hello" ? null : stringAfter(text, '"committedAt":"'),
  };
}

/**
 * The baseline's broadcast message: a delta-shaped head (`version`, `prev`,
 * `committedAt`) padded with a `pad` string to exactly `bytes` UTF-8 bytes
 * (or the head alone when `bytes` is smaller).
 *
 * @example
 * ```ts
 * const text = paddedMessage(200, 5, 4, new Date().toISOString());
 * new TextEncoder().encode(text).length; // 200
 * ```
 */
export function paddedMessage(
  bytes: number,
  version: number,
  prev: number,
  committedAt: string,
): string {
  if (!Number.isInteger(bytes) || bytes < 0) {
    throw new RangeError(
      `Cannot build baseline message: size "${bytes}" is not a non-negative integer`,
    );
  }
  const head =
    `{"type":"delta","version":${version},"prev":${prev},"committedAt":"${committedAt}","pad":"`;
  const padLength = Math.max(0, bytes - head.length - 2);
  return `${head}${"x".repeat(padLength)}"}`;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of `value` as JSON: what a frame of it costs on the wire. */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).byteLength;
}
