/**
 * The last snapshots this isolate saw, by version, within one epoch: what a
 * resuming or lagging subscriber is caught up from.
 *
 * @module
 */

import type { Snapshot } from "../snapshot/mod.ts";

/** A bounded, version-ordered window of snapshots of one epoch. */
export interface SnapshotRing {
  /** The epoch of the held snapshots, or null before the first. */
  readonly epoch: string | null;
  /** How many snapshots are held. */
  readonly size: number;
  /**
   * Adds `snapshot` as the newest. A new epoch empties the ring first; a
   * version not above the newest is refused (returns false).
   */
  push(snapshot: Snapshot): boolean;
  /** The snapshot of `version` in `epoch`, or undefined when not held. */
  get(epoch: string, version: number): Snapshot | undefined;
  /** The newest snapshot, or null. */
  newest(): Snapshot | null;
  /** The oldest held version, or null. */
  oldestVersion(): number | null;
}

/**
 * Creates a ring holding at most `capacity` snapshots.
 *
 * @example
 * ```ts
 * const ring = createRing(120);
 * ring.push(snapshot);
 * ring.get(snapshot.epoch, snapshot.version); // snapshot
 * ```
 */
export function createRing(capacity: number): SnapshotRing {
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(
      `Cannot create snapshot ring: capacity must be a positive integer, got ${capacity}`,
    );
  }
  let epoch: string | null = null;
  let newest: Snapshot | null = null;
  const byVersion = new Map<number, Snapshot>();

  return {
    get epoch() {
      return epoch;
    },
    get size() {
      return byVersion.size;
    },
    push(snapshot) {
      if (snapshot.epoch !== epoch) {
        byVersion.clear();
        epoch = snapshot.epoch;
        newest = null;
      } else if (newest && snapshot.version <= newest.version) {
        return false;
      }
      byVersion.set(snapshot.version, snapshot);
      newest = snapshot;
      while (byVersion.size > capacity) {
        const oldest = byVersion.keys().next().value as number;
        byVersion.delete(oldest);
      }
      return true;
    },
    get(at, version) {
      return at === epoch ? byVersion.get(version) : undefined;
    },
    newest() {
      return newest;
    },
    oldestVersion() {
      const first = byVersion.keys().next();
      return first.done ? null : first.value;
    },
  };
}
