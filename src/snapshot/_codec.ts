/**
 * Snapshot ⇄ gzip-compressed JSON chunks small enough for one KV value each
 * (private). KV caps a value at 64 KiB (deno-ecosystem.md §1.1, §1.8).
 *
 * @module
 */

import { gunzipSync, gzipSync } from "node:zlib";
import type { Snapshot } from "./model.ts";

/** Bytes per chunk: under the 64 KiB value cap with room to spare. */
export const CHUNK_BYTES = 60 * 1024;

/**
 * gzip level: 2 packs a 1,000-queue, 5,000-agent snapshot (2.6 MB of JSON)
 * to about 560 KB, inside one 800 KiB atomic commit, in under half
 * the time of the default level (bench/micro_bench.ts).
 */
const GZIP_LEVEL = 2;

/** Encodes a snapshot as gzip-compressed JSON split into ≤ `CHUNK_BYTES` parts. */
export function encodeSnapshot(
  snapshot: Snapshot,
  chunkBytes = CHUNK_BYTES,
): Uint8Array[] {
  const json = new TextEncoder().encode(JSON.stringify(snapshot));
  const packed = gzipSync(json, { level: GZIP_LEVEL });
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < packed.length; at += chunkBytes) {
    chunks.push(packed.slice(at, at + chunkBytes));
  }
  if (chunks.length === 0) chunks.push(new Uint8Array(0));
  return chunks;
}

/** Joins and decodes chunks written by `encodeSnapshot`. */
export function decodeSnapshot(chunks: Uint8Array[]): Snapshot {
  let size = 0;
  for (const c of chunks) size += c.length;
  const packed = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    packed.set(c, at);
    at += c.length;
  }
  const json = gunzipSync(packed);
  return JSON.parse(new TextDecoder().decode(json)) as Snapshot;
}
