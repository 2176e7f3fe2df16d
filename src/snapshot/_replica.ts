/**
 * The in-memory copy of the store in one isolate (private): the newest
 * snapshot, the change ids of recent versions, and the listeners that are
 * told of every step. All changes to it run one at a time (`run`).
 *
 * @module
 */

import type { Head, Layout } from "./_layout.ts";
import { loadSnapshot, readRecords } from "./_load.ts";
import {
  addChanges,
  applyRecord,
  idsOf,
  noChanges,
  type VersionRecord,
} from "./_record.ts";
import type { SnapshotChanges, SnapshotUpdate } from "./contracts.ts";
import type { Snapshot, SnapshotData } from "./model.ts";

/** The copy of one store, shared by its commits and watches. */
export interface Replica {
  /** The newest snapshot held, or null. */
  current(): Snapshot | null;
  /** Runs `work` after every earlier `run` has finished. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Catches up with the KV head (coalesced, serialised); resolves to `current()`. */
  sync(): Promise<Snapshot | null>;
  /** Inside `run`: brings the copy to `head` from the log, or reloads it. */
  catchUp(head: Deno.KvEntryMaybe<Head>): Promise<void>;
  /**
   * Inside `run`: takes `record`, the version after `base` (default
   * `current()`; null for a fresh series), diffed from `built` if given.
   */
  apply(
    record: VersionRecord,
    base?: Snapshot | null,
    built?: SnapshotData,
  ): Snapshot;
  /** Calls `listener` with every later step; returns the unsubscribe. */
  listen(listener: (update: SnapshotUpdate) => void): () => void;
  /** See `SnapshotStore.changesSince`. */
  changesSince(
    epoch: string,
    from: number,
    to: number,
  ): Promise<SnapshotChanges | null>;
}

/** Creates the copy of the store at `layout` in `kv`, keeping `keep` versions of change ids. */
export function createReplica(
  kv: Deno.Kv,
  layout: Layout,
  keep: number,
): Replica {
  let state: Snapshot | null = null;
  const history = new Map<number, SnapshotChanges>();
  const listeners = new Set<(update: SnapshotUpdate) => void>();
  let tail: Promise<unknown> = Promise.resolve();
  let queued: Promise<Snapshot | null> | null = null;

  function run<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(() => work());
    tail = result.catch(() => {});
    return result;
  }

  function advance(next: Snapshot, changes: SnapshotChanges | null): void {
    if (changes === null || state?.epoch !== next.epoch) history.clear();
    if (changes !== null) history.set(next.version, changes);
    for (const version of history.keys()) {
      if (history.size <= keep) break;
      history.delete(version);
    }
    state = next;
    const update = { snapshot: next, changes };
    for (const listener of listeners) listener(update);
  }

  function apply(
    record: VersionRecord,
    base = state,
    built?: SnapshotData,
  ): Snapshot {
    const next = applyRecord(base, record, built);
    advance(next, base === state ? idsOf(record.changes) : null);
    return next;
  }

  async function reload(): Promise<void> {
    const loaded = await loadSnapshot(kv, layout);
    if (loaded === null) return;
    advance(loaded.snapshot, null);
    for (const record of loaded.replayed) {
      history.set(record.version, idsOf(record.changes));
    }
  }

  async function catchUp(entry: Deno.KvEntryMaybe<Head>): Promise<void> {
    const head = entry.value;
    if (head === null) return;
    const cur = state;
    if (
      cur === null || cur.epoch !== head.epoch || cur.version > head.version
    ) {
      return await reload();
    }
    if (cur.version === head.version) return;
    const records = await readRecords(
      kv,
      layout,
      head.epoch,
      cur.version,
      head.version,
    );
    if (records === null) return await reload();
    for (const record of records) apply(record);
  }

  function sync(): Promise<Snapshot | null> {
    queued ??= run(async () => {
      queued = null;
      await catchUp(await kv.get<Head>(layout.head));
      return state;
    });
    return queued;
  }

  async function changesSince(
    epoch: string,
    from: number,
    to: number,
  ): Promise<SnapshotChanges | null> {
    if (from > to) return null;
    const out = noChanges();
    let held = state?.epoch === epoch;
    for (let v = from + 1; held && v <= to; v++) {
      const changes = history.get(v);
      if (changes) addChanges(out, changes);
      else held = false;
    }
    if (held) return out;
    const records = await readRecords(kv, layout, epoch, from, to);
    if (records === null) return null;
    const merged = noChanges();
    for (const record of records) addChanges(merged, idsOf(record.changes));
    return merged;
  }

  return {
    current: () => state,
    run,
    sync,
    catchUp,
    apply,
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    changesSince,
  };
}
