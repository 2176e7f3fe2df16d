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
import type { MessageRate } from "./_rate.ts";
import type { Realtime } from "./contracts.ts";
import { createHub, type Hub } from "./hub.ts";
import { openEventStream } from "./sse.ts";
import { acceptWebSocket, type Closable } from "./websocket.ts";

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
  /** SSE keep-alive comment period; default 15 000 ms. */
  sseHeartbeatMs?: number;
  /** Freshness re-check period; default 1 000 ms. */
  freshnessCheckMs?: number;
}

/**
 * Creates the real-time service and starts watching `store` at once;
 * `close()` stops it.
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
  });
  const lifetime = new AbortController();
  const signal = lifetime.signal;
  const open = { websockets: 0, sse: 0 };
  const connections = new Set<Closable>();

  function tracker(kind: "websockets" | "sse") {
    return (connection: Closable) => {
      connections.add(connection);
      open[kind]++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        connections.delete(connection);
        open[kind]--;
      };
    };
  }
  const count = () => open.websockets + open.sse;

  const wsContext = {
    hub,
    auth,
    clock,
    log,
    source: options.source,
    signal,
    connections: count,
    track: tracker("websockets"),
    limits: {
      maxConnections,
      subscribeTimeoutMs: options.subscribeTimeoutMs ?? 10_000,
      maxFrameBytes: options.maxFrameBytes ?? 64 * 1024,
      idleTimeoutSeconds: options.idleTimeoutSeconds ?? 30,
      messageRate: options.messageRate ?? { perSecond: 20, burst: 40 },
    },
  };
  const sseContext = {
    hub,
    clock,
    log,
    signal,
    maxBufferedBytes,
    maxConnections,
    heartbeatMs: options.sseHeartbeatMs ?? 15_000,
    connections: count,
    track: tracker("sse"),
  };

  const watching = Promise.all([
    watch(store, hub, clock, log, signal),
    checkFreshness(hub, clock, options.freshnessCheckMs ?? 1000, signal),
  ]);

  return {
    upgrade: (req, remoteAddr) => acceptWebSocket(req, remoteAddr, wsContext),
    stream: (req, principal, filter, lastEventId) =>
      openEventStream(req, principal, filter, lastEventId, sseContext),
    current: () => hub.current(),
    stale: () => hub.stale(),
    connections: count,
    metrics() {
      const counters = hub.counters();
      return {
        websockets: open.websockets,
        sseStreams: open.sse,
        ...counters,
        version: hub.current()?.version ?? 0,
      };
    },
    async close() {
      lifetime.abort();
      for (const connection of [...connections]) {
        connection.close(1001, "Server shutting down");
      }
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

/** Re-checks freshness every `everyMs` until `signal` aborts. */
async function checkFreshness(
  hub: Hub,
  clock: Clock,
  everyMs: number,
  signal: AbortSignal,
): Promise<void> {
  while (await quietSleep(clock, everyMs, signal)) hub.checkFreshness();
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
