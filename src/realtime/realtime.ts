/**
 * The per-isolate real-time service: watches the snapshot store, feeds the
 * hub, and serves WebSocket and SSE subscribers.
 *
 * @module
 */

import type { Authenticator } from "../auth/mod.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Source } from "../snapshot/mod.ts";
import type { SnapshotStore } from "../snapshot/mod.ts";
import { Deadlines } from "./_deadlines.ts";
import type { MessageRate } from "./_rate.ts";
import type { Closable } from "./_sink.ts";
import type { Realtime } from "./contracts.ts";
import { createHub, type FreshnessCheck, type Hub } from "./hub.ts";
import { CLOSE_CODES } from "./protocol.ts";
import { type EventStream, openEventStream, type SseContext } from "./sse.ts";
import {
  acceptWebSocket,
  type ConnectionDeadline,
  type ConnectionSet,
  type WebSocketContext,
} from "./websocket.ts";

/** Options of {@linkcode createRealtime}. */
export interface RealtimeOptions {
  /** Where committed snapshots and their changes come from (`watch`). */
  store: SnapshotStore;
  /** Verifies subscriber tokens. */
  auth: Authenticator;
  /** Drives every timer (freshness, deadlines, expiry, heartbeats). */
  clock: Clock;
  /** Where handler failures are logged. */
  log: Logger;
  /** Announced in `hello` before the first snapshot. */
  source: Source;
  /** Freshness threshold (`STALE_AFTER_MS`). */
  staleAfterMs: number;
  /** Snapshots kept for resume and catch-up; default 120. */
  ringSize?: number;
  /** WebSocket + SSE connections of this isolate; default 10 000. */
  maxConnections?: number;
  /** Bytes waiting beyond which a client is closed (1013); default 1 MiB. */
  maxBufferedBytes?: number;
  /** Bytes waiting beyond which a client is skipped; default 256 KiB. */
  lagBufferedBytes?: number;
  /** Deadline of the first `subscribe`; default 10 000 ms. */
  subscribeTimeoutMs?: number;
  /** Largest client frame; default 64 KiB. */
  maxFrameBytes?: number;
  /** WebSocket ping/pong idle timeout in SECONDS; default 30. */
  idleTimeoutSeconds?: number;
  /** Client message rate; default 20/s with bursts of 40. */
  messageRate?: MessageRate;
  /** Told, per version delivered, the ms from its commit to the last send. */
  onFanout?: (latencyMs: number) => void;
  /** Judges freshness (see `HubOptions.freshness`); default `staleAfterMs`. */
  freshness?: FreshnessCheck;
  /** SSE keep-alive comment period; default 15 000 ms. */
  sseHeartbeatMs?: number;
  /** Freshness re-check period; default 1 000 ms. */
  freshnessCheckMs?: number;
}

/**
 * Creates the real-time service and starts watching `store` at once;
 * `close()` stops it. It also turns on Deno's vectored WebSocket writes
 * (see {@linkcode useVectoredWrites}).
 *
 * @example
 * ```ts
 * const realtime = createRealtime({ store, auth, clock: systemClock(),
 *   log: createLogger(), source: "simulator", staleAfterMs: 12_000 });
 * Deno.serve((req, info) => realtime.upgrade(req, info.remoteAddr.hostname));
 * ```
 */
export function createRealtime(options: RealtimeOptions): Realtime {
  const { store, auth, clock, log } = options;
  useVectoredWrites();
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const maxConnections = options.maxConnections ?? 10_000;
  const hub: Hub = createHub({
    clock,
    log,
    staleAfterMs: options.staleAfterMs,
    ringSize: options.ringSize ?? 120,
    maxBufferedBytes,
    lagBufferedBytes: options.lagBufferedBytes ?? 256 * 1024,
    onFanout: options.onFanout,
    freshness: options.freshness,
  });
  const lifetime = new AbortController();
  const signal = lifetime.signal;
  const deadlines = new Deadlines<ConnectionDeadline>(clock, log);
  const websockets = new Set<Closable>();
  const streams = new Set<EventStream>();
  const count = () => websockets.size + streams.size;

  const wsContext: WebSocketContext = {
    hub,
    auth,
    clock,
    log,
    source: options.source,
    signal,
    deadlines,
    connections: connectionSet(websockets, count),
    counters: { rateLimitClosed: 0 },
    limits: {
      maxConnections,
      subscribeTimeoutMs: options.subscribeTimeoutMs ?? 10_000,
      maxFrameBytes: options.maxFrameBytes ?? 64 * 1024,
      idleTimeoutSeconds: options.idleTimeoutSeconds ?? 30,
      messageRate: options.messageRate ?? { perSecond: 20, burst: 40 },
    },
  };
  const sseContext: SseContext = {
    hub,
    log,
    signal,
    deadlines,
    maxBufferedBytes,
    maxConnections,
    connections: connectionSet(streams, count),
  };

  const watching = Promise.all([
    watch(store, hub, clock, log, signal),
    every(
      clock,
      options.freshnessCheckMs ?? 1000,
      signal,
      () => hub.checkFreshness(),
    ),
    every(clock, options.sseHeartbeatMs ?? 15_000, signal, () => {
      for (const stream of [...streams]) stream.beat();
    }),
  ]);

  return {
    upgrade: (req, remoteAddr) => acceptWebSocket(req, remoteAddr, wsContext),
    stream: (req, principal, filter, lastEventId) =>
      openEventStream(req, principal, filter, lastEventId, sseContext),
    current: () => hub.current(),
    stale: () => hub.stale(),
    freshness: () => hub.freshness(),
    connections: count,
    metrics() {
      const counters = hub.counters();
      return {
        websockets: websockets.size,
        sseStreams: streams.size,
        ...counters,
        rateLimitClosed: wsContext.counters.rateLimitClosed,
        version: hub.current()?.version ?? 0,
      };
    },
    async close() {
      lifetime.abort();
      for (const connection of [...websockets, ...streams]) {
        connection.close(CLOSE_CODES.shuttingDown);
      }
      deadlines.close();
      await watching;
    },
  };
}

/**
 * Feeds the hub from the store until `signal` aborts, with the change ids
 * the store already knows; retries after errors.
 */
async function watch(
  store: SnapshotStore,
  hub: Hub,
  clock: Clock,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      for await (const { snapshot, changes } of store.watch(signal)) {
        if (signal.aborted) break;
        hub.publish(snapshot, changes ?? undefined);
      }
    } catch (error) {
      if (signal.aborted) break;
      log.error("Cannot watch snapshots", { error });
    }
    await quietSleep(clock, 1000, signal);
  }
}

/** Runs `chore` every `everyMs` until `signal` aborts. */
async function every(
  clock: Clock,
  everyMs: number,
  signal: AbortSignal,
  chore: () => void,
): Promise<void> {
  while (await quietSleep(clock, everyMs, signal)) chore();
}

/** One transport's view of the open connections. */
function connectionSet<C extends Closable>(
  set: Set<C>,
  size: () => number,
): ConnectionSet<C> {
  return {
    size,
    add: (connection) => void set.add(connection),
    delete: (connection) => void set.delete(connection),
  };
}

/**
 * Turns on vectored writes of server WebSockets (`DENO_USE_WRITEV`, read by
 * Deno's `ext/websocket` when it creates the first server WebSocket of the
 * process) unless the environment already sets it. Without them Deno copies
 * each frame into a per-socket write buffer that keeps the size of the
 * largest frame ever sent: a 260 KB first snapshot then pins 260 KB per
 * screen for the life of the connection. Frames up to 1 KiB are still
 * copied (the writev threshold), larger ones are written in place.
 */
function useVectoredWrites(): void {
  try {
    if (Deno.env.get("DENO_USE_WRITEV") === undefined) {
      Deno.env.set("DENO_USE_WRITEV", "1");
    }
  } catch {
    // No env permission: frames are copied, as by default.
  }
}

/** Sleeps; resolves false instead of rejecting once `signal` aborts. */
async function quietSleep(
  clock: Clock,
  ms: number,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await clock.sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}
