/**
 * The WebSocket endpoint `/ws` (PROTOCOL.md §2): hello, subscribe with a
 * token, ping/pong, limits (frame size, message rate, subscribe deadline,
 * token expiry) and the close codes of the contract.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { type Authenticator, AuthError, type Principal } from "../auth/mod.ts";
import type { Source } from "../snapshot/mod.ts";
import { binaryLength, type Frame, frameBytes, type Sink } from "./_frame.ts";
import { createTokenBucket, type MessageRate } from "./_rate.ts";
import type { Hub, Subscriber } from "./hub.ts";
import {
  type ClientMessage,
  parseClientMessage,
  parseFailure,
  type SubscribeMessage,
} from "./parse.ts";
import {
  type ErrorMessage,
  errorMessage,
  helloMessage,
  type ServerMessage,
} from "./protocol.ts";
import { scopeRefusal } from "./_scope.ts";

/** Limits of the WebSocket endpoint. */
export interface WebSocketLimits {
  maxConnections: number;
  subscribeTimeoutMs: number;
  maxFrameBytes: number;
  idleTimeoutSeconds: number;
  messageRate: MessageRate;
}

/** A connection `close()` can end. */
export interface Closable {
  close(code: number, reason: string): void;
}

/** What a WebSocket connection needs from the real-time service. */
export interface WebSocketContext {
  hub: Hub;
  auth: Authenticator;
  clock: Clock;
  log: Logger;
  source: Source;
  limits: WebSocketLimits;
  /** Open WebSocket + SSE connections. */
  connections(): number;
  /** Registers an open connection; the returned function unregisters it. */
  track(connection: Closable): () => void;
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
  if (context.signal.aborted) {
    socket.onopen = () => socket.close(1001, "Server shutting down");
  } else if (context.connections() >= context.limits.maxConnections) {
    socket.onopen = () =>
      socket.close(1013, "Server over its connection limit");
  } else {
    serveConnection(socket, remoteAddr, context);
  }
  return response;
}

function badHandshake(message: string): Response {
  return Response.json(
    { error: { code: "bad_request", message } },
    { status: 400 },
  );
}

function serveConnection(
  socket: WebSocket,
  remoteAddr: string,
  context: WebSocketContext,
): void {
  const { hub, auth, clock, log, limits } = context;
  const lifetime = new AbortController();
  const bucket = createTokenBucket(limits.messageRate, clock);
  let closed = false;
  let pendingClose: [number, string] | null = null;
  let subscriber: Subscriber | null = null;
  let subscribed = false;
  let inFlight = 0;
  let deadlinePassed = false;
  let refusedInRow = 0;
  let draining = false;
  let expiry: AbortController | null = null;
  let chain = Promise.resolve();
  const untrack = context.track({ close });

  const sink: Sink = {
    buffered: () =>
      socket.readyState === WebSocket.OPEN ? socket.bufferedAmount : 0,
    send(frame: Frame) {
      if (socket.readyState !== WebSocket.OPEN) return 0;
      socket.send(frame.text);
      return frame.bytes;
    },
    end: close,
  };

  function reply(message: ServerMessage): void {
    if (!closed && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function cleanup(): void {
    closed = true;
    lifetime.abort();
    expiry?.abort();
    if (subscriber) hub.unsubscribe(subscriber);
    untrack();
  }

  function close(code: number, reason: string): void {
    if (closed) return;
    cleanup();
    if (socket.readyState === WebSocket.CONNECTING) {
      pendingClose = [code, reason];
      return;
    }
    try {
      socket.close(code, reason);
    } catch (error) {
      log.debug("Cannot close WebSocket", { error, remoteAddr });
    }
  }

  function fail(error: unknown): void {
    log.error("WebSocket handler failed", { error, remoteAddr });
    close(1011, "Internal error");
  }

  function after(ms: number, signal: AbortSignal, then: () => void): void {
    if (signal.aborted) return;
    clock.sleep(ms, signal).then(() => {
      try {
        then();
      } catch (error) {
        fail(error);
      }
    }, () => {});
  }

  function armExpiry(expiresAt: number | null): void {
    expiry?.abort();
    expiry = null;
    if (expiresAt === null) return;
    expiry = new AbortController();
    const signal = AbortSignal.any([expiry.signal, lifetime.signal]);
    after(expiresAt - clock.now(), signal, () => close(4001, "Token expired"));
  }

  async function subscribe(message: SubscribeMessage): Promise<void> {
    let principal: Principal;
    try {
      principal = await auth.verify(message.token);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      if (error.code === "token_expired") return close(4001, "Token expired");
      reply(errorMessage("unauthorized", error.message));
      return close(1008, "Unauthorized");
    }
    if (closed) return;
    if (principal.expiresAt !== null && principal.expiresAt <= clock.now()) {
      return close(4001, "Token expired");
    }
    const refusal = scopeRefusal(principal, message.queues, message.agents);
    if (refusal) return reply(errorMessage("forbidden", refusal));
    if (subscriber) hub.unsubscribe(subscriber);
    subscribed = true;
    armExpiry(principal.expiresAt);
    subscriber = hub.subscribe(sink, {
      scope: principal.queues,
      filter: message.queues ?? null,
      agents: message.agents ?? false,
    }, message.since ?? null);
  }

  async function handle(message: ClientMessage | ErrorMessage): Promise<void> {
    if (closed) return;
    if (message.type === "error") return reply(message);
    if (message.type === "ping") return reply({ type: "pong" });
    inFlight++;
    try {
      await subscribe(message);
    } finally {
      inFlight--;
      if (deadlinePassed && !subscribed && inFlight === 0) {
        close(1008, "No subscribe in time");
      }
    }
  }

  function enqueue(message: ClientMessage | ErrorMessage): void {
    chain = chain.then(() => handle(message)).catch(fail);
  }

  function receive(data: unknown): void {
    if (closed || draining) return;
    const text = typeof data === "string" ? data : null;
    const size = text === null
      ? binaryLength(data)
      : frameBytes(text, limits.maxFrameBytes);
    if (size > limits.maxFrameBytes) {
      reply(errorMessage(
        "too_large",
        `Cannot accept frame: ${size} bytes is over the limit of ${limits.maxFrameBytes} bytes`,
      ));
      return close(1009, "Frame too large");
    }
    if (!bucket.take()) {
      refusedInRow++;
      if (refusedInRow > 3 * limits.messageRate.burst) {
        // Close after the answers already queued; read nothing more.
        draining = true;
        chain = chain.then(() => close(1008, "Rate limit exceeded"));
        return;
      }
      // Answered in turn, after the messages before it.
      return enqueue(errorMessage(
        "rate_limited",
        `Cannot process message: over the limit of ${limits.messageRate.perSecond} messages per second`,
      ));
    }
    refusedInRow = 0;
    enqueue(
      text === null
        ? parseFailure("Cannot parse message: binary frames are not accepted")
        : parseClientMessage(text),
    );
  }

  socket.onopen = () => {
    if (pendingClose) return socket.close(...pendingClose);
    try {
      reply(helloMessage(
        hub.current(),
        hub.stale(),
        context.source,
        auth.required,
      ));
    } catch (error) {
      fail(error);
    }
  };
  socket.onmessage = (event) => {
    try {
      receive(event.data);
    } catch (error) {
      fail(error);
    }
  };
  socket.onclose = () => {
    if (!closed) cleanup();
  };
  socket.onerror = () => {};

  after(limits.subscribeTimeoutMs, lifetime.signal, () => {
    if (subscribed) return;
    if (inFlight > 0) deadlinePassed = true;
    else close(1008, "No subscribe in time");
  });
}
