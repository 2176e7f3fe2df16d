/**
 * The fast path between isolates of one process (private): after a commit
 * the leader posts a signal on a `BroadcastChannel`, carrying the version's
 * record when it is small. An isolate one version behind applies the record
 * once the KV head carries the signal's versionstamp, or else reads the
 * record from the log at once (its parts must carry that versionstamp)
 * instead of waiting for `kv.watch`. KV stays the source of truth: a
 * message that is missed, late or from another database only triggers a
 * catch-up from KV.
 *
 * A message between isolates costs about 0.5 ms plus 65 µs per KB
 * (bench/cross_isolate.ts `--paths probe`), so a record of hundreds of KB
 * is faster read from the log than posted.
 *
 * @module
 */

import type { Logger } from "../log.ts";
import type { Head, Layout } from "./_layout.ts";
import { readRecords } from "./_load.ts";
import { parseRecord } from "./_record.ts";
import type { Replica } from "./_replica.ts";

/** What the leader posts once KV holds the version. */
export interface DeltaSignal {
  /** The posting store (it ignores its own messages). */
  from: string;
  epoch: string;
  version: number;
  /** Versionstamp of the commit that made `version` the head. */
  stamp: string;
  /** The version record's JSON text, or null when too big to post. */
  json: string | null;
}

/** Records up to this many characters travel with the signal. */
const INLINE_CHARS = 16 * 1024;

/** The channel of one store. */
export interface Channel {
  /** Listens until the returned function is called (counted, shared). */
  open(): () => void;
  /** Posts the signal of a committed version, when open. */
  announce(signal: Omit<DeltaSignal, "from">): void;
}

function isSignal(data: unknown): data is DeltaSignal {
  const s = data as DeltaSignal | null;
  return typeof s?.from === "string" && typeof s.epoch === "string" &&
    Number.isSafeInteger(s.version) && typeof s.stamp === "string" &&
    (typeof s.json === "string" || s.json === null);
}

/** Creates the channel named `name` that feeds `replica`. */
export function createChannel(
  name: string,
  deps: { kv: Deno.Kv; layout: Layout; replica: Replica; log: Logger },
): Channel {
  const { kv, layout, replica, log } = deps;
  const id = crypto.randomUUID();
  let channel: BroadcastChannel | null = null;
  let users = 0;

  function receive(signal: DeltaSignal): Promise<void> {
    return replica.run(async () => {
      const cur = replica.current();
      const sameEpoch = cur?.epoch === signal.epoch;
      if (cur && sameEpoch && signal.version <= cur.version) return;
      const next = cur && sameEpoch && signal.version === cur.version + 1;
      if (next && signal.json === null) {
        // Parts the head-flipping commit wrote prove the version committed.
        const [record] = await readRecords(
          kv,
          layout,
          signal.epoch,
          cur.version,
          signal.version,
          signal.stamp,
        ) ?? [];
        if (record) return void replica.apply(record);
      }
      const head = await kv.get<Head>(layout.head);
      if (next && signal.json !== null && head.versionstamp === signal.stamp) {
        const record = parseRecord(signal.json);
        if (
          record.epoch === signal.epoch && record.version === signal.version
        ) {
          return void replica.apply(record);
        }
      }
      await replica.catchUp(head);
    });
  }

  return {
    open() {
      if (users++ === 0) {
        channel = new BroadcastChannel(name);
        channel.onmessage = (event: MessageEvent) => {
          const data = event.data;
          if (!isSignal(data) || data.from === id) return;
          receive(data).catch((error) =>
            log.warn("Cannot take a delta from another isolate", { error })
          );
        };
      }
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        if (--users === 0) {
          channel?.close();
          channel = null;
        }
      };
    },
    announce(signal) {
      const json = signal.json !== null && signal.json.length <= INLINE_CHARS
        ? signal.json
        : null;
      channel?.postMessage({ ...signal, json, from: id });
    },
  };
}
