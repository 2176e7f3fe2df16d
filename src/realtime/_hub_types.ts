/**
 * The hub's types: its options, counters and interface, and its record of
 * each subscriber.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Snapshot, SnapshotChanges } from "../snapshot/mod.ts";
import type { Sink } from "./_sink.ts";
import type { ViewSpec } from "./_views.ts";
import type { Position } from "./parse.ts";

/** Whether data fetched at `fetchedAt` is stale at `now`, and why. */
export type FreshnessCheck = (
  fetchedAt: string | null,
  now: number,
) => Freshness;

/** Staleness and, when the poller gives one, its reason. */
export interface Freshness {
  stale: boolean;
  /** One human sentence (the poller's status reason), or null. */
  reason: string | null;
}

/** Options of `createHub`. */
export interface HubOptions {
  clock: Clock;
  log: Logger;
  /** Freshness threshold: older `fetchedAt` makes the data stale. */
  staleAfterMs: number;
  /** Snapshots kept for resume and catch-up. */
  ringSize: number;
  /** Above this many bytes waiting, a subscriber is closed with 1013. */
  maxBufferedBytes: number;
  /** Above this many bytes waiting, a subscriber is skipped (lagging). */
  lagBufferedBytes: number;
  /**
   * Bytes handed to sockets before the hub lets the runtime write them out
   * (each send holds a copy of its frame until then); default 4 MiB.
   */
  burstBytes?: number;
  /**
   * Judges freshness instead of `staleAfterMs` alone (the poller's status
   * record may raise the threshold while it is deliberately slower, and
   * gives the reason).
   */
  freshness?: FreshnessCheck;
  /** Told, per version delivered, the ms from its commit to its last send. */
  onFanout?: (latencyMs: number) => void;
}

/** Counters the hub keeps for `/metrics`. */
export interface HubCounters {
  framesSent: number;
  bytesSent: number;
  slowClosed: number;
  resumed: number;
  resumeMissed: number;
}

/** A registered receiver of one view (opaque to callers). */
export interface Subscriber {
  /** Where its frames go. */
  readonly sink: Sink;
  /** The view it asked for. */
  readonly spec: ViewSpec;
}

/** What a new subscriber's first answer starts from (hub-internal). */
export interface Resume {
  since: Position;
  /** The view the client holds at `since`: that of the subscription it replaces, else the one it asks for. */
  held: ViewSpec;
}

/** The hub's record of one subscriber (hub-internal). */
export interface SubscriberState extends Subscriber {
  /** Until answered: where the answer may resume from. */
  resume: Resume | null;
  answered: boolean;
  /** Epoch and version of the last snapshot/delta this subscriber received. */
  epoch: string;
  version: number;
  /** View key of the last frame it received, and that view's queues. */
  key: string;
  visible: ReadonlySet<string> | null;
}

/** The hub of one isolate. */
export interface Hub {
  /** The newest snapshot, or null before the first. */
  current(): Snapshot | null;
  /** True when no snapshot is held or it is older than `staleAfterMs`. */
  stale(): boolean;
  /** Staleness of the newest snapshot and its reason. */
  freshness(): Freshness;
  /**
   * Takes a newly committed snapshot and brings every subscriber to it;
   * `changes`, when given, are the ids changed since the version before it.
   */
  publish(snapshot: Snapshot, changes?: SnapshotChanges): void;
  /** Re-evaluates freshness; on a flip sends `status` to every subscriber. */
  checkFreshness(): void;
  /**
   * Registers `sink` for `spec` and answers it once: a resumed delta when
   * `since` is held in the ring, else a full snapshot; before the first
   * snapshot the answer waits for it. `replacing` is the same client's
   * previous subscription: it is dropped, and a resume starts from its view.
   */
  subscribe(
    sink: Sink,
    spec: ViewSpec,
    since: Position | null,
    replacing?: Subscriber | null,
  ): Subscriber;
  /** Stops sending to `subscriber` (idempotent). */
  unsubscribe(subscriber: Subscriber): void;
  /** Registered subscribers. */
  size(): number;
  /** A copy of the counters. */
  counters(): HubCounters;
}
