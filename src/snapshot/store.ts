/**
 * Versioned snapshot persistence in Deno KV: a small manifest that watchers
 * watch plus ≤ 60 KiB gzip chunks per version, fenced by the poller's lease
 * (deno-ecosystem.md §1.1, §1.7, §1.8).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { type Logger, silentLogger } from "../log.ts";
import { decodeSnapshot, encodeSnapshot } from "./_codec.ts";
import { isoOf } from "./_time.ts";
import { watchSnapshots } from "./_watch.ts";
import type { Fence, SnapshotStore } from "./contracts.ts";
import type { Snapshot, SnapshotData } from "./model.ts";

/** Options of `createSnapshotStore`. */
export interface SnapshotStoreOptions {
  /** The KV the snapshots live in. */
  kv: Deno.Kv;
  /** Time of `committedAt` and of the watch re-reads. */
  clock: Clock;
  /** Key prefix of every entry; default `["qp"]`. */
  prefix?: Deno.KvKey;
  /** Versions whose chunks are kept (the latest included); default 5. */
  keepVersions?: number;
  /** How often `watch` re-reads the manifest, ms; default 1000. */
  pollMs?: number;
  /** Where watch and cleanup problems are reported; default silent. */
  log?: Logger;
  /** Makes a new epoch id; default `crypto.randomUUID`. */
  randomId?: () => string;
  /** `expireIn` of chunks, a garbage-collection backstop; default 7 days. */
  chunkExpireMs?: number;
}

/** The manifest entry: which version is current and how it is stored. */
interface Manifest {
  epoch: string;
  version: number;
  chunks: number;
  bytes: number;
  committedAt: string;
}

/** Above this many chunk bytes, chunks are written ahead of the manifest. */
const ATOMIC_BYTES = 750 * 1024;
/** Chunk bytes per commit when writing ahead (under the 800 KiB cap). */
const BATCH_BYTES = 640 * 1024;
/** Manifest races tolerated per commit before giving up. */
const MAX_ATTEMPTS = 5;
const DELETE_BATCH = 200;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

function positiveInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot create snapshot store: invalid "${name}" ${value}: expected a positive integer`,
    );
  }
  return value;
}

/**
 * Creates the KV snapshot store. Layout under `prefix`: `epoch` (string),
 * `manifest` (`{epoch, version, chunks, bytes, committedAt}`) and
 * `chunk, version, i` (gzip JSON of the whole Snapshot, ≤ 60 KiB each).
 *
 * @example
 * ```ts
 * const store = createSnapshotStore({ kv, clock: systemClock() });
 * const snapshot = await store.commit(data, fence); // null when deposed
 * for await (const s of store.watch(signal)) console.log(s.version);
 * ```
 */
export function createSnapshotStore(
  options: SnapshotStoreOptions,
): SnapshotStore {
  const { kv, clock } = options;
  const prefix = options.prefix ?? ["qp"];
  const keepVersions = positiveInt("keepVersions", options.keepVersions ?? 5);
  const pollMs = positiveInt("pollMs", options.pollMs ?? 1000);
  const expireIn = positiveInt(
    "chunkExpireMs",
    options.chunkExpireMs ?? WEEK_MS,
  );
  const log = options.log ?? silentLogger();
  const randomId = options.randomId ?? (() => crypto.randomUUID());
  const epochKey: Deno.KvKey = [...prefix, "epoch"];
  const manifestKey: Deno.KvKey = [...prefix, "manifest"];
  const chunkKey = (version: number, i: number): Deno.KvKey => [
    ...prefix,
    "chunk",
    version,
    i,
  ];

  async function fenceHolds(fence: Fence): Promise<boolean> {
    const entry = await kv.get(fence.key);
    return entry.versionstamp === fence.versionstamp;
  }

  /** Writes chunks in fenced batches; false when the fence failed. */
  async function writeAhead(
    version: number,
    chunks: Uint8Array[],
    fence: Fence,
  ): Promise<boolean> {
    let op = kv.atomic().check(fence);
    let bytes = 0;
    for (let i = 0; i < chunks.length; i++) {
      if (bytes > 0 && bytes + chunks[i].length > BATCH_BYTES) {
        if (!(await op.commit()).ok) return false;
        op = kv.atomic().check(fence);
        bytes = 0;
      }
      op.set(chunkKey(version, i), chunks[i], { expireIn });
      bytes += chunks[i].length;
    }
    return (await op.commit()).ok;
  }

  /** Deletes chunks of versions before the last `keepVersions` (best effort). */
  async function cleanup(version: number): Promise<void> {
    const end = version - keepVersions + 1;
    if (end <= 1) return;
    try {
      const keys: Deno.KvKey[] = [];
      const old = kv.list({
        prefix: [...prefix, "chunk"],
        end: [...prefix, "chunk", end],
      });
      for await (const entry of old) keys.push(entry.key);
      for (let at = 0; at < keys.length; at += DELETE_BATCH) {
        const op = kv.atomic();
        for (const key of keys.slice(at, at + DELETE_BATCH)) op.delete(key);
        await op.commit();
      }
    } catch (error) {
      log.warn("Cannot delete old snapshot chunks", { version, error });
    }
  }

  /**
   * The snapshot this store committed last: the isolate that polls hands it
   * to its own watchers without reading and decoding its chunks back.
   */
  let committed: Snapshot | null = null;

  async function commit(
    data: SnapshotData,
    fence: Fence,
  ): Promise<Snapshot | null> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [epochEntry, current] = await kv.getMany<[string, Manifest]>([
        epochKey,
        manifestKey,
      ]);
      const epoch = typeof epochEntry.value === "string"
        ? epochEntry.value
        : randomId();
      const version = (current.value?.version ?? 0) + 1;
      const committedAt = isoOf(clock.now());
      const snapshot: Snapshot = { ...data, epoch, version, committedAt };
      const chunks = encodeSnapshot(snapshot);
      const bytes = chunks.reduce((n, c) => n + c.length, 0);
      const manifest: Manifest = {
        epoch,
        version,
        chunks: chunks.length,
        bytes,
        committedAt,
      };
      const op = kv.atomic().check(epochEntry).check(current).check(fence);
      if (epochEntry.value !== epoch) op.set(epochKey, epoch);
      if (bytes <= ATOMIC_BYTES) {
        chunks.forEach((c, i) => op.set(chunkKey(version, i), c, { expireIn }));
      } else if (!(await writeAhead(version, chunks, fence))) {
        return null;
      }
      op.set(manifestKey, manifest);
      if ((await op.commit()).ok) {
        committed = snapshot;
        await cleanup(version);
        return snapshot;
      }
      if (!(await fenceHolds(fence))) return null;
      log.debug("Snapshot manifest changed during commit: retrying", {
        version,
        attempt,
      });
    }
    throw new Error(
      `Cannot commit snapshot: the manifest changed during ${MAX_ATTEMPTS} attempts`,
    );
  }

  async function read(manifest: Manifest): Promise<Snapshot> {
    const { version, chunks: count } = manifest;
    if (committed?.epoch === manifest.epoch && committed.version === version) {
      return committed;
    }
    const chunks: Uint8Array[] = [];
    const entries = kv.list<Uint8Array>({
      prefix: [...prefix, "chunk", version],
      end: chunkKey(version, count),
    });
    for await (const entry of entries) {
      if (entry.key.at(-1) !== chunks.length) break;
      if (!(entry.value instanceof Uint8Array)) break;
      chunks.push(entry.value);
    }
    if (chunks.length !== count) {
      throw new Error(
        `Cannot read snapshot: version ${version} has ${chunks.length} of ${count} chunks`,
      );
    }
    const snapshot = decodeSnapshot(chunks);
    if (snapshot.version !== version || snapshot.epoch !== manifest.epoch) {
      throw new Error(
        `Cannot read snapshot: chunks of version ${version} hold version ${snapshot.version}`,
      );
    }
    return snapshot;
  }

  async function readNewer(
    epoch: string | null,
    version: number,
  ): Promise<Snapshot | null> {
    const entry = await kv.get<Manifest>(manifestKey);
    const manifest = entry.value;
    if (manifest === null) return null;
    if (manifest.epoch === epoch && manifest.version <= version) return null;
    return await read(manifest);
  }

  return {
    latest: () => readNewer(null, 0),
    commit,
    watch: (signal) =>
      watchSnapshots(
        { kv, clock, manifestKey, pollMs, log, readNewer },
        signal,
      ),
  };
}
