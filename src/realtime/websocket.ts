/**
 * The WebSocket endpoint `/ws`: hello, subscribe with a token, ping/pong,
 * limits (frame size, message rate, subscribe deadline, token expiry) and
 * the close codes of the contract.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Authenticator } from "../auth/mod.ts";
import type { Source } from "../snapshot/mod.ts";
import { Connection } from "./_connection.ts";
import type { Deadlines } from "./_deadlines.ts";
import type { MessageRate } from "./_rate.ts";
import type { Closable } from "./_sink.ts";
import type { Hub } from "./hub.ts";
import { CLOSE_CODES } from "./protocol.ts";

/** Limits of the WebSocket endpoint. */
export interface WebSocketLimits {
  maxConnections: number;
  subscribeTimeoutMs: number;
  maxFrameBytes: number;
  idleTimeoutSeconds: number;
  messageRate: MessageRate;
}

/** Deadlines a connection sets: the first subscribe, the token's expiry. */
export type ConnectionDeadline = "subscribe" | "expiry";

/** The open connections of one transport, counted with the other's. */
export interface ConnectionSet<C extends Closable = Closable> {
  /** Open WebSocket + SSE connections. */
  size(): number;
  /** Registers an open connection. */
  add(connection: C): void;
  /** Unregisters it (idempotent). */
  delete(connection: C): void;
}

/** What a WebSocket connection needs from the real-time service. */
export interface WebSocketContext {
  hub: Hub;
  auth: Authenticator;
  clock: Clock;
  log: Logger;
  source: Source;
  limits: WebSocketLimits;
  /** The service's shared deadline timer. */
  deadlines: Deadlines<ConnectionDeadline>;
  /** The open WebSocket connections (counted with SSE streams). */
  connections: ConnectionSet;
  /** Counters of the endpoint (for `/metrics`). */
  counters: { rateLimitClosed: number };
  /** Aborted when the service closes. */
  signal: AbortSignal;
}

/**
 * Upgrades `req` and serves the connection. Over the connection limit the
 * socket is accepted, then closed with 1013.
 *
 * @example
 * ```ts
 * Deno.serve((req, info) => acceptWebSocket(req, info.remoteAddr.hostname, context));
 * ```
 */
export function acceptWebSocket(
  req: Request,
  remoteAddr: string,
  context: WebSocketContext,
): Response {
  if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return badHandshake("Cannot upgrade: expected a WebSocket handshake");
  }
  let upgraded: { socket: WebSocket; response: Response };
  try {
    upgraded = Deno.upgradeWebSocket(req, {
      idleTimeout: context.limits.idleTimeoutSeconds,
    });
  } catch {
    // A malformed handshake (no `Connection: Upgrade`, no key) is the
    // client's fault: 400, not an internal error.
    return badHandshake("Cannot upgrade: invalid WebSocket handshake");
  }
  const { socket, response } = upgraded;
  const refusal = context.signal.aborted
    ? CLOSE_CODES.shuttingDown
    : context.connections.size() >= context.limits.maxConnections
    ? CLOSE_CODES.overCapacity
    : null;
  if (refusal) socket.onopen = () => socket.close(refusal.code, refusal.reason);
  else new Connection(socket, remoteAddr, context);
  return response;
}

function badHandshake(message: string): Response {
  return Response.json(
    { error: { code: "bad_request", message } },
    { status: 400 },
  );
}
