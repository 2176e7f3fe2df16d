/**
 * The fan-out hub of one isolate: takes every new snapshot, computes each
 * distinct view and delta once, encodes each frame once and sends the same
 * string to every subscriber that needs it. Slow subscribers are skipped
 * and later get one coalesced delta from the ring, or are closed with 1013.
 *
 * Continuity rules: positions are (epoch, version), and a resume is either
 * whole or not at all (a full snapshot); a subscriber is registered before it
 * is caught up, so no version slips between the answer and the next delta.
 *
 * @module
 */

import type { Snapshot, SnapshotChanges } from "../snapshot/mod.ts";
import { diffSnapshots, viewDelta, viewOf } from "../snapshot/mod.ts";
import { encodeFrame, type Frame } from "./_frame.ts";
import { FrameCache } from "./_frame_cache.ts";
import { shareUnchanged } from "./_share.ts";
import type { Sink } from "./_sink.ts";
import type {
  Freshness,
  Hub,
  HubCounters,
  HubOptions,
  Resume,
  Subscriber,
  SubscriberState,
} from "./_hub_types.ts";
import { createViewCache, type ViewSpec } from "./_views.ts";
import type { Position } from "./parse.ts";
import {
  CLOSE_CODES,
  type CloseCode,
  deltaMessage,
  statusMessage,
} from "./protocol.ts";
import { createRing } from "./ring.ts";
import { nextTurn } from "./_next_turn.ts";

export type { ViewSpec } from "./_views.ts";
export type {
  Freshness,
  FreshnessCheck,
  Hub,
  HubCounters,
  HubOptions,
  Subscriber,
} from "./_hub_types.ts";

/** A version waiting for the pass in progress, with the store's change set. */
interface Published {
  snapshot: Snapshot;
  changes?: SnapshotChanges;
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
  const burstBytes = options.burstBytes ?? 4 * 1024 * 1024;
  const ring = createRing(options.ringSize);
  const views = createViewCache();
  const frames = new FrameCache();
  const subscribers = new Set<SubscriberState>();
  const counters: HubCounters = {
    framesSent: 0,
    bytesSent: 0,
    slowClosed: 0,
    resumed: 0,
    resumeMissed: 0,
  };
  let current: Snapshot | null = null;
  /** The snapshot before `current`, when of the same epoch. */
  let previous: Snapshot | null = null;
  /** What changed from `previous` to `current` (null without `previous`). */
  let changes: SnapshotChanges | null = null;
  let staleNow = true;
  /** Bytes sent since the runtime last had a turn to write them out. */
  let burst = 0;
  let pumping = false;
  let pumpAgain = false;
  /** Versions published during a pass, fanned out in order after it. */
  const waiting: Published[] = [];
  /** Frames sent when the current version became current. */
  let framesAtAdvance = 0;
  /** Whether the current version's fan-out latency was reported. */
  let reported = true;

  function latest(): Snapshot | null {
    return waiting.at(-1)?.snapshot ?? current;
  }

  /** Reports the current version's commit → last send once its pass ended. */
  function reportFanout(): void {
    if (reported || !current || counters.framesSent === framesAtAdvance) {
      return;
    }
    reported = true;
    options.onFanout?.(clock.now() - Date.parse(current.committedAt));
  }

  function freshnessOf(snapshot: Snapshot | null = current): Freshness {
    const now = clock.now();
    if (options.freshness) {
      return options.freshness(snapshot?.fetchedAt ?? null, now);
    }
    const stale = snapshot === null ||
      now - Date.parse(snapshot.fetchedAt) > staleAfterMs;
    return { stale, reason: null };
  }

  function send(sub: SubscriberState, frame: Frame): void {
    const bytes = sub.sink.send(frame);
    burst += bytes;
    counters.bytesSent += bytes;
    counters.framesSent++;
  }

  function end(sub: SubscriberState, cause: CloseCode): void {
    subscribers.delete(sub);
    if (cause === CLOSE_CODES.tooSlow) counters.slowClosed++;
    sub.sink.close(cause);
  }

  function moveTo(sub: SubscriberState, cur: Snapshot, key: string): void {
    sub.answered = true;
    sub.epoch = cur.epoch;
    sub.version = cur.version;
    sub.key = key;
    sub.visible = views.visible(sub.spec);
  }

  function snapshotFrame(spec: ViewSpec, key: string): Frame {
    return frames.snapshot(
      key,
      () => encodeFrame(views.snapshotMessage(spec, staleNow)),
    );
  }

  /** The held snapshot a resume can start from, if any. */
  function resumeBase(resume: Resume, spec: ViewSpec): Snapshot | undefined {
    // A delta cannot take the client's agent board or trend away.
    if (resume.held.agents && !spec.agents) return undefined;
    if (resume.held.trend && !spec.trend) return undefined;
    if (resume.since.version > current!.version) return undefined;
    return ring.get(resume.since.epoch, resume.since.version);
  }

  function answer(sub: SubscriberState): void {
    const cur = current!;
    if (sub.sink.buffered() > maxBufferedBytes) {
      return end(sub, CLOSE_CODES.tooSlow);
    }
    const resume = sub.resume;
    sub.resume = null;
    const key = views.key(sub.spec);
    const base = resume ? resumeBase(resume, sub.spec) : undefined;
    if (resume && base) {
      counters.resumed++;
      const from = { version: base.version, view: views.specKey(resume.held) };
      send(
        sub,
        frames.resume(from, key, () => {
          const delta = viewDelta(
            views.of(base, resume.held),
            views.current(sub.spec),
            null,
          );
          return encodeFrame(
            deltaMessage(cur, base.version, delta, staleNow, true),
          );
        }),
      );
    } else {
      if (resume) counters.resumeMissed++;
      send(sub, snapshotFrame(sub.spec, key));
    }
    moveTo(sub, cur, key);
  }

  function catchUp(sub: SubscriberState): void {
    const cur = current!;
    if (!sub.answered) return answer(sub);
    if (sub.epoch === cur.epoch && sub.version === cur.version) return;
    // A lagger whose version left the ring can never be caught up.
    const base = ring.get(sub.epoch, sub.version);
    if (!base && sub.epoch === cur.epoch) {
      return end(sub, CLOSE_CODES.tooSlow);
    }
    const buffered = sub.sink.buffered();
    if (buffered > maxBufferedBytes) return end(sub, CLOSE_CODES.tooSlow);
    if (buffered > lagBufferedBytes) return; // lagging: coalesced later
    const key = views.key(sub.spec);
    if (!base) {
      // A new epoch: the old versions mean nothing any more.
      send(sub, snapshotFrame(sub.spec, key));
      return moveTo(sub, cur, key);
    }
    const from = { version: base.version, view: sub.key };
    send(
      sub,
      frames.delta(from, key, () => {
        const fromPrevious = previous?.version === base.version;
        const before = fromPrevious
          ? views.previous(base, sub.key, sub.visible, sub.spec)
          : viewOf(base, sub.visible, sub.spec.agents, sub.spec.trend);
        const delta = viewDelta(
          before,
          views.current(sub.spec),
          fromPrevious && sub.key === key ? changes : null,
        );
        return encodeFrame(deltaMessage(cur, base.version, delta, staleNow));
      }),
    );
    moveTo(sub, cur, key);
  }

  function guarded(
    sub: SubscriberState,
    work: (sub: SubscriberState) => void,
  ): void {
    try {
      work(sub);
    } catch (error) {
      log.error("Cannot deliver to subscriber", { error });
      end(sub, CLOSE_CODES.internal);
    }
  }

  /**
   * Brings every subscriber to the current version, letting the runtime
   * write out each `burstBytes` before sending more. A deferred answer
   * during a pass starts another pass; versions published during a pass
   * follow it one by one, so that each is delivered on its own.
   */
  async function pump(): Promise<void> {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      while (true) {
        pumpAgain = false;
        for (const sub of [...subscribers]) {
          if (burst >= burstBytes) {
            await nextTurn();
            burst = 0;
          }
          if (subscribers.has(sub) && current) {
            guarded(sub, catchUp);
          }
        }
        if (pumpAgain) continue;
        reportFanout();
        const next = waiting.shift();
        if (!next) break;
        advance(next.snapshot, next.changes);
      }
    } catch (error) {
      log.error("Cannot fan out", { error });
    } finally {
      pumping = false;
    }
  }

  function checkFreshness(): void {
    const { stale, reason } = freshnessOf();
    if (stale === staleNow) return;
    staleNow = stale;
    frames.clear();
    // A reason explains staleness: the poller's record may still describe
    // the outage when the first version after it arrives.
    const frame = encodeFrame(statusMessage(
      stale,
      current?.fetchedAt ?? null,
      stale
        ? reason ?? `No successful poll for more than ${staleAfterMs} ms`
        : null,
    ));
    for (const sub of [...subscribers]) {
      if (!sub.answered) continue;
      guarded(sub, () => {
        if (sub.sink.buffered() > maxBufferedBytes) {
          end(sub, CLOSE_CODES.tooSlow);
        } else send(sub, frame);
      });
    }
  }

  function publish(next: Snapshot, known?: SnapshotChanges): void {
    const last = latest();
    if (last && last.epoch === next.epoch && next.version <= last.version) {
      return;
    }
    if (!pumping) {
      advance(next, known);
      pump();
      return;
    }
    waiting.push({ snapshot: next, changes: known });
    // Overloaded (passes slower than versions): coalesce to the newest.
    if (waiting.length > MAX_WAITING) waiting.splice(0, waiting.length - 1);
  }

  /**
   * Makes `next` the version being fanned out. `known` (the store's change
   * set) stands for the diff only when `next` directly follows `current`:
   * after a coalesced skip the hub diffs itself.
   */
  function advance(next: Snapshot, known?: SnapshotChanges): void {
    const prev = current;
    const sameEpoch = prev !== null && prev.epoch === next.epoch;
    // The one place where a version's changes are computed.
    changes = !sameEpoch
      ? null
      : known && next.version === prev.version + 1
      ? known
      : diffSnapshots(prev, next);
    framesAtAdvance = counters.framesSent;
    reported = false;
    current = sameEpoch ? shareUnchanged(prev, next, changes!) : next;
    previous = sameEpoch ? prev : null;
    ring.push(current);
    views.advance(current, sameEpoch);
    frames.clear();
    checkFreshness();
  }

  function subscribe(
    sink: Sink,
    spec: ViewSpec,
    since: Position | null,
    replacing: Subscriber | null = null,
  ): Subscriber {
    const old = replacing as SubscriberState | null;
    if (old) subscribers.delete(old);
    const held = old?.answered ? old.spec : spec;
    const sub: SubscriberState = {
      sink,
      spec,
      resume: since ? { since, held } : null,
      answered: false,
      epoch: "",
      version: 0,
      key: "",
      visible: null,
    };
    subscribers.add(sub);
    if (!current) return sub;
    if (burst < burstBytes && !pumping) guarded(sub, answer);
    else pump();
    return sub;
  }

  return {
    current: latest,
    stale: () => freshnessOf(latest()).stale,
    freshness: () => freshnessOf(latest()),
    publish,
    checkFreshness,
    subscribe,
    unsubscribe(subscriber) {
      subscribers.delete(subscriber as SubscriberState);
    },
    size: () => subscribers.size,
    counters: () => ({ ...counters }),
  };
}

/** Versions held back behind a pass before the hub skips to the newest. */
const MAX_WAITING = 4;
