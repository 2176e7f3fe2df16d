/**
 * The WebSocket endpoint `/ws`: hello, subscribe with a token, ping/pong,
 * limits (frame size, message rate, subscribe deadline, token expiry) and
 * the close codes of the contract. One `Connection` object per socket holds
 * all of a connection's state: no closures, timers or controllers of its own.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { type Authenticator, AuthError, type Principal } from "../auth/mod.ts";
import type { Source } from "../snapshot/mod.ts";
import type { Deadline, DeadlineOwner, Deadlines } from "./_deadlines.ts";
import { binaryLength, type Frame, frameBytes } from "./_frame.ts";
import { type MessageRate, RateGate } from "./_rate.ts";
import { scopeRefusal } from "./_scope.ts";
import type { Closable, Sink } from "./_sink.ts";
import type { Hub, Subscriber } from "./hub.ts";
import {
  type ClientMessage,
  parseClientMessage,
  parseFailure,
  type SubscribeMessage,
} from "./parse.ts";
import {
  CLOSE_CODES,
  type CloseCode,
  type ErrorMessage,
  errorMessage,
  helloMessage,
  type ServerMessage,
} from "./protocol.ts";

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

/**
 * Where a connection is: before the upgrade completes; open without a
 * subscription; verifying its first subscribe; past the subscribe deadline
 * while that verification runs; subscribed; closing after the answers
 * queued (over the rate); closed.
 */
type Phase =
  | "connecting"
  | "waiting"
  | "verifying"
  | "late"
  | "subscribed"
  | "draining"
  | "closed";

/** One WebSocket connection: the hub's sink and the service's closable. */
class Connection
  implements Sink, DeadlineOwner<ConnectionDeadline>, EventListenerObject {
  readonly #socket: WebSocket;
  readonly #remoteAddr: string;
  readonly #context: WebSocketContext;
  readonly #gate: RateGate;
  #phase: Phase = "connecting";
  /** A close asked for while connecting, applied once open. */
  #closeOnOpen: CloseCode | null = null;
  #subscriber: Subscriber | null = null;
  /** The subscribe deadline until subscribed, then the token's expiry. */
  #deadline: Deadline<ConnectionDeadline> | null;
  /** Client messages are handled one after the other, in order. */
  #chain: Promise<void> = Promise.resolve();

  constructor(
    socket: WebSocket,
    remoteAddr: string,
    context: WebSocketContext,
  ) {
    const { clock, limits, deadlines } = context;
    this.#socket = socket;
    this.#remoteAddr = remoteAddr;
    this.#context = context;
    this.#gate = new RateGate(limits.messageRate, clock.now());
    this.#deadline = deadlines.add(
      clock.now() + limits.subscribeTimeoutMs,
      this,
      "subscribe",
    );
    context.connections.add(this);
    for (const type of ["open", "message", "close", "error"]) {
      socket.addEventListener(type, this);
    }
  }

  buffered(): number {
    const socket = this.#socket;
    return socket.readyState === WebSocket.OPEN ? socket.bufferedAmount : 0;
  }

  send(frame: Frame): number {
    if (this.#socket.readyState !== WebSocket.OPEN) return 0;
    this.#socket.send(frame.text);
    return frame.bytes;
  }

  close(cause: CloseCode): void {
    if (this.#phase === "closed") return;
    const connecting = this.#phase === "connecting";
    this.#cleanup();
    if (connecting) {
      this.#closeOnOpen = cause;
      return;
    }
    try {
      this.#socket.close(cause.code, cause.reason);
    } catch (error) {
      this.#context.log.debug("Cannot close WebSocket", {
        error,
        remoteAddr: this.#remoteAddr,
      });
    }
  }

  onDeadline(kind: ConnectionDeadline): void {
    this.#deadline = null;
    if (kind === "expiry") return this.close(CLOSE_CODES.tokenExpired);
    if (this.#phase === "verifying") this.#phase = "late";
    else if (this.#phase === "waiting" || this.#phase === "connecting") {
      this.close(CLOSE_CODES.noSubscribe);
    }
  }

  handleEvent(event: Event): void {
    try {
      if (event.type === "message") {
        this.#receive((event as MessageEvent).data);
      } else if (event.type === "open") this.#open();
      else if (event.type === "close" && this.#phase !== "closed") {
        this.#cleanup();
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  #open(): void {
    if (this.#closeOnOpen) {
      const { code, reason } = this.#closeOnOpen;
      return this.#socket.close(code, reason);
    }
    this.#phase = "waiting";
    const { hub, source, auth } = this.#context;
    this.#reply(
      helloMessage(hub.current(), hub.stale(), source, auth.required),
    );
  }

  /** Read through a call, so that narrowing never hides a change made meanwhile. */
  #isClosed(): boolean {
    return this.#phase === "closed";
  }

  #cleanup(): void {
    this.#phase = "closed";
    const { deadlines, hub, connections } = this.#context;
    deadlines.cancel(this.#deadline);
    this.#deadline = null;
    if (this.#subscriber) hub.unsubscribe(this.#subscriber);
    connections.delete(this);
  }

  #reply(message: ServerMessage): void {
    if (
      this.#phase !== "closed" && this.#socket.readyState === WebSocket.OPEN
    ) {
      this.#socket.send(JSON.stringify(message));
    }
  }

  #fail(error: unknown): void {
    this.#context.log.error("WebSocket handler failed", {
      error,
      remoteAddr: this.#remoteAddr,
    });
    this.close(CLOSE_CODES.internal);
  }

  #receive(data: unknown): void {
    const phase = this.#phase;
    if (phase === "closed" || phase === "draining") return;
    const { limits, clock } = this.#context;
    const text = typeof data === "string" ? data : null;
    const size = text === null
      ? binaryLength(data)
      : frameBytes(text, limits.maxFrameBytes);
    if (size > limits.maxFrameBytes) {
      this.#reply(errorMessage(
        "too_large",
        `Cannot accept frame: ${size} bytes is over the limit of ${limits.maxFrameBytes} bytes`,
      ));
      return this.close(CLOSE_CODES.frameTooLarge);
    }
    const admission = this.#gate.admit(clock.now());
    if (admission === "drop") return;
    if (admission === "close") {
      // Close after the answers already queued; read nothing more.
      this.#phase = "draining";
      this.#context.counters.rateLimitClosed++;
      this.#chain = this.#chain.then(() => this.close(CLOSE_CODES.rateLimited));
      return;
    }
    this.#enqueue(
      admission === "answer"
        ? errorMessage(
          "rate_limited",
          `Cannot process message: over the limit of ${limits.messageRate.perSecond} messages per second`,
        )
        : text === null
        ? parseFailure("Cannot parse message: binary frames are not accepted")
        : parseClientMessage(text),
    );
  }

  #enqueue(message: ClientMessage | ErrorMessage): void {
    this.#chain = this.#chain.then(() => this.#handle(message)).catch(
      (error) => this.#fail(error),
    );
  }

  async #handle(message: ClientMessage | ErrorMessage): Promise<void> {
    if (this.#phase === "closed") return;
    if (message.type === "error") return this.#reply(message);
    if (message.type === "ping") return this.#reply({ type: "pong" });
    await this.#subscribe(message);
  }

  async #subscribe(message: SubscribeMessage): Promise<void> {
    const { auth, clock, hub, deadlines } = this.#context;
    if (this.#phase === "waiting") this.#phase = "verifying";
    let principal: Principal;
    try {
      principal = await auth.verify(message.token);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      if (error.code === "token_expired") {
        return this.close(CLOSE_CODES.tokenExpired);
      }
      this.#reply(errorMessage("unauthorized", error.message));
      return this.close(CLOSE_CODES.unauthorized);
    }
    if (this.#isClosed() || this.#phase === "draining") return;
    if (principal.expiresAt !== null && principal.expiresAt <= clock.now()) {
      return this.close(CLOSE_CODES.tokenExpired);
    }
    const refusal = scopeRefusal(principal, message.queues, message.agents);
    if (refusal) {
      this.#reply(errorMessage("forbidden", refusal));
      if (this.#phase === "late") this.close(CLOSE_CODES.noSubscribe);
      else if (this.#phase === "verifying") this.#phase = "waiting";
      return;
    }
    this.#subscriber = hub.subscribe(
      this,
      {
        scope: principal.queues,
        filter: message.queues ?? null,
        agents: message.agents ?? false,
      },
      message.since ?? null,
      this.#subscriber,
    );
    // The hub may have closed it at once (too slow).
    if (this.#isClosed()) return;
    this.#phase = "subscribed";
    deadlines.cancel(this.#deadline);
    this.#deadline = principal.expiresAt === null
      ? null
      : deadlines.add(principal.expiresAt, this, "expiry");
  }
}
