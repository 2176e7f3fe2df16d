/**
 * The fan-out hub of one isolate: takes every new snapshot, computes each
 * distinct view and delta once, encodes each frame once and sends the same
 * string to every subscriber that needs it. Slow subscribers are skipped
 * and later get one coalesced delta from the ring, or are closed with 1013.
 *
 * Continuity rules follow the anchors in the reference notes (Centrifugo's
 * epoch + offset positions, "never a partial recovery"; Mercure #178:
 * register before catching up).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Snapshot } from "../snapshot/mod.ts";
import type { SnapshotChanges } from "../snapshot/mod.ts";
import { diffSnapshots, viewDelta, viewOf } from "../snapshot/mod.ts";
import { encodeFrame, type Frame, type Sink } from "./_frame.ts";
import { createViewCache, type ViewSpec } from "./_views.ts";
import type { Position } from "./parse.ts";
import { deltaMessage, statusMessage } from "./protocol.ts";
import { createRing } from "./ring.ts";

export type { ViewSpec } from "./_views.ts";

/** Options of {@linkcode createHub}. */
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
  /** Told, per version delivered, the ms from its commit to the last send. */
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

interface SubscriberState extends Subscriber {
  /** Resume position of a subscriber still waiting for its answer. */
  since: Position | null;
  answered: boolean;
  /** Epoch and version of the last snapshot/delta this subscriber received. */
  epoch: string;
  version: number;
  /** View key of the last frame it received. */
  key: string;
  visible: ReadonlySet<string> | null;
}

/** The hub of one isolate. */
export interface Hub {
  /** The newest snapshot, or null before the first. */
  current(): Snapshot | null;
  /** True when no snapshot is held or it is older than `staleAfterMs`. */
  stale(): boolean;
  /**
   * Takes a newly committed snapshot and brings every subscriber to it;
   * `changes`, when given, are the ids changed since the last published.
   */
  publish(snapshot: Snapshot, changes?: SnapshotChanges): void;
  /** Re-evaluates freshness; on a flip sends `status` to every subscriber. */
  checkFreshness(): void;
  /**
   * Registers `sink` for `spec` and answers it once: a resumed delta when
   * `since` is held in the ring, else a full snapshot; before the first
   * snapshot the answer waits for it.
   */
  subscribe(sink: Sink, spec: ViewSpec, since: Position | null): Subscriber;
  /** Stops sending to `subscriber` (idempotent). */
  unsubscribe(subscriber: Subscriber): void;
  /** Registered subscribers. */
  size(): number;
  /** A copy of the counters. */
  counters(): HubCounters;
}

/**
 * Creates a hub.
 *
 * @example
 * ```ts
 * const hub = createHub({ clock, log, staleAfterMs: 12_000, ringSize: 120,
 *   maxBufferedBytes: 1 << 20, lagBufferedBytes: 256 << 10 });
 * hub.subscribe(sink, { scope: "*", filter: null, agents: false }, null);
 * hub.publish(snapshot);
 * ```
 */
export function createHub(options: HubOptions): Hub {
  const { clock, log, staleAfterMs, maxBufferedBytes, lagBufferedBytes } =
    options;
  const ring = createRing(options.ringSize);
  const views = createViewCache();
  const subscribers = new Set<SubscriberState>();
  const counters: HubCounters = {
    framesSent: 0,
    bytesSent: 0,
    slowClosed: 0,
    resumed: 0,
    resumeMissed: 0,
  };
  let current: Snapshot | null = null;
  let staleNow = true;
  /** Answer frames (snapshots, resumed deltas) of the current version. */
  let answers = new Map<string, Frame>();

  function computeStale(): boolean {
    return current === null ||
      clock.now() - Date.parse(current.fetchedAt) > staleAfterMs;
  }

  function send(sub: SubscriberState, frame: Frame): void {
    counters.bytesSent += sub.sink.send(frame);
    counters.framesSent++;
  }

  function end(sub: SubscriberState, code: number, reason: string): void {
    subscribers.delete(sub);
    if (code === 1013) counters.slowClosed++;
    sub.sink.end(code, reason);
  }

  function moveTo(sub: SubscriberState, cur: Snapshot, key: string) {
    sub.answered = true;
    sub.epoch = cur.epoch;
    sub.version = cur.version;
    sub.key = key;
    sub.visible = views.visible(sub.spec);
  }

  function answer(sub: SubscriberState): void {
    const cur = current;
    if (!cur) return;
    if (sub.sink.buffered() > maxBufferedBytes) {
      return end(sub, 1013, "Client too slow");
    }
    const since = sub.since;
    sub.since = null;
    const key = views.key(sub.spec);
    const base = since && since.version <= cur.version
      ? ring.get(since.epoch, since.version)
      : undefined;
    let frame: Frame | undefined;
    if (base) {
      counters.resumed++;
      const cacheKey = `r\u0000${base.version}\u0000${key}`;
      frame = answers.get(cacheKey);
      if (!frame) {
        const from = views.of(base, sub.spec);
        const delta = viewDelta(from, views.current(sub.spec), null);
        frame = encodeFrame(
          deltaMessage(cur, base.version, delta, staleNow, true),
        );
        answers.set(cacheKey, frame);
      }
    } else {
      if (since) counters.resumeMissed++;
      frame = answers.get(`s\u0000${key}`) ?? snapshotFrame(sub.spec, key);
    }
    send(sub, frame);
    moveTo(sub, cur, key);
  }

  function snapshotFrame(spec: ViewSpec, key: string): Frame {
    const frame = encodeFrame(views.snapshotMessage(spec, staleNow));
    answers.set(`s\u0000${key}`, frame);
    return frame;
  }

  function catchUp(
    sub: SubscriberState,
    cur: Snapshot,
    prev: Snapshot | null,
    changes: () => SnapshotChanges | null,
    frames: Map<string, Frame>,
  ): void {
    if (!sub.answered) return answer(sub);
    if (sub.epoch === cur.epoch && sub.version === cur.version) return;
    // A lagger whose version left the ring can never be caught up.
    const base = ring.get(sub.epoch, sub.version);
    if (!base && sub.epoch === cur.epoch) {
      return end(sub, 1013, "Client too slow");
    }
    const buffered = sub.sink.buffered();
    if (buffered > maxBufferedBytes) return end(sub, 1013, "Client too slow");
    if (buffered > lagBufferedBytes) return; // lagging: coalesced later
    const key = views.key(sub.spec);
    if (!base) {
      // A new epoch: the old versions mean nothing any more.
      send(sub, answers.get(`s\u0000${key}`) ?? snapshotFrame(sub.spec, key));
      return moveTo(sub, cur, key);
    }
    const cacheKey = `${base.version}\u0000${sub.key}\u0000${key}`;
    let frame = frames.get(cacheKey);
    if (!frame) {
      const fromPrev = prev !== null && prev.epoch === cur.epoch &&
        prev.version === base.version;
      const from = fromPrev
        ? views.previous(base, sub.key, sub.visible, sub.spec.agents)
        : viewOf(base, sub.visible, sub.spec.agents);
      const to = views.current(sub.spec);
      const delta = viewDelta(
        from,
        to,
        fromPrev && sub.key === key ? changes() : null,
      );
      frame = encodeFrame(deltaMessage(cur, base.version, delta, staleNow));
      frames.set(cacheKey, frame);
    }
    send(sub, frame);
    moveTo(sub, cur, key);
  }

  function guarded(sub: SubscriberState, work: () => void): void {
    try {
      work();
    } catch (error) {
      log.error("Cannot deliver to subscriber", { error });
      end(sub, 1011, "Internal error");
    }
  }

  function checkFreshness(): void {
    const stale = computeStale();
    if (stale === staleNow) return;
    staleNow = stale;
    answers = new Map();
    const frame = encodeFrame(statusMessage(
      stale,
      current?.fetchedAt ?? null,
      stale ? `No successful poll for more than ${staleAfterMs} ms` : null,
    ));
    for (const sub of [...subscribers]) {
      if (!sub.answered) continue;
      guarded(sub, () => {
        if (sub.sink.buffered() > maxBufferedBytes) {
          end(sub, 1013, "Client too slow");
        } else send(sub, frame);
      });
    }
  }

  function publish(next: Snapshot, known?: SnapshotChanges): void {
    const prev = current;
    if (prev && prev.epoch === next.epoch && next.version <= prev.version) {
      return;
    }
    ring.push(next);
    current = next;
    views.advance(next, prev !== null && prev.epoch === next.epoch);
    answers = new Map();
    checkFreshness();
    let changes: SnapshotChanges | null | undefined = prev?.epoch === next.epoch
      ? known
      : null;
    const lazyChanges = () =>
      changes === undefined
        ? (changes = prev && prev.epoch === next.epoch
          ? diffSnapshots(prev, next)
          : null)
        : changes;
    const frames = new Map<string, Frame>();
    const sent = counters.framesSent;
    for (const sub of [...subscribers]) {
      guarded(sub, () => catchUp(sub, next, prev, lazyChanges, frames));
    }
    if (counters.framesSent > sent) {
      options.onFanout?.(clock.now() - Date.parse(next.committedAt));
    }
  }

  return {
    current: () => current,
    stale: () => computeStale(),
    publish,
    checkFreshness,
    subscribe(sink, spec, since) {
      const sub: SubscriberState = {
        sink,
        spec,
        since,
        answered: false,
        epoch: "",
        version: 0,
        key: "",
        visible: null,
      };
      subscribers.add(sub);
      guarded(sub, () => answer(sub));
      return sub;
    },
    unsubscribe(subscriber) {
      subscribers.delete(subscriber as SubscriberState);
    },
    size: () => subscribers.size,
    counters: () => ({ ...counters }),
  };
}
