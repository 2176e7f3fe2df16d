/**
 * Leader election with a Deno KV lease and a fencing token.
 *
 * The lease entry holds `{ owner, expiresAt }`. Taking it is a check-and-set
 * on the versionstamp just read, and the versionstamp of our last successful
 * commit is the fencing token every snapshot write checks in its own atomic
 * commit, so a deposed leader can never write (checks and mutations of one
 * atomic operation commit together: docs.deno.com/deploy/kv/transactions).
 * `expireIn` only garbage-collects the entry: an expired key may stay
 * visible for a while (docs.deno.com/deploy/kv/key_expiration), so expiry
 * is decided from `expiresAt`.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Fence } from "../snapshot/contracts.ts";

/** The value stored in the lease entry. */
export interface LeaseValue {
  owner: string;
  /** Epoch ms after which anyone may take the lease. */
  expiresAt: number;
}

/** Options of {@linkcode createLease}. */
export interface LeaseOptions {
  kv: Deno.Kv;
  /** The lease entry. Default `["qp", "lease"]`. */
  key?: Deno.KvKey;
  /** Unique id of this contender (one per isolate). */
  owner: string;
  /** How long a taken lease lasts without renewal, ms. Default 4000. */
  ttlMs?: number;
  clock: Clock;
}

/** A lease contender bound to one owner id. */
export interface Lease {
  /** The lease entry. */
  readonly key: Deno.KvKey;
  /** This contender's owner id. */
  readonly owner: string;
  /** Lease duration, ms. */
  readonly ttlMs: number;
  /**
   * Takes the lease when it is missing, expired or ours; resolves to the new
   * fence, or null (and forgets any fence) when someone else holds it.
   */
  acquire(): Promise<Fence | null>;
  /** Extends the lease; the same as `acquire` by the current owner. */
  renew(): Promise<Fence | null>;
  /** Deletes the entry if it is still ours; forgets the fence. */
  release(): Promise<void>;
  /** The fence of the last successful acquire or renew, or null. */
  current(): Fence | null;
  /** The other owner's entry that refused the last acquire, else null. */
  heldBy(): LeaseValue | null;
}

/** Default lease entry key. */
export const DEFAULT_LEASE_KEY: Deno.KvKey = ["qp", "lease"];
/**
 * Default lease duration, ms: a survivor takes over at most this long after
 * the leader's last renewal (the leader renews every third of it).
 */
export const DEFAULT_LEASE_TTL_MS = 4000;
/** `expireIn` of the lease entry in multiples of the TTL (cleanup only). */
const GC_TTL_FACTOR = 4;

/**
 * Creates a lease contender on `kv`.
 *
 * @example
 * ```ts
 * const kv = await Deno.openKv(":memory:");
 * const lease = createLease({ kv, owner: crypto.randomUUID(), clock: systemClock() });
 * const fence = await lease.acquire();
 * if (fence) {
 *   // leader: write snapshots with `.check(fence)`
 * }
 * await lease.release();
 * kv.close();
 * ```
 */
export function createLease(options: LeaseOptions): Lease {
  const {
    kv,
    key = DEFAULT_LEASE_KEY,
    owner,
    ttlMs = DEFAULT_LEASE_TTL_MS,
    clock,
  } = options;
  if (typeof owner !== "string" || owner.length === 0) {
    throw new TypeError(
      "Cannot create lease: owner must be a non-empty string",
    );
  }
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(
      `Cannot create lease: ttlMs must be a positive integer, got ${ttlMs}`,
    );
  }
  let fence: Fence | null = null;
  let holder: LeaseValue | null = null;

  async function acquire(): Promise<Fence | null> {
    const entry = await kv.get<LeaseValue>(key);
    const now = clock.now();
    const held = entry.value;
    if (held && held.owner !== owner && held.expiresAt > now) {
      fence = null;
      holder = held;
      return null;
    }
    holder = null;
    const value: LeaseValue = { owner, expiresAt: now + ttlMs };
    const result = await kv.atomic()
      .check(entry)
      .set(key, value, { expireIn: ttlMs * GC_TTL_FACTOR })
      .commit();
    fence = result.ok ? { key, versionstamp: result.versionstamp } : null;
    return fence;
  }

  async function release(): Promise<void> {
    fence = null;
    const entry = await kv.get<LeaseValue>(key);
    if (entry.value?.owner !== owner) return;
    await kv.atomic().check(entry).delete(key).commit();
  }

  return {
    key,
    owner,
    ttlMs,
    acquire,
    renew: acquire,
    release,
    current: () => fence,
    heldBy: () => holder,
  };
}
