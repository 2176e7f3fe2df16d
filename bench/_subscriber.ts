/**
 * One subscriber process of the fan-out benchmark (spawned K times by
 * `fanout.ts` and `api_budget.ts`). Opens `--count` sockets, prints
 * `ready {json}` once every socket is ready or failed, then follows stdin
 * commands: `window <startMs> <endMs>` sets the measurement window, `stop`
 * (or end of stdin, or `--max-ms`) closes the sockets, prints
 * `result {json}` and exits.
 *
 * ```sh
 * deno run --allow-net bench/_subscriber.ts --url ws://127.0.0.1:8123/ws --count 500 --mode service
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { SubscriberPool } from "./_pool.ts";
import { lines } from "./_proc.ts";

/** Parsed command line of the subscriber process. */
export interface SubscriberArgs {
  urls: string[];
  count: number;
  mode: "service" | "baseline";
  concurrency: number;
  connectMs: number;
  maxMs: number;
  /** The subscribe message (service mode). */
  subscribe: string;
}

/** Parses the subscriber's flags; bad values throw a RangeError/TypeError. */
export function parseSubscriberArgs(args: string[]): SubscriberArgs {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: "string", multiple: true },
      count: { type: "string", default: "100" },
      mode: { type: "string", default: "service" },
      concurrency: { type: "string", default: "64" },
      "connect-ms": { type: "string", default: "120000" },
      "max-ms": { type: "string", default: "900000" },
      subscribe: { type: "string", default: '{"type":"subscribe"}' },
    },
  });
  const urls = (values.url ?? []).flatMap((u) => u.split(",")).filter(Boolean);
  if (urls.length === 0) {
    throw new TypeError("Cannot start subscriber: --url is required");
  }
  const mode = values.mode;
  if (mode !== "service" && mode !== "baseline") {
    throw new TypeError(
      `Cannot parse --mode: "${mode}" is not "service" or "baseline"`,
    );
  }
  let subscribe: unknown;
  try {
    subscribe = JSON.parse(values.subscribe);
  } catch {
    subscribe = null;
  }
  if (
    typeof subscribe !== "object" || subscribe === null ||
    (subscribe as { type?: unknown }).type !== "subscribe"
  ) {
    throw new TypeError(
      `Cannot parse --subscribe: "${values.subscribe}" is not a subscribe message`,
    );
  }
  return {
    urls,
    subscribe: values.subscribe,
    count: positiveInt("--count", values.count, true),
    mode,
    concurrency: positiveInt("--concurrency", values.concurrency),
    connectMs: positiveInt("--connect-ms", values["connect-ms"]),
    maxMs: positiveInt("--max-ms", values["max-ms"]),
  };
}

function positiveInt(name: string, text: string, zeroOk = false): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) {
    throw new RangeError(
      `Cannot parse ${name}: "${text}" is not a ${
        zeroOk ? "non-negative" : "positive"
      } integer`,
    );
  }
  return n;
}

async function main(): Promise<void> {
  const args = parseSubscriberArgs(Deno.args);
  const pool = new SubscriberPool({
    urls: args.urls,
    count: args.count,
    mode: args.mode,
    concurrency: args.concurrency,
    subscribe: args.subscribe,
  });
  const deadline = AbortSignal.timeout(args.maxMs);
  const opened = await pool.open(
    AbortSignal.any([deadline, AbortSignal.timeout(args.connectMs)]),
  );
  console.log(`ready ${JSON.stringify(opened)}`);
  const stop = Promise.withResolvers<void>();
  deadline.addEventListener("abort", () => stop.resolve(), { once: true });
  (async () => {
    for await (const line of lines(Deno.stdin.readable)) {
      const [cmd, a, b] = line.trim().split(/\s+/);
      if (cmd === "window") pool.setWindow(Number(a), Number(b));
      else if (cmd === "stop") break;
    }
    stop.resolve();
  })();
  await stop.promise;
  await pool.close();
  console.log(`result ${JSON.stringify(pool.result())}`);
  Deno.exit(0);
}

if (import.meta.main) await main();
