/**
 * The watch loop of the snapshot store (private): `kv.watch` on the manifest
 * for prompt wake-ups, plus a re-read every `pollMs`, because local SQLite
 * does not notify across processes and a watch stream can stall silently
 * (deno-ecosystem.md §1.4).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Snapshot } from "./model.ts";

/** What the watch loop needs from the store. */
export interface WatchDeps {
  kv: Deno.Kv;
  clock: Clock;
  manifestKey: Deno.KvKey;
  pollMs: number;
  log: Logger;
  /**
   * Reads the committed snapshot if it is newer than (`epoch`, `version`),
   * else null; a different epoch always counts as newer.
   */
  readNewer(epoch: string | null, version: number): Promise<Snapshot | null>;
}

interface Wakeup {
  fire(): void;
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

/** A latch: `wait` ends on `fire` (also one that came early), timeout or abort. */
function createWakeup(clock: Clock): Wakeup {
  let pending = false;
  let wake: (() => void) | null = null;
  return {
    fire() {
      if (wake) {
        const w = wake;
        wake = null;
        w();
      } else {
        pending = true;
      }
    },
    async wait(ms, signal) {
      if (pending) {
        pending = false;
        return;
      }
      if (signal.aborted) return;
      const timer = new AbortController();
      const stop = AbortSignal.any([signal, timer.signal]);
      await new Promise<void>((resolve) => {
        wake = resolve;
        try {
          clock.sleep(ms, stop).then(resolve, resolve);
        } catch {
          resolve();
        }
      });
      wake = null;
      timer.abort();
    },
  };
}

/** Follows `kv.watch` on the manifest until `signal` aborts, reopening it. */
async function follow(
  deps: WatchDeps,
  signal: AbortSignal,
  onChange: () => void,
): Promise<void> {
  while (!signal.aborted) {
    let reader: ReadableStreamDefaultReader<unknown> | null = null;
    const cancel = () => {
      reader?.cancel().catch(() => {});
    };
    signal.addEventListener("abort", cancel, { once: true });
    try {
      reader = deps.kv.watch([deps.manifestKey]).getReader();
      if (signal.aborted) cancel();
      while (true) {
        const { done } = await reader.read();
        if (done) break;
        onChange();
      }
    } catch (error) {
      if (!signal.aborted) {
        deps.log.warn("Cannot watch the snapshot manifest: reopening", {
          error,
        });
      }
    } finally {
      signal.removeEventListener("abort", cancel);
      cancel();
    }
    if (signal.aborted) break;
    // The stream ended or failed: polling covers the gap until it reopens.
    try {
      await deps.clock.sleep(deps.pollMs, signal);
    } catch {
      break;
    }
  }
}

/**
 * Yields the latest snapshot at start (if any), then every newer version it
 * sees, never one at or below the last yielded (within an epoch). Ends when
 * `signal` aborts or the consumer stops.
 */
export async function* watchSnapshots(
  deps: WatchDeps,
  signal: AbortSignal,
): AsyncGenerator<Snapshot, void, undefined> {
  if (signal.aborted) return;
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  const wakeup = createWakeup(deps.clock);
  const following = follow(deps, inner.signal, () => wakeup.fire());
  let epoch: string | null = null;
  let version = 0;
  try {
    while (!inner.signal.aborted) {
      let next: Snapshot | null = null;
      try {
        next = await deps.readNewer(epoch, version);
      } catch (error) {
        deps.log.warn("Cannot read the latest snapshot: retrying", { error });
      }
      if (inner.signal.aborted) break;
      if (next !== null) {
        epoch = next.epoch;
        version = next.version;
        yield next;
        continue;
      }
      await wakeup.wait(deps.pollMs, inner.signal);
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    inner.abort();
    await following;
  }
}
