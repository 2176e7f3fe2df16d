/**
 * Real-time delivery: the per-isolate hub and its WebSocket (`/ws`) and SSE
 * (`/api/v1/stream`) endpoints (protocol: docs/protocol.md).
 *
 * @example
 * ```ts
 * import { createRealtime } from "./mod.ts";
 *
 * const realtime = createRealtime({ store, auth, clock, log,
 *   source: "simulator", staleAfterMs: 12_000 });
 * Deno.serve((req, info) => realtime.upgrade(req, info.remoteAddr.hostname));
 * ```
 *
 * @module
 */

export { createRealtime, type RealtimeOptions } from "./realtime.ts";
export type { MessageRate } from "./_rate.ts";
export type { Freshness, FreshnessCheck } from "./_hub_types.ts";
export type {
  Realtime,
  RealtimeMetrics,
  SubscriptionFilter,
} from "./contracts.ts";
export {
  type ClientMessage,
  MAX_SUBSCRIBE_QUEUES,
  parseClientMessage,
  type ParseFailure,
  type PingMessage,
  type Position,
  type SubscribeMessage,
} from "./parse.ts";
export {
  CLOSE_CODES,
  type CloseCode,
  type DeltaMessage,
  deltaMessage,
  type ErrorCode,
  type ErrorMessage,
  errorMessage,
  type HelloMessage,
  helloMessage,
  PROTOCOL_VERSION,
  type ServerMessage,
  type SnapshotMessage,
  snapshotMessage,
  type StatusMessage,
  statusMessage,
} from "./protocol.ts";
export { parseEventId } from "./sse.ts";
export { readRealtimeSettings, type RealtimeSettings } from "./settings.ts";
export {
  type FdBudget,
  fdReserve,
  fdShortfall,
  parseOpenFilesLimit,
} from "./fd_budget.ts";
