/**
 * Where the snapshot store keeps what in Deno KV (private), and Deno KV's
 * per-commit limits that shape how a version is written.
 *
 * Under the prefix:
 * - `epoch`: the id of the KV series (string);
 * - `head`: the newest version (`Head`), the one key watchers watch;
 * - `base`: a version at or below `head` that every entity key reflects;
 * - `e, kind, id` (and `e, kind, id, i` for parts after the first): the
 *   entity as UTF-8 JSON, at some version in `base..head`;
 * - `log, version, i`: that version's delta, gzip JSON in parts.
 *
 * @module
 */

import type { EntityKind, SnapshotMeta } from "./model.ts";

/** The value of the `head` key. */
export interface Head {
  epoch: string;
  version: number;
  committedAt: string;
  meta: SnapshotMeta;
}

/** The keys of one store. */
export interface Layout {
  epoch: Deno.KvKey;
  head: Deno.KvKey;
  base: Deno.KvKey;
  /** Prefix of every entity key. */
  entities: Deno.KvKey;
  /** Prefix of every log key. */
  logs: Deno.KvKey;
  entity(kind: EntityKind, id: string, part: number): Deno.KvKey;
  log(version: number, part?: number): Deno.KvKey;
}

/** The keys of a store under `prefix`. */
export function layoutOf(prefix: Deno.KvKey): Layout {
  const entities = [...prefix, "e"];
  const logs = [...prefix, "log"];
  return {
    epoch: [...prefix, "epoch"],
    head: [...prefix, "head"],
    base: [...prefix, "base"],
    entities,
    logs,
    entity: (kind, id, part) =>
      part === 0 ? [...entities, kind, id] : [...entities, kind, id, part],
    log: (version, part) =>
      part === undefined ? [...logs, version] : [...logs, version, part],
  };
}

/**
 * Deno KV's limits, with room to spare: bytes per value, and per atomic
 * commit the mutations, the bytes of keys plus values, and the bytes of keys.
 * A commit with ≤ 10 checks also runs on self-hosted denokv.
 */
export const LIMITS = {
  partBytes: 60 * 1024,
  mutations: 990,
  bytes: 780 * 1024,
  keyBytes: 76 * 1024,
} as const;

/** Bytes of `text` as UTF-8. */
export function utf8Bytes(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

/**
 * Bytes of `key` as KV encodes it (a type byte per part; strings with a
 * terminator and NUL escaped; numbers as 8 bytes), rounded up.
 */
export function keyBytes(key: Deno.KvKey): number {
  let n = 0;
  for (const part of key) {
    if (typeof part === "string") {
      n += 2 + utf8Bytes(part);
      for (
        let at = part.indexOf("\0");
        at >= 0;
        at = part.indexOf("\0", at + 1)
      ) n++;
    } else if (part instanceof Uint8Array) n += 2 + 2 * part.length;
    else n += 10;
  }
  return n;
}
