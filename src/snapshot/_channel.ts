/**
 * The fast path between isolates of one process (private): after a commit
 * the leader posts the version's delta on a `BroadcastChannel`; an isolate
 * one version behind checks the KV head's versionstamp and applies it,
 * without reading the log. KV stays the source of truth: a message that is
 * missed, late or from another database only triggers a catch-up from KV.
 *
 * @module
 */

import type { Logger } from "../log.ts";
import type { Head, Layout } from "./_layout.ts";
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
  /** The version record's JSON text. */
  json: string;
}

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
    typeof s.json === "string";
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
      const head = await kv.get<Head>(layout.head);
      if (
        cur && sameEpoch && signal.version === cur.version + 1 &&
        head.versionstamp === signal.stamp
      ) {
        const record = parseRecord(signal.json);
        if (
          record.epoch === signal.epoch && record.version === signal.version
        ) {
          replica.apply(record);
          return;
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
      channel?.postMessage({ ...signal, from: id });
    },
  };
}
