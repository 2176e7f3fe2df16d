/**
 * What the real-time room offers the HTTP room and `main.ts`.
 *
 * @module
 */

import type { Principal } from "../auth/types.ts";
import type { Snapshot } from "../snapshot/model.ts";
import type { Freshness } from "./_hub_types.ts";

/** Queue/agent filter asked for by a subscriber (REST, SSE or subscribe). */
export interface SubscriptionFilter {
  /** Queue ids asked for; null = every queue in scope. */
  queues: string[] | null;
  agents: boolean;
}

/** Counters for `/metrics`. */
export interface RealtimeMetrics {
  websockets: number;
  sseStreams: number;
  framesSent: number;
  bytesSent: number;
  slowClosed: number;
  /** WebSockets closed (1008) for sending over their message rate. */
  rateLimitClosed: number;
  resumed: number;
  resumeMissed: number;
  version: number;
}

/** The per-isolate real-time service: hub, WebSocket and SSE endpoints. */
export interface Realtime {
  /** Answers `GET /ws` (the origin was already checked). */
  upgrade(req: Request, remoteAddr: string): Response;
  /** Answers `GET /api/v1/stream` for a verified principal. */
  stream(
    req: Request,
    principal: Principal,
    filter: SubscriptionFilter,
    lastEventId: string | null,
  ): Response;
  /** The newest snapshot this isolate holds, or null before the first. */
  current(): Snapshot | null;
  /** True when no successful poll happened for `STALE_AFTER_MS`. */
  stale(): boolean;
  /** Staleness and the poller's reason for it (or for deliberate slowness). */
  freshness(): Freshness;
  /** Open WebSocket plus SSE connections of this isolate. */
  connections(): number;
  metrics(): RealtimeMetrics;
  /** Closes every WebSocket with 1001, ends SSE streams, stops watching. */
  close(): Promise<void>;
}
