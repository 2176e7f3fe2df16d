/**
 * One version as the log holds it (private): the snapshot's meta and the
 * whole entities that changed, per kind; and the pure steps around it:
 * find what changed, apply a version to a snapshot, merge change sets.
 *
 * @module
 */

import type { SnapshotChanges } from "./contracts.ts";
import {
  ENTITY_KINDS,
  type EntityKind,
  type EntityOf,
  NESTED_KINDS,
  type Snapshot,
  type SnapshotData,
  type SnapshotMeta,
} from "./model.ts";
import { applyNested, eachChange, type Nested } from "./_nested.ts";

/** Whole changed entities by kind and (flat) id; null = removed. */
export type EntityChanges = {
  [K in EntityKind]: Record<string, EntityOf<K> | null>;
};

/** One version: what the log holds and followers apply. */
export interface VersionRecord {
  epoch: string;
  version: number;
  committedAt: string;
  meta: SnapshotMeta;
  changes: EntityChanges;
}

type Entities = Record<string, unknown>;

/**
 * Equality of JSON values (key order ignored). Fields are read without an
 * own-property check: an inherited member is a function, never equal to a
 * JSON value, and a missing key shows in the key count.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x !== y && (typeof x !== "object" || !sameJson(x, y))) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Entities;
  const y = b as Entities;
  let count = 0;
  for (const key in x) {
    const u = x[key];
    const v = y[key];
    if (u !== v && (typeof u !== "object" || !sameJson(u, v))) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
}

/** The snapshot's fields that are not entity maps. */
export function metaOf(data: SnapshotData): SnapshotMeta {
  const meta: Record<string, unknown> = { ...data };
  for (const kind of ENTITY_KINDS) delete meta[kind];
  return meta as SnapshotMeta;
}

/** What turns `base` into `data`, entity by entity (all of it for null). */
export function diffEntities(
  base: SnapshotData | null,
  data: SnapshotData,
): EntityChanges {
  const changes = {} as Record<EntityKind, Entities>;
  for (const kind of ENTITY_KINDS) {
    const before: Entities = base?.[kind] ?? {};
    const after: Entities = data[kind];
    const out: Entities = {};
    changes[kind] = out;
    if (NESTED_KINDS.has(kind)) {
      eachChange(before as Nested, after as Nested, sameJson, (id, value) => {
        out[id] = value ?? null;
      });
      continue;
    }
    for (const id in before) if (!Object.hasOwn(after, id)) out[id] = null;
    for (const id in after) {
      const value = after[id];
      const old = before[id];
      if (
        old === undefined || !sameJson(old, value) ||
        !Object.hasOwn(before, id)
      ) out[id] = value;
    }
  }
  return changes as EntityChanges;
}

/**
 * The snapshot `record` makes of `base` (not modified; null = empty).
 * `built`, the data the record was diffed from, gives the nested kinds'
 * maps as they are (equal by construction): the leader's next diff then
 * finds its unchanged queues' maps identical and skips them unopened.
 */
export function applyRecord(
  base: Snapshot | null,
  record: VersionRecord,
  built?: SnapshotData,
): Snapshot {
  const out: Record<string, unknown> = {
    ...record.meta,
    epoch: record.epoch,
    version: record.version,
    committedAt: record.committedAt,
  };
  for (const kind of ENTITY_KINDS) {
    const before: Entities | undefined = base?.[kind];
    const changed: Entities = record.changes[kind];
    if (built !== undefined && NESTED_KINDS.has(kind)) {
      out[kind] = built[kind];
      continue;
    }
    if (before !== undefined && isEmpty(changed)) {
      // Snapshots are never modified: an unchanged kind shares its map
      // (the trend's thousands of intervals between aggregate refreshes).
      out[kind] = before;
      continue;
    }
    if (NESTED_KINDS.has(kind)) {
      out[kind] = applyNested((before ?? {}) as Nested, changed);
      continue;
    }
    // A copying loop: 2–3× faster than a spread of a large record.
    const entities: Entities = {};
    for (const id in before) entities[id] = before[id];
    for (const id in changed) {
      const value = changed[id];
      if (value === null) delete entities[id];
      else entities[id] = value;
    }
    out[kind] = entities;
  }
  return out as unknown as Snapshot;
}

function isEmpty(entities: Entities): boolean {
  for (const _ in entities) return false;
  return true;
}

/** An empty change set. */
export function noChanges(): SnapshotChanges {
  const out = {} as SnapshotChanges;
  for (const kind of ENTITY_KINDS) out[kind] = new Set();
  return out;
}

/** The ids of `changes`, per kind. */
export function idsOf(changes: EntityChanges): SnapshotChanges {
  const out = {} as SnapshotChanges;
  for (const kind of ENTITY_KINDS) {
    out[kind] = new Set(Object.keys(changes[kind]));
  }
  return out;
}

/** Adds the ids of `more` to `into` and returns `into`. */
export function addChanges(
  into: SnapshotChanges,
  more: SnapshotChanges,
): SnapshotChanges {
  for (const kind of ENTITY_KINDS) {
    for (const id of more[kind]) into[kind].add(id);
  }
  return into;
}

/** The JSON text of `record`, with each changed entity's text from `texts`. */
export function recordJson(
  record: Omit<VersionRecord, "changes">,
  texts: { [K in EntityKind]: Map<string, string | null> },
): string {
  let kinds = "";
  for (const kind of ENTITY_KINDS) {
    let body = "";
    for (const [id, text] of texts[kind]) {
      body += `${body ? "," : ""}${JSON.stringify(id)}:${text ?? "null"}`;
    }
    kinds += `${kinds ? "," : ""}"${kind}":{${body}}`;
  }
  const head = JSON.stringify(record);
  return `${head.slice(0, -1)},"changes":{${kinds}}}`;
}

/** Parses the JSON text of a record; a kind it lacks changed nothing. */
export function parseRecord(json: string): VersionRecord {
  const record = JSON.parse(json) as Partial<VersionRecord> | null;
  if (
    typeof record?.epoch !== "string" ||
    !Number.isSafeInteger(record.version) ||
    typeof record.changes !== "object" || record.changes === null
  ) {
    throw new TypeError("Cannot parse snapshot delta: not a version record");
  }
  for (const kind of ENTITY_KINDS) {
    (record.changes as Record<string, unknown>)[kind] ??= {};
  }
  return record as VersionRecord;
}
