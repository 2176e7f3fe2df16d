/**
 * Packing KV mutations into atomic commits under Deno KV's limits
 * (private): mutations per commit, bytes of keys plus values, bytes of keys.
 *
 * @module
 */

import { keyBytes, LIMITS } from "./_layout.ts";

/** One set (`value` given) or delete (`value` undefined) with its size. */
export interface Mutation {
  key: Deno.KvKey;
  value?: unknown;
  /** Bytes of the value as stored (0 for a delete). */
  bytes: number;
  expireIn?: number;
}

/** Mutations that must land in the same commit, named for errors. */
export interface Group {
  label: string;
  mutations: Mutation[];
}

/**
 * What a commit uses of the limits. Deno KV counts each key twice towards
 * the total (measured: 800 sets of 1,000-byte values under 12-byte keys
 * fit in 819,200 bytes, 801 do not).
 */
export interface Usage {
  mutations: number;
  bytes: number;
  keyBytes: number;
}

/** A set of `value` (bytes or a small structured value) at `key`. */
export function setOf(
  key: Deno.KvKey,
  value: unknown,
  expireIn?: number,
): Mutation {
  const bytes = value instanceof Uint8Array
    ? value.length
    : JSON.stringify(value).length + 16;
  return expireIn === undefined
    ? { key, value, bytes }
    : { key, value, bytes, expireIn };
}

/** A delete of `key`. */
export function deleteOf(key: Deno.KvKey): Mutation {
  return { key, bytes: 0 };
}

/** The usage of `mutations`. */
export function usageOf(mutations: readonly Mutation[]): Usage {
  const usage = { mutations: 0, bytes: 0, keyBytes: 0 };
  for (const m of mutations) {
    const k = keyBytes(m.key);
    usage.mutations++;
    usage.keyBytes += k;
    usage.bytes += 2 * k + m.bytes;
  }
  return usage;
}

/** Whether `a` and `b` together fit one commit. */
export function fits(a: Usage, b: Usage): boolean {
  return a.mutations + b.mutations <= LIMITS.mutations &&
    a.bytes + b.bytes <= LIMITS.bytes &&
    a.keyBytes + b.keyBytes <= LIMITS.keyBytes;
}

function add(a: Usage, b: Usage): Usage {
  return {
    mutations: a.mutations + b.mutations,
    bytes: a.bytes + b.bytes,
    keyBytes: a.keyBytes + b.keyBytes,
  };
}

/**
 * Packs `groups` in order into as few commits as the limits allow, keeping
 * each group whole.
 *
 * @throws {RangeError} when one group alone exceeds a limit
 */
export function pack(groups: readonly Group[]): Mutation[][] {
  const batches: Mutation[][] = [];
  let batch: Mutation[] = [];
  let used = usageOf([]);
  for (const group of groups) {
    const usage = usageOf(group.mutations);
    if (!fits(usageOf([]), usage)) {
      const bytes = group.mutations.reduce((n, m) => n + m.bytes, 0);
      throw new RangeError(
        `Cannot commit snapshot: ${group.label} is ${bytes} bytes, more than one KV commit holds`,
      );
    }
    if (!fits(used, usage)) {
      batches.push(batch);
      batch = [];
      used = usageOf([]);
    }
    batch.push(...group.mutations);
    used = add(used, usage);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Commits `mutations` after `checks` in one atomic operation. */
export async function commitBatch(
  kv: Deno.Kv,
  checks: readonly Deno.AtomicCheck[],
  mutations: readonly Mutation[],
): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
  const op = kv.atomic();
  for (const check of checks) op.check(check);
  for (const m of mutations) {
    if (m.value === undefined) op.delete(m.key);
    else if (m.expireIn === undefined) op.set(m.key, m.value);
    else op.set(m.key, m.value, { expireIn: m.expireIn });
  }
  return await op.commit();
}
