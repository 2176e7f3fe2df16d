/**
 * One in-memory `SnapshotStore` for every room's tests: the test pushes
 * snapshots, or the code under test commits them behind the lease fence
 * in a real (in-memory) KV; `watch` yields every one of them, in order.
 *
 * @module
 */

import type { Clock } from "../../src/clock.ts";
import type {
  Fence,
  Snapshot,
  SnapshotChanges,
  SnapshotData,
  SnapshotStore,
  SnapshotUpdate,
} from "../../src/snapshot/mod.ts";

/** The KV holding the lease and the clock that stamps commits. */
export interface FakeStoreLease {
  kv: Deno.Kv;
  clock: Clock;
}

const VERSION_KEY = ["test", "version"];

/**
 * A store in memory. With a `lease`, `commit` checks the fence in its KV;
 * without one, `commit` is refused and the test `push`es snapshots.
 */
export class FakeStore implements SnapshotStore {
  /** Every snapshot pushed or committed, oldest first. */
  readonly snapshots: Snapshot[] = [];
  /** Commits refused because the fence no longer held. */
  rejected = 0;
  /** Refuse this many next commits as if deposed (without touching KV). */
  refuseNext = 0;
  readonly #lease: FakeStoreLease | null;
  #watchers = new Set<(snapshot: Snapshot) => void>();

  constructor(lease?: FakeStoreLease) {
    this.#lease = lease ?? null;
  }

  /** Number of active watchers. */
  get watching(): number {
    return this.#watchers.size;
  }

  /** Stores `snapshot` as committed, seen by every watcher. */
  push(snapshot: Snapshot): void {
    this.snapshots.push(snapshot);
    for (const watcher of this.#watchers) watcher(snapshot);
  }

  latest(): Promise<Snapshot | null> {
    return Promise.resolve(this.snapshots.at(-1) ?? null);
  }

  async commit(data: SnapshotData, fence: Fence): Promise<Snapshot | null> {
    if (!this.#lease) {
      throw new TypeError(
        "Cannot commit snapshot: the fake store has no lease",
      );
    }
    if (this.refuseNext > 0) {
      this.refuseNext--;
      this.rejected++;
      return null;
    }
    const { kv, clock } = this.#lease;
    for (let tries = 0; tries < 5; tries++) {
      const current = await kv.get<number>(VERSION_KEY);
      const version = (current.value ?? 0) + 1;
      const result = await kv.atomic()
        .check(fence)
        .check(current)
        .set(VERSION_KEY, version)
        .commit();
      if (result.ok) {
        const snapshot: Snapshot = {
          ...data,
          epoch: "e-test",
          version,
          committedAt: new Date(clock.now()).toISOString(),
        };
        this.push(snapshot);
        return snapshot;
      }
      const held = await kv.get(fence.key);
      if (held.versionstamp !== fence.versionstamp) {
        this.rejected++;
        return null;
      }
    }
    throw new Error("Cannot commit snapshot: version kept changing");
  }

  /** Keeps no history of changes: a resume always misses. */
  changesSince(): Promise<SnapshotChanges | null> {
    return Promise.resolve(null);
  }

  /** The newest snapshot, then every one pushed or committed, until abort. */
  async *watch(signal: AbortSignal): AsyncIterable<SnapshotUpdate> {
    const last = this.snapshots.at(-1);
    const queue: Snapshot[] = last ? [last] : [];
    let wake: (() => void) | null = null;
    const watcher = (snapshot: Snapshot) => {
      queue.push(snapshot);
      wake?.();
    };
    const onAbort = () => wake?.();
    this.#watchers.add(watcher);
    signal.addEventListener("abort", onAbort);
    try {
      while (!signal.aborted) {
        const next = queue.shift();
        if (next) {
          yield { snapshot: next, changes: null };
          continue;
        }
        await new Promise<void>((resolve) => wake = resolve);
        wake = null;
      }
    } finally {
      this.#watchers.delete(watcher);
      signal.removeEventListener("abort", onAbort);
    }
  }
}
