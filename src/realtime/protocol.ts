/**
 * Server → client messages of the WebSocket and SSE protocol, and the one
 * table of the ways the server ends a connection. Builders put `type`
 * first, as the contract asks. REST answers reuse `snapshotMessage`.
 *
 * @module
 */

import type {
  AgentState,
  Ingest,
  QueueState,
  Snapshot,
  Source,
  Totals,
  TrendState,
  TrendTotals,
} from "../snapshot/model.ts";
import type { View, ViewDelta } from "../snapshot/contracts.ts";
import { flatTrend } from "../snapshot/mod.ts";

/** Protocol version announced in `hello`. */
export const PROTOCOL_VERSION = 1;

/** One way the server ends a connection. */
export interface CloseCode {
  /** WebSocket close code. */
  readonly code: number;
  /** Close reason sent with it. */
  readonly reason: string;
  /** What it means for the screen, and what it should do. */
  readonly meaning: string;
}

/**
 * Every way the server ends a connection: the WebSocket close code, the
 * reason sent with it and what it means. SSE ends its stream on the same
 * causes. A plain object, so that it can be served to the browser as is.
 *
 * @example
 * ```ts
 * socket.close(CLOSE_CODES.tokenExpired.code, CLOSE_CODES.tokenExpired.reason);
 * ```
 */
export const CLOSE_CODES = Object.freeze({
  shuttingDown: closeCode(
    1001,
    "Server shutting down",
    "The server is going away: reconnect with backoff",
  ),
  unauthorized: closeCode(
    1008,
    "Unauthorized",
    "The token was refused: reconnect only with another token",
  ),
  noSubscribe: closeCode(
    1008,
    "No subscribe in time",
    "No subscribe arrived within 10 s of the upgrade: reconnect and subscribe",
  ),
  rateLimited: closeCode(
    1008,
    "Rate limit exceeded",
    "The client kept sending faster than twice its message rate",
  ),
  frameTooLarge: closeCode(
    1009,
    "Frame too large",
    "A client frame was over 64 KiB",
  ),
  internal: closeCode(
    1011,
    "Internal error",
    "The server failed: reconnect with backoff",
  ),
  tooSlow: closeCode(
    1013,
    "Client too slow",
    "More than 1 MiB waited to be sent: reconnect with backoff",
  ),
  overCapacity: closeCode(
    1013,
    "Server over its connection limit",
    "Try again later, with backoff",
  ),
  tokenExpired: closeCode(
    4001,
    "Token expired",
    "Reconnect and subscribe with a fresh token",
  ),
});

function closeCode(code: number, reason: string, meaning: string): CloseCode {
  return Object.freeze({ code, reason, meaning });
}

/** `hello`, sent right after the upgrade. */
export interface HelloMessage {
  type: "hello";
  protocol: number;
  epoch: string | null;
  version: number;
  stale: boolean;
  source: Source;
  /** How live state reaches the snapshot (absent before the first snapshot). */
  ingest?: Ingest;
  authRequired: boolean;
}

/** A full view of the receiver's scope. */
export interface SnapshotMessage {
  type: "snapshot";
  epoch: string;
  version: number;
  fetchedAt: string;
  committedAt: string;
  stale: boolean;
  source: Source;
  /** How live state reached this snapshot: pushed, or polled. */
  ingest?: Ingest;
  resumed: false;
  queues: Record<string, QueueState>;
  agents?: Record<string, AgentState>;
  /** With `"trend": true`: today's intervals, keyed `"<queueId>|<start>"`. */
  trend?: Record<string, TrendState>;
  /** With `trend`: totals per interval over the visible queues, by start. */
  trendTotals?: Record<string, TrendTotals>;
  totals: Totals;
}

/** What changed since `prev`; `resumed: true` only on a resume catch-up. */
export interface DeltaMessage {
  type: "delta";
  resumed?: true;
  epoch: string;
  version: number;
  prev: number;
  fetchedAt: string;
  committedAt: string;
  stale: boolean;
  queues: Record<string, QueueState | null>;
  agents?: Record<string, AgentState | null>;
  /** With `trend`: intervals that changed; `null` = left the view. */
  trend?: Record<string, TrendState | null>;
  /** With `trend`: only the intervals whose totals changed. */
  trendTotals?: Record<string, TrendTotals | null>;
  totals: Totals;
}

/** Freshness flipped. */
export interface StatusMessage {
  type: "status";
  stale: boolean;
  fetchedAt: string | null;
  reason?: string;
}

/** Error codes of `error` messages. */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "too_large"
  | "rate_limited";

/** A refused client message. */
export interface ErrorMessage {
  type: "error";
  code: ErrorCode;
  message: string;
}

/** Any server → client message. */
export type ServerMessage =
  | HelloMessage
  | SnapshotMessage
  | DeltaMessage
  | StatusMessage
  | ErrorMessage
  | { type: "pong" };

/** Builds the `snapshot` message of `view` at `snapshot`'s version. */
export function snapshotMessage(
  snapshot: Snapshot,
  view: View,
  stale: boolean,
): SnapshotMessage {
  const message: SnapshotMessage = {
    type: "snapshot",
    epoch: snapshot.epoch,
    version: snapshot.version,
    fetchedAt: snapshot.fetchedAt,
    committedAt: snapshot.committedAt,
    stale,
    source: snapshot.source,
    ...(snapshot.ingest ? { ingest: snapshot.ingest } : {}),
    resumed: false,
    queues: view.queues,
    totals: view.totals,
  };
  if (view.agents) message.agents = view.agents;
  if (view.trend && view.trendTotals) {
    message.trend = flatTrend(view.trend);
    message.trendTotals = view.trendTotals;
  }
  // Keep `totals` last, as in the contract's listing.
  const { totals, ...rest } = message;
  return { ...rest, totals };
}

/** Builds the `delta` message that brings a receiver from `prev` to `snapshot`. */
export function deltaMessage(
  snapshot: Snapshot,
  prev: number,
  delta: ViewDelta,
  stale: boolean,
  resumed = false,
): DeltaMessage {
  const head: Pick<DeltaMessage, "type" | "resumed"> = resumed
    ? { type: "delta", resumed: true }
    : { type: "delta" };
  const message: DeltaMessage = {
    ...head,
    epoch: snapshot.epoch,
    version: snapshot.version,
    prev,
    fetchedAt: snapshot.fetchedAt,
    committedAt: snapshot.committedAt,
    stale,
    queues: delta.queues,
    totals: delta.totals,
  };
  if (delta.agents) message.agents = delta.agents;
  if (delta.trend && delta.trendTotals) {
    message.trend = delta.trend;
    message.trendTotals = delta.trendTotals;
  }
  // Keep `totals` last, as in the contract's listing.
  const { totals, ...rest } = message;
  return { ...rest, totals };
}

/** Builds an `error` message. */
export function errorMessage(code: ErrorCode, message: string): ErrorMessage {
  return { type: "error", code, message };
}

/** Builds the `hello` message sent right after the upgrade. */
export function helloMessage(
  snapshot: Snapshot | null,
  stale: boolean,
  source: Source,
  authRequired: boolean,
): HelloMessage {
  return {
    type: "hello",
    protocol: PROTOCOL_VERSION,
    epoch: snapshot?.epoch ?? null,
    version: snapshot?.version ?? 0,
    stale,
    source: snapshot?.source ?? source,
    ...(snapshot?.ingest ? { ingest: snapshot.ingest } : {}),
    authRequired,
  };
}

/** Builds a `status` message; `reason` only when given. */
export function statusMessage(
  stale: boolean,
  fetchedAt: string | null,
  reason: string | null = null,
): StatusMessage {
  const message: StatusMessage = { type: "status", stale, fetchedAt };
  if (reason !== null) message.reason = reason;
  return message;
}
