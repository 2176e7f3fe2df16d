/**
 * Reading the snapshot store back (private): a range of the version log,
 * and a whole snapshot from the entity keys plus the log since `base`.
 *
 * @module
 */

import { decodeEntity, unpackDelta } from "./_codec.ts";
import type { Head, Layout } from "./_layout.ts";
import { applyRecord, parseRecord, type VersionRecord } from "./_record.ts";
import { ENTITY_KINDS, NESTED_KINDS, type Snapshot } from "./model.ts";
import { type Nested, put } from "./_nested.ts";

/** Load attempts while commits keep moving the head or trimming the log. */
const LOAD_ATTEMPTS = 5;

/**
 * The records of versions `from + 1` … `to` of `epoch`, in order; null when
 * one of them is missing (trimmed), unreadable or of another epoch, or when
 * a part was not written by the commit with versionstamp `stamp` (if given).
 */
export async function readRecords(
  kv: Deno.Kv,
  layout: Layout,
  epoch: string,
  from: number,
  to: number,
  stamp?: string,
): Promise<VersionRecord[] | null> {
  if (to <= from) return [];
  const at = layout.logs.length;
  const parts: Uint8Array[][] = [];
  const entries = kv.list<Uint8Array>({
    start: layout.log(from + 1),
    end: layout.log(to + 1),
  }, { batchSize: 500 });
  for await (const entry of entries) {
    const version = entry.key[at] as number;
    const part = entry.key[at + 1];
    const slot = version - from - 1;
    if (slot !== parts.length - 1 && slot !== parts.length) return null;
    if (slot === parts.length) parts.push([]);
    if (part !== parts[slot].length || !(entry.value instanceof Uint8Array)) {
      return null;
    }
    if (stamp !== undefined && entry.versionstamp !== stamp) return null;
    parts[slot].push(entry.value);
  }
  if (parts.length !== to - from) return null;
  const records: VersionRecord[] = [];
  for (let i = 0; i < parts.length; i++) {
    let record: VersionRecord;
    try {
      record = parseRecord(unpackDelta(parts[i]));
    } catch {
      return null; // cut by a trim between list batches
    }
    if (record.epoch !== epoch || record.version !== from + 1 + i) return null;
    records.push(record);
  }
  return records;
}

/** The entities under `layout.entities`, by kind and id. */
async function readEntities(
  kv: Deno.Kv,
  layout: Layout,
): Promise<Record<string, Record<string, unknown>>> {
  const at = layout.entities.length;
  const out: Record<string, Record<string, unknown>> = {};
  for (const kind of ENTITY_KINDS) out[kind] = {};
  let current: { kind: string; id: string; parts: Uint8Array[] } | null = null;
  const finish = () => {
    if (current && Object.hasOwn(out, current.kind)) {
      const value = decodeEntity(current.parts);
      if (NESTED_KINDS.has(current.kind)) {
        put(out[current.kind] as Nested, current.id, value);
      } else {
        out[current.kind][current.id] = value;
      }
    }
    current = null;
  };
  const entries = kv.list<Uint8Array>({ prefix: layout.entities }, {
    batchSize: 1000,
  });
  for await (const { key, value } of entries) {
    const [kind, id, part] = key.slice(at) as [string, string, number?];
    if (!(value instanceof Uint8Array)) continue;
    if (part === undefined) {
      finish();
      current = { kind, id, parts: [value] };
    } else if (
      current?.kind === kind && current.id === id &&
      current.parts.length === part
    ) {
      current.parts.push(value);
    }
  }
  finish();
  return out;
}

/** A loaded snapshot and the change ids of the versions replayed onto it. */
export interface Loaded {
  snapshot: Snapshot;
  replayed: VersionRecord[];
}

/**
 * Loads the newest snapshot: the entity keys (each at some version between
 * `base` and the head), then every logged version after `base` replayed in
 * order, which makes a listing that overlapped commits exact. Null when
 * nothing was ever committed.
 */
export async function loadSnapshot(
  kv: Deno.Kv,
  layout: Layout,
): Promise<Loaded | null> {
  for (let attempt = 1; attempt <= LOAD_ATTEMPTS; attempt++) {
    const [before, baseEntry] = await kv.getMany<[Head, number]>([
      layout.head,
      layout.base,
    ]);
    if (before.value === null) return null;
    const base = typeof baseEntry.value === "number" ? baseEntry.value : 0;
    const entities = await readEntities(kv, layout);
    const head = (await kv.get<Head>(layout.head)).value;
    if (head === null || head.epoch !== before.value.epoch) continue;
    const replayed = await readRecords(
      kv,
      layout,
      head.epoch,
      base,
      head.version,
    );
    if (replayed === null) continue;
    let snapshot = {
      ...head.meta,
      ...entities,
      epoch: head.epoch,
      version: base,
      committedAt: head.committedAt,
    } as Snapshot;
    for (const record of replayed) snapshot = applyRecord(snapshot, record);
    if (snapshot.version !== head.version) continue;
    return { snapshot, replayed };
  }
  throw new Error(
    `Cannot load snapshot: the head moved or the log was cut during ${LOAD_ATTEMPTS} attempts`,
  );
}
