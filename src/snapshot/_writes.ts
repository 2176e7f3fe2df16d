/**
 * The entity-key writes of one version (private): each changed entity as
 * its UTF-8 JSON in one or more parts, deletes of removed entities and of
 * parts an entity no longer needs; or, when what KV holds is unknown, a
 * rewrite of every entity.
 *
 * @module
 */

import { entityBytes, split } from "./_codec.ts";
import { type Layout, LIMITS, utf8Bytes } from "./_layout.ts";
import { deleteOf, type Group, type Mutation, setOf } from "./_plan.ts";
import type { VersionRecord } from "./_record.ts";
import type { SnapshotChanges } from "./contracts.ts";
import {
  ENTITY_KINDS,
  type EntityKind,
  NESTED_KINDS,
  type Snapshot,
  type SnapshotData,
} from "./model.ts";
import { flatEntries, lookup, type Nested } from "./_nested.ts";

/** What the writes need from the store. */
export interface WriteDeps {
  kv: Deno.Kv;
  layout: Layout;
  /** Parts each stored entity object takes, once known. */
  parts: WeakMap<object, number>;
}

/** The JSON text of each changed entity (null = removed), by kind and id. */
export type Texts = { [K in EntityKind]: Map<string, string | null> };

/** The JSON texts of the entities `record` changes. */
export function textsOf(record: VersionRecord): Texts {
  const texts = {} as Texts;
  for (const kind of ENTITY_KINDS) {
    const map = new Map<string, string | null>();
    const changed: Record<string, unknown> = record.changes[kind];
    for (const id in changed) {
      const value = changed[id];
      map.set(id, value === null ? null : JSON.stringify(value));
    }
    texts[kind] = map;
  }
  return texts;
}

function partsOf(deps: WriteDeps, entity: object): number {
  const known = deps.parts.get(entity);
  if (known !== undefined) return known;
  const bytes = utf8Bytes(JSON.stringify(entity));
  return Math.max(1, Math.ceil(bytes / LIMITS.partBytes));
}

/** The writes of entity `id`: its parts, and deletes of parts it no longer has. */
function entityGroup(
  deps: WriteDeps,
  kind: EntityKind,
  id: string,
  value: object | undefined,
  text: string | null | undefined,
  oldParts: number,
): Group {
  const mutations: Mutation[] = [];
  let parts = 0;
  if (value !== undefined) {
    const bytes = split(entityBytes(text ?? JSON.stringify(value)));
    bytes.forEach((p, i) =>
      mutations.push(setOf(deps.layout.entity(kind, id, i), p))
    );
    parts = bytes.length;
    deps.parts.set(value, parts);
  }
  for (let i = parts; i < oldParts; i++) {
    mutations.push(deleteOf(deps.layout.entity(kind, id, i)));
  }
  return { label: `the ${kind} entry "${id}"`, mutations };
}

/**
 * The writes of the entities `record` changes against `base`, plus those of
 * `pending`: entities of earlier versions not all written yet.
 */
export function entityWrites(
  deps: WriteDeps,
  record: VersionRecord,
  base: Snapshot | null,
  texts: Texts,
  pending: SnapshotChanges | null,
): Group[] {
  const groups: Group[] = [];
  for (const kind of ENTITY_KINDS) {
    const changed: Record<string, object | null> = record.changes[kind];
    const before = entityIn(kind, base);
    const own = Object.keys(changed);
    const ids = pending ? new Set([...own, ...pending[kind]]) : own;
    for (const id of ids) {
      const old = before(id);
      const value = Object.hasOwn(changed, id) ? changed[id] ?? undefined : old;
      const oldParts = old === undefined ? 0 : partsOf(deps, old);
      const text = texts[kind].get(id);
      groups.push(entityGroup(deps, kind, id, value, text, oldParts));
    }
  }
  return groups;
}

/** Looks up an entity of `kind` in `base` by its (flat) id. */
function entityIn(
  kind: EntityKind,
  base: Snapshot | null,
): (id: string) => object | undefined {
  const map: Record<string, unknown> = base?.[kind] ?? {};
  if (NESTED_KINDS.has(kind)) {
    return (id) => lookup(map as Nested, id) as object | undefined;
  }
  return (id) => Object.hasOwn(map, id) ? map[id] as object : undefined;
}

/** Every entity of `data`, and deletes of every other entity key in KV. */
export async function fullRewrite(
  deps: WriteDeps,
  data: SnapshotData,
  texts: Texts,
): Promise<Group[]> {
  const groups: Group[] = [];
  const written = new Set<string>();
  for (const kind of ENTITY_KINDS) {
    const map: Record<string, unknown> = data[kind];
    const entities = NESTED_KINDS.has(kind)
      ? flatEntries(map as Nested)
      : Object.entries(map);
    for (const [id, entity] of entities) {
      const text = texts[kind].get(id);
      const group = entityGroup(deps, kind, id, entity as object, text, 0);
      for (const m of group.mutations) written.add(JSON.stringify(m.key));
      groups.push(group);
    }
  }
  for await (const { key } of deps.kv.list({ prefix: deps.layout.entities })) {
    if (!written.has(JSON.stringify(key))) {
      groups.push({ label: "a stale entity part", mutations: [deleteOf(key)] });
    }
  }
  return groups;
}
