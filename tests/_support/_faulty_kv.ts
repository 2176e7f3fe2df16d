/**
 * A Deno KV wrapper for fault tests: writes (`set`, `delete`, atomic
 * commits) throw while `failWrites` is on; reads and watches pass through.
 * It also taps every watch, so a test can wait until each watcher has seen
 * the newest entry of the keys it watches before it moves fake time.
 *
 * @module
 */

/** Thrown by a write while writes fail, like a KV whose disk is gone. */
export const KV_WRITE_FAILURE = "Cannot write to KV: injected failure";

/** A KV whose writes can be made to throw. */
export interface FaultyKv {
  /** The wrapped KV, to hand to the code under test. */
  readonly kv: Deno.Kv;
  /** Turns write failures on or off. */
  failWrites(on: boolean): void;
  /** Writes refused so far. */
  readonly refused: number;
  /**
   * Resolves once every open watch has delivered the newest versionstamp of
   * each key it watches (guarded: rejects after `ms` of real time).
   */
  watchersCaughtUp(ms?: number): Promise<void>;
}

interface Tap {
  keys: Deno.KvKey[];
  seen: Map<string, string | null>;
  open: boolean;
}

/** Wraps `kv` (which stays owned by the caller). */
export function faultyKv(kv: Deno.Kv): FaultyKv {
  let failing = false;
  let refused = 0;
  const taps = new Set<Tap>();

  function atomic(): Deno.AtomicOperation {
    const op = kv.atomic();
    const wrapped: Deno.AtomicOperation = new Proxy(op, {
      get(target, prop) {
        if (prop === "commit") {
          return () => failing ? Promise.reject(refusal()) : target.commit();
        }
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          const out = value.apply(target, args);
          return out === target ? wrapped : out;
        };
      },
    });
    return wrapped;
  }

  function refusal(): Error {
    refused++;
    return new Error(KV_WRITE_FAILURE);
  }

  function watch(
    keys: Deno.KvKey[],
    options?: { raw?: boolean },
  ): ReadableStream<Deno.KvEntryMaybe<unknown>[]> {
    const tap: Tap = { keys, seen: new Map(), open: true };
    taps.add(tap);
    const close = () => {
      tap.open = false;
      taps.delete(tap);
    };
    return kv.watch(keys, options).pipeThrough(
      new TransformStream({
        transform(entries, controller) {
          for (const entry of entries) {
            tap.seen.set(JSON.stringify(entry.key), entry.versionstamp);
          }
          controller.enqueue(entries);
        },
        flush: close,
        cancel: close,
      } as Transformer<Deno.KvEntryMaybe<unknown>[]>),
    );
  }

  async function caughtUp(): Promise<boolean> {
    for (const tap of [...taps]) {
      if (!tap.open) continue;
      const entries = await kv.getMany(tap.keys);
      for (const entry of entries) {
        const seen = tap.seen.get(JSON.stringify(entry.key));
        if (seen === undefined || seen !== entry.versionstamp) return false;
      }
    }
    return true;
  }

  const wrapper = new Proxy(kv, {
    get(target, prop) {
      if (prop === "atomic") return atomic;
      if (prop === "watch") return watch;
      if (prop === "set" || prop === "delete") {
        const write = Reflect.get(target, prop, target) as (
          ...args: unknown[]
        ) => Promise<unknown>;
        return (...args: unknown[]) =>
          failing ? Promise.reject(refusal()) : write.apply(target, args);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });

  return {
    kv: wrapper,
    failWrites(on) {
      failing = on;
    },
    get refused() {
      return refused;
    },
    async watchersCaughtUp(ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!(await caughtUp())) {
        if (Date.now() > deadline) {
          throw new Error(
            `Cannot see the watchers catch up: nothing after ${ms} ms`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    },
  };
}
