/**
 * A Deno KV handle that counts the bytes going in and out: keys (as KV
 * encodes them, approximately: a type byte per part, strings as UTF-8 plus a
 * terminator, numbers as 8 bytes) plus values (a `Uint8Array` by length,
 * any other value by the length of its JSON).
 *
 * @module
 */

/** Bytes counted so far. */
export interface KvMeter {
  written: number;
  read: number;
  /** Atomic commits (and plain sets and deletes). */
  commits: number;
}

const encoder = new TextEncoder();

function keySize(key: Deno.KvKey): number {
  let n = 0;
  for (const part of key) {
    n += typeof part === "string" ? 2 + encoder.encode(part).length : 9;
  }
  return n;
}

function valueSize(value: unknown): number {
  if (value instanceof Uint8Array) return value.length;
  return encoder.encode(JSON.stringify(value) ?? "").length;
}

function entrySize(entry: Deno.KvEntryMaybe<unknown>): number {
  return entry.value === null ? 0 : keySize(entry.key) + valueSize(entry.value);
}

/**
 * Wraps `kv` so that `meter` counts what goes through it.
 *
 * @example
 * ```ts
 * const meter = { written: 0, read: 0, commits: 0 };
 * const store = createSnapshotStore({ kv: metered(kv, meter), clock });
 * ```
 */
export function metered(kv: Deno.Kv, meter: KvMeter): Deno.Kv {
  function atomic(): Deno.AtomicOperation {
    const op = kv.atomic();
    let bytes = 0;
    const set = op.set.bind(op);
    const del = op.delete.bind(op);
    const commit = op.commit.bind(op);
    op.set = (key, value, options) => {
      bytes += keySize(key) + valueSize(value);
      return set(key, value, options);
    };
    op.delete = (key) => {
      bytes += keySize(key);
      return del(key);
    };
    op.commit = async () => {
      const result = await commit();
      meter.commits++;
      if (result.ok) meter.written += bytes;
      return result;
    };
    return op;
  }
  async function get(
    key: Deno.KvKey,
    options?: { consistency?: Deno.KvConsistencyLevel },
  ) {
    const entry = await kv.get(key, options);
    meter.read += entrySize(entry);
    return entry;
  }
  async function getMany(
    keys: Deno.KvKey[],
    options?: { consistency?: Deno.KvConsistencyLevel },
  ) {
    const entries = await kv.getMany(keys, options);
    for (const e of entries) meter.read += entrySize(e);
    return entries;
  }
  async function* list(
    selector: Deno.KvListSelector,
    options?: Deno.KvListOptions,
  ) {
    for await (const entry of kv.list(selector, options)) {
      meter.read += entrySize(entry);
      yield entry;
    }
  }
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "atomic") return atomic;
      if (prop === "get") return get;
      if (prop === "getMany") return getMany;
      if (prop === "list") return list;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
