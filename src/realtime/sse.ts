/**
 * The SSE endpoint `/api/v1/stream`: the same JSON as the WebSocket frames,
 * as `event:`/`id:`/`data:` blocks, with `Last-Event-ID` resume, keep-alive
 * comments (one shared timer beats every stream) and a byte-bounded queue.
 *
 * Event stream format: WHATWG HTML, "Server-sent events"
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 *
 * @module
 */

import type { Logger } from "../log.ts";
import type { Principal } from "../auth/mod.ts";
import type { Deadline, DeadlineOwner, Deadlines } from "./_deadlines.ts";
import type { Frame } from "./_frame.ts";
import type { Sink } from "./_sink.ts";
import type { SubscriptionFilter } from "./contracts.ts";
import type { Hub, Subscriber } from "./hub.ts";
import type { Position } from "./parse.ts";
import { CLOSE_CODES, type CloseCode } from "./protocol.ts";
import type { ConnectionDeadline, ConnectionSet } from "./websocket.ts";

/** What an SSE stream needs from the real-time service. */
export interface SseContext {
  hub: Hub;
  log: Logger;
  /** Bytes queued for one stream beyond which it is ended. */
  maxBufferedBytes: number;
  maxConnections: number;
  /** The service's shared deadline timer (token expiry). */
  deadlines: Deadlines<ConnectionDeadline>;
  /** The open streams (counted with WebSockets); beaten by the service. */
  connections: ConnectionSet<EventStream>;
  /** Aborted when the service closes. */
  signal: AbortSignal;
}

const encoder = new TextEncoder();
const KEEP_ALIVE = encoder.encode(": keep-alive\n\n");
const HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};

/**
 * Parses an SSE event id `<epoch>:<version>`; null when absent or malformed.
 *
 * @example
 * ```ts
 * parseEventId("e-1:41"); // { epoch: "e-1", version: 41 }
 * ```
 */
export function parseEventId(id: string | null): Position | null {
  if (!id) return null;
  const at = id.lastIndexOf(":");
  const digits = id.slice(at + 1);
  if (at <= 0 || !/^[0-9]{1,15}$/.test(digits)) return null;
  return { epoch: id.slice(0, at), version: Number(digits) };
}

/**
 * Opens an event stream of the view `principal` may see through `filter`.
 * `lastEventId` (or the `Last-Event-ID` header) resumes like `since`.
 *
 * @example
 * ```ts
 * const response = openEventStream(req, principal, { queues: null, agents: false }, null, context);
 * ```
 */
export function openEventStream(
  req: Request,
  principal: Principal,
  filter: SubscriptionFilter,
  lastEventId: string | null,
  context: SseContext,
): Response {
  if (context.signal.aborted) {
    return unavailable("shutting_down", CLOSE_CODES.shuttingDown.reason);
  }
  if (context.connections.size() >= context.maxConnections) {
    return unavailable("over_capacity", CLOSE_CODES.overCapacity.reason);
  }
  // HEAD gets the headers only: its body is never read nor cancelled, so a
  // stream would hold a connection slot and a subscription for nothing.
  if (req.method === "HEAD") return new Response(null, { headers: HEADERS });
  const stream = new EventStream(context);
  const body = new ReadableStream<Uint8Array>(stream, {
    highWaterMark: context.maxBufferedBytes,
    size: (chunk) => chunk.byteLength,
  });
  stream.subscribe(
    principal,
    filter,
    parseEventId(lastEventId ?? req.headers.get("last-event-id")),
  );
  return new Response(body, { headers: HEADERS });
}

/** One event stream: the hub's sink and the body's underlying source. */
export class EventStream
  implements
    Sink,
    DeadlineOwner<ConnectionDeadline>,
    UnderlyingDefaultSource<Uint8Array> {
  readonly #context: SseContext;
  #controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  #closed = false;
  #subscriber: Subscriber | null = null;
  #deadline: Deadline<ConnectionDeadline> | null = null;

  constructor(context: SseContext) {
    this.#context = context;
    context.connections.add(this);
  }

  /** Subscribes to the hub and arms the token's expiry. */
  subscribe(
    principal: Principal,
    filter: SubscriptionFilter,
    since: Position | null,
  ): void {
    this.#subscriber = this.#context.hub.subscribe(this, {
      scope: principal.queues,
      filter: filter.queues,
      agents: filter.agents,
      trend: filter.trend === true,
    }, since);
    if (principal.expiresAt !== null && !this.#closed) {
      this.#deadline = this.#context.deadlines.add(
        principal.expiresAt,
        this,
        "expiry",
      );
    }
  }

  start(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.#controller = controller;
  }

  cancel(): void {
    // The client went away. (Not `req.signal`: Deno's legacy abort fires on
    // every finished request and warns when it is listened to.)
    this.#finish(null);
  }

  buffered(): number {
    if (this.#closed) return 0;
    const max = this.#context.maxBufferedBytes;
    return max - (this.#controller!.desiredSize ?? max);
  }

  send(frame: Frame): number {
    if (this.#closed) return 0;
    const bytes = frame.sse;
    this.#controller!.enqueue(bytes);
    return bytes.byteLength;
  }

  /** Ends the stream: normally on shutdown or expiry, else as an error. */
  close(cause: CloseCode): void {
    this.#finish(cause);
  }

  onDeadline(): void {
    this.#deadline = null;
    this.#finish(CLOSE_CODES.tokenExpired);
  }

  /** Sends a keep-alive comment, or ends a stream that stopped reading. */
  beat(): void {
    if (this.#closed) return;
    if (this.buffered() > this.#context.maxBufferedBytes) {
      this.#finish(CLOSE_CODES.tooSlow);
    } else this.#controller!.enqueue(KEEP_ALIVE);
  }

  /** Ends the stream once; `null` when the client already went away. */
  #finish(cause: CloseCode | null): void {
    if (this.#closed) return;
    this.#closed = true;
    const { hub, deadlines, connections, log } = this.#context;
    deadlines.cancel(this.#deadline);
    this.#deadline = null;
    if (this.#subscriber) hub.unsubscribe(this.#subscriber);
    connections.delete(this);
    if (cause === null) return;
    try {
      if (
        cause === CLOSE_CODES.shuttingDown || cause === CLOSE_CODES.tokenExpired
      ) this.#controller!.close();
      else this.#controller!.error(new Error(cause.reason));
    } catch (error) {
      log.debug("Cannot end event stream", { error });
    }
  }
}

function unavailable(code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status: 503 });
}
