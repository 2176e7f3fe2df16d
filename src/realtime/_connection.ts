/**
 * One WebSocket connection of `/ws`: one object holding all of its state
 * (one `phase`, no closures, timers or controllers of its own), the hub's
 * sink and the service's closable.
 *
 * @module
 */

import { AuthError, type Principal } from "../auth/mod.ts";
import type { Deadline, DeadlineOwner } from "./_deadlines.ts";
import { binaryLength, type Frame, frameBytes } from "./_frame.ts";
import { RateGate } from "./_rate.ts";
import { scopeRefusal } from "./_scope.ts";
import type { Sink } from "./_sink.ts";
import type { Subscriber } from "./hub.ts";
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
import type { ConnectionDeadline, WebSocketContext } from "./websocket.ts";

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
export class Connection
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
