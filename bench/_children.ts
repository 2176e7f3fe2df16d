/**
 * Subscriber child processes of the load benchmarks (`_subscriber.ts`),
 * plus the bounded waits the harness uses around them.
 *
 * @module
 */

import { lines } from "./_proc.ts";
import { ROOT } from "./_servers.ts";

/** What one subscriber process is asked to do. */
export interface SubscriberSpawn {
  urls: string[];
  count: number;
  mode: "service" | "baseline";
  concurrency: number;
  connectMs: number;
  /** The process stops by itself after this long. */
  maxMs: number;
  subscribe?: string;
}

/** A running subscriber process. */
export interface Sub {
  child: Deno.ChildProcess;
  stdin: WritableStreamDefaultWriter<Uint8Array>;
  ready: Promise<string>;
  result: Promise<string>;
}

/**
 * Spawns one `_subscriber.ts` process; `ready` and `result` resolve with
 * the JSON text of its `ready` and `result` lines.
 */
export function spawnSubscriber(o: SubscriberSpawn): Sub {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "bench/_subscriber.ts",
      ...o.urls.flatMap((u) => ["--url", u]),
      "--count",
      String(o.count),
      "--mode",
      o.mode,
      "--concurrency",
      String(o.concurrency),
      "--connect-ms",
      String(o.connectMs),
      "--max-ms",
      String(o.maxMs),
      ...(o.subscribe ? ["--subscribe", o.subscribe] : []),
    ],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const ready = Promise.withResolvers<string>();
  const result = Promise.withResolvers<string>();
  (async () => {
    for await (const line of lines(child.stdout)) {
      if (line.startsWith("ready ")) ready.resolve(line.slice(6));
      else if (line.startsWith("result ")) result.resolve(line.slice(7));
    }
    const why = new Error("Cannot read subscriber: it exited without a report");
    ready.reject(why);
    result.reject(why);
  })().catch((e) => {
    ready.reject(e);
    result.reject(e);
  });
  // Marked handled here; callers still see the rejection when they await.
  ready.promise.catch(() => {});
  result.promise.catch(() => {});
  return {
    child,
    stdin: child.stdin.getWriter(),
    ready: ready.promise,
    result: result.promise,
  };
}

/** Rejects when `p` takes longer than `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Cannot finish ${what}: over ${ms} ms`)),
        ms,
      );
    }),
  ]);
}

/** Waits `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      signal.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener("abort", abort, { once: true });
  });
}
