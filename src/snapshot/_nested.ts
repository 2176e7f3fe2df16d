/**
 * The nested entity kinds (private): maps of queue id → (interval start →
 * entity) whose entities are stored, logged and diffed one interval at a
 * time under the flat id `"<queueId>|<start>"`. A version copies only the
 * inner maps of queues that changed; an inner map nothing changed in is the
 * same object from version to version, which the diffs rely on.
 *
 * @module
 */

/** A nested kind's map: outer id → inner id → entity. */
export type Nested = Record<string, Record<string, unknown>>;

/** The flat id of an inner entity. */
export function nestedId(outer: string, inner: string): string {
  return `${outer}|${inner}`;
}

/** The outer and inner ids of a flat id (the inner id has no `|` of its own). */
export function splitId(id: string): [outer: string, inner: string] {
  const at = id.lastIndexOf("|");
  return [id.slice(0, at), id.slice(at + 1)];
}

/** Every entity of `map` with its flat id. */
export function* flatEntries(map: Nested): Generator<[string, unknown]> {
  for (const outer in map) {
    const inner = map[outer];
    for (const id in inner) yield [nestedId(outer, id), inner[id]];
  }
}

/** The entity with flat id `id`, or undefined. */
export function lookup(map: Nested, id: string): unknown {
  const [outer, inner] = splitId(id);
  const entities = Object.hasOwn(map, outer) ? map[outer] : undefined;
  return entities && Object.hasOwn(entities, inner)
    ? entities[inner]
    : undefined;
}

/** Sets (or, with `undefined`, deletes) the entity with flat id `id` in place. */
export function put(map: Nested, id: string, value: unknown): void {
  const [outer, inner] = splitId(id);
  if (value === undefined) {
    if (!Object.hasOwn(map, outer)) return;
    delete map[outer][inner];
    for (const _ in map[outer]) return;
    delete map[outer];
    return;
  }
  if (!Object.hasOwn(map, outer)) map[outer] = {};
  map[outer][inner] = value;
}

/**
 * Calls `changed(flatId, after)` for every entity added, removed (`after`
 * undefined) or differing by `same` from `before` to `after`; inner maps
 * that are the same object are skipped unopened.
 */
export function eachChange(
  before: Nested,
  after: Nested,
  same: (a: unknown, b: unknown) => boolean,
  changed: (id: string, value: unknown) => void,
): void {
  for (const outer in before) {
    if (!Object.hasOwn(after, outer)) {
      for (const id in before[outer]) changed(nestedId(outer, id), undefined);
    }
  }
  for (const outer in after) {
    const next = after[outer];
    const prev = Object.hasOwn(before, outer) ? before[outer] : {};
    if (prev === next) continue;
    for (const id in prev) {
      if (!Object.hasOwn(next, id)) changed(nestedId(outer, id), undefined);
    }
    for (const id in next) {
      if (!Object.hasOwn(prev, id) || !same(prev[id], next[id])) {
        changed(nestedId(outer, id), next[id]);
      }
    }
  }
}

/**
 * `base` with `changes` (flat ids; null = removed) applied: a new outer map
 * whose inner maps are shared with `base` except where something changed.
 */
export function applyNested(
  base: Nested,
  changes: Record<string, unknown>,
): Nested {
  const out: Nested = {};
  for (const outer in base) out[outer] = base[outer];
  const copied = new Set<string>();
  for (const id in changes) {
    const [outer, inner] = splitId(id);
    if (!copied.has(outer)) {
      copied.add(outer);
      out[outer] = Object.hasOwn(out, outer) ? { ...out[outer] } : {};
    }
    const value = changes[id];
    if (value === null) delete out[outer][inner];
    else out[outer][inner] = value;
  }
  for (const outer of copied) {
    if (Object.keys(out[outer]).length === 0) delete out[outer];
  }
  return out;
}
