/**
 * The SSE endpoint `/api/v1/stream` (PROTOCOL.md §4): the same JSON as the
 * WebSocket frames, as `event:`/`id:`/`data:` blocks, with `Last-Event-ID`
 * resume, keep-alive comments and a byte-bounded queue.
 *
 * Event stream format: WHATWG HTML "Server-sent events" (§9.2).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Principal } from "../auth/mod.ts";
import type { Frame, Sink } from "./_frame.ts";
import type { SubscriptionFilter } from "./contracts.ts";
import type { Hub, Subscriber } from "./hub.ts";
import type { Position } from "./parse.ts";
import type { Closable } from "./websocket.ts";

/** What an SSE stream needs from the real-time service. */
export interface SseContext {
  hub: Hub;
  clock: Clock;
  log: Logger;
  heartbeatMs: number;
  /** Bytes queued for one stream beyond which it is ended. */
  maxBufferedBytes: number;
  maxConnections: number;
  /** Open WebSocket + SSE connections. */
  connections(): number;
  /** Registers an open stream; the returned function unregisters it. */
  track(connection: Closable): () => void;
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
  const { hub, clock, log, maxBufferedBytes } = context;
  if (context.signal.aborted) {
    return unavailable("shutting_down", "Server shutting down");
  }
  if (context.connections() >= context.maxConnections) {
    return unavailable("over_capacity", "Server over its connection limit");
  }
  // HEAD gets the headers only: its body is never read nor cancelled, so a
  // stream would hold a connection slot and a subscription for nothing.
  if (req.method === "HEAD") return new Response(null, { headers: HEADERS });
  const lifetime = new AbortController();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let subscriber: Subscriber | null = null;

  function queued(): number {
    if (closed) return 0;
    return maxBufferedBytes - (controller.desiredSize ?? maxBufferedBytes);
  }

  function finish(how: "close" | "error" | "none"): void {
    if (closed) return;
    closed = true;
    lifetime.abort();
    if (subscriber) hub.unsubscribe(subscriber);
    untrack();
    try {
      if (how === "close") controller.close();
      if (how === "error") controller.error(new Error("Client too slow"));
    } catch (error) {
      log.debug("Cannot end event stream", { error });
    }
  }

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      // The client went away. (Not `req.signal`: Deno's legacy abort fires
      // on every finished request and warns when it is listened to.)
      finish("none");
    },
  }, { highWaterMark: maxBufferedBytes, size: (chunk) => chunk.byteLength });

  const sink: Sink = {
    buffered: queued,
    send(frame: Frame) {
      if (closed) return 0;
      const bytes = frame.sse;
      controller.enqueue(bytes);
      return bytes.byteLength;
    },
    end(code) {
      finish(code === 1001 ? "close" : "error");
    },
  };

  const untrack = context.track({
    close: (code) => finish(code === 1001 ? "close" : "error"),
  });
  subscriber = hub.subscribe(sink, {
    scope: principal.queues,
    filter: filter.queues,
    agents: filter.agents,
  }, parseEventId(lastEventId ?? req.headers.get("last-event-id")));

  heartbeat(clock, context.heartbeatMs, lifetime.signal, () => {
    if (queued() > maxBufferedBytes) finish("error");
    else if (!closed) controller.enqueue(KEEP_ALIVE);
  });
  if (principal.expiresAt !== null) {
    clock.sleep(principal.expiresAt - clock.now(), lifetime.signal)
      .then(() => finish("close"), () => {});
  }

  return new Response(body, { headers: HEADERS });
}

async function heartbeat(
  clock: Clock,
  everyMs: number,
  signal: AbortSignal,
  beat: () => void,
): Promise<void> {
  try {
    while (!signal.aborted) {
      await clock.sleep(everyMs, signal);
      beat();
    }
  } catch {
    // Aborted: the stream ended.
  }
}

function unavailable(code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status: 503 });
}
