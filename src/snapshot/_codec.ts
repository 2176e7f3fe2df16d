/**
 * The bytes of the snapshot store (private): an entity is its UTF-8 JSON, a
 * version's delta is gzip-compressed JSON; both are split into parts that fit
 * one KV value (64 KiB cap).
 *
 * @module
 */

import { gunzipSync, gzipSync } from "node:zlib";
import { LIMITS } from "./_layout.ts";

/**
 * gzip level: 1 packs a delta about 5× (JSON of whole entities repeats its
 * field names) at the lowest cost to the committing leader.
 */
const GZIP_LEVEL = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Splits `bytes` into parts of at most `partBytes` (one part when it fits). */
export function split(
  bytes: Uint8Array,
  partBytes: number = LIMITS.partBytes,
): Uint8Array[] {
  if (bytes.length <= partBytes) return [bytes];
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += partBytes) {
    parts.push(bytes.slice(at, at + partBytes));
  }
  return parts;
}

/** Joins parts written by `split`. */
export function join(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The UTF-8 bytes of an entity's JSON text. */
export function entityBytes(json: string): Uint8Array {
  return encoder.encode(json);
}

/** Parses an entity from its parts. */
export function decodeEntity(parts: readonly Uint8Array[]): unknown {
  return JSON.parse(decoder.decode(join(parts)));
}

/** Compresses a delta's JSON text. */
export function packDelta(json: string): Uint8Array {
  return gzipSync(encoder.encode(json), { level: GZIP_LEVEL });
}

/** The JSON text of a delta packed by `packDelta` (gzip checks its length and CRC). */
export function unpackDelta(parts: readonly Uint8Array[]): string {
  return decoder.decode(gunzipSync(join(parts)));
}
