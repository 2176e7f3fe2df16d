/**
 * The watch loop of the snapshot store (private). The copy of the store is
 * kept current by three wake-ups: `kv.watch` on the head, a re-read every
 * `pollMs` (local SQLite does not notify across processes, and a watch
 * stream can stall silently), and the other isolates' channel messages.
 * Each watch gets every step of the copy, in order.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Channel } from "./_channel.ts";
import { addChanges, noChanges } from "./_record.ts";
import type { Replica } from "./_replica.ts";
import type { SnapshotUpdate } from "./contracts.ts";

/** What the watch loop needs from the store. */
export interface WatchDeps {
  kv: Deno.Kv;
  clock: Clock;
  headKey: Deno.KvKey;
  pollMs: number;
  log: Logger;
  replica: Replica;
  channel: Channel | null;
}

/** Updates a slow consumer may have waiting before they are merged into one. */
const MAX_WAITING = 64;

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

/** Follows `kv.watch` on the head until `signal` aborts, reopening it. */
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
      reader = deps.kv.watch([deps.headKey]).getReader();
      if (signal.aborted) cancel();
      while (true) {
        const { done } = await reader.read();
        if (done) break;
        onChange();
      }
    } catch (error) {
      if (!signal.aborted) {
        deps.log.warn("Cannot watch the snapshot head: reopening", { error });
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

/** Merges waiting updates into one (the newest snapshot, all their changes). */
function merged(updates: SnapshotUpdate[]): SnapshotUpdate {
  const last = updates[updates.length - 1];
  if (updates.some((u) => u.changes === null)) {
    return { snapshot: last.snapshot, changes: null };
  }
  const changes = noChanges();
  for (const u of updates) addChanges(changes, u.changes!);
  return { snapshot: last.snapshot, changes };
}

/**
 * Yields the held snapshot at start (if any, after one catch-up), then every
 * later step of the copy. Ends when `signal` aborts or the consumer stops.
 */
export async function* watchUpdates(
  deps: WatchDeps,
  signal: AbortSignal,
): AsyncGenerator<SnapshotUpdate, void, undefined> {
  if (signal.aborted) return;
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  let waiting: SnapshotUpdate[] = [];
  let arrived: (() => void) | null = null;
  const unlisten = deps.replica.listen((update) => {
    waiting.push(update);
    if (waiting.length > MAX_WAITING) waiting = [merged(waiting)];
    arrived?.();
  });
  const closeChannel = deps.channel?.open() ?? (() => {});
  const wakeup = createWakeup(deps.clock);
  const sync = async () => {
    try {
      await deps.replica.sync();
    } catch (error) {
      deps.log.warn("Cannot read the latest snapshot: retrying", { error });
    }
  };
  const following = follow(deps, inner.signal, () => wakeup.fire());
  const driving = (async () => {
    while (!inner.signal.aborted) {
      await wakeup.wait(deps.pollMs, inner.signal);
      if (!inner.signal.aborted) await sync();
    }
  })();
  try {
    await sync();
    const first = deps.replica.current();
    waiting = [];
    if (first !== null && !inner.signal.aborted) {
      yield { snapshot: first, changes: null };
    }
    while (!inner.signal.aborted) {
      const next = waiting.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          inner.signal.removeEventListener("abort", done);
          arrived = null;
          resolve();
        };
        arrived = done;
        inner.signal.addEventListener("abort", done, { once: true });
      });
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    inner.abort();
    unlisten();
    closeChannel();
    await Promise.all([following, driving]);
  }
}
