/**
 * Snapshot ⇄ gzip-compressed JSON chunks small enough for one KV value each
 * (private). KV caps a value at 64 KiB (deno-ecosystem.md §1.1, §1.8).
 *
 * @module
 */

import type { Snapshot } from "./model.ts";

/** Bytes per chunk: under the 64 KiB value cap with room to spare. */
export const CHUNK_BYTES = 60 * 1024;

async function pipe(
  bytes: Uint8Array,
  transform: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Encodes a snapshot as gzip-compressed JSON split into ≤ `CHUNK_BYTES` parts. */
export async function encodeSnapshot(
  snapshot: Snapshot,
  chunkBytes = CHUNK_BYTES,
): Promise<Uint8Array[]> {
  const json = new TextEncoder().encode(JSON.stringify(snapshot));
  const packed = await pipe(json, new CompressionStream("gzip"));
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < packed.length; at += chunkBytes) {
    chunks.push(packed.slice(at, at + chunkBytes));
  }
  if (chunks.length === 0) chunks.push(new Uint8Array(0));
  return chunks;
}

/** Joins and decodes chunks written by `encodeSnapshot`. */
export async function decodeSnapshot(chunks: Uint8Array[]): Promise<Snapshot> {
  let size = 0;
  for (const c of chunks) size += c.length;
  const packed = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    packed.set(c, at);
    at += c.length;
  }
  const json = await pipe(packed, new DecompressionStream("gzip"));
  return JSON.parse(new TextDecoder().decode(json)) as Snapshot;
}
