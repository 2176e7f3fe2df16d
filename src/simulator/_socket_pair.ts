/**
 * Notification sockets: the simulator's end of a WebSocket, and the
 * in-process pair behind `simulator.connect(url)` (events delivered in
 * order on the microtask queue, like a socket that never lags), plus the
 * adapter for a real WebSocket upgraded by the standalone server.
 *
 * @module
 */

import type { NotificationSocket } from "../genesys/mod.ts";

/** The simulator's end of one notification WebSocket. */
export interface SocketPeer {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** What the simulator does with a connected socket's traffic. */
export interface SocketHandlers {
  /** A text frame from the client. */
  message(text: string): void;
  /** The socket closed (either side). */
  closed(): void;
}

/** Accepts a socket for a channel; null refuses it. */
export type AcceptSocket = (
  channelId: string | null,
  peer: SocketPeer,
) => SocketHandlers | null;

/** Close code when a connection is refused (unknown channel, outage). */
export const REFUSED_CODE = 4404;

/**
 * Opens an in-process socket: `accept` decides on the next microtask; a
 * refusal fires `error` then `close` with {@linkcode REFUSED_CODE}.
 */
export function connectInProcess(
  channelId: string | null,
  accept: AcceptSocket,
): NotificationSocket {
  let state = 0;
  let handlers: SocketHandlers | null = null;
  const later = (fn: () => void) => queueMicrotask(fn);
  function finish(code: number, reason: string, clean: boolean) {
    if (state === 3) return;
    state = 3;
    const h = handlers;
    handlers = null;
    later(() => {
      h?.closed();
      socket.onclose?.(
        new CloseEvent("close", { code, reason, wasClean: clean }),
      );
    });
  }
  const peer: SocketPeer = {
    send(text) {
      if (state !== 1) return;
      later(() =>
        socket.onmessage?.(new MessageEvent("message", { data: text }))
      );
    },
    close: (code, reason) => finish(code, reason, true),
  };
  const socket: NotificationSocket = {
    get readyState() {
      return state;
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send(data) {
      if (state !== 1) {
        throw new DOMException(
          "Cannot send on the socket: it is not open",
          "InvalidStateError",
        );
      }
      later(() => handlers?.message(String(data)));
    },
    close(code = 1000, reason = "") {
      if (state >= 2) return;
      state = 2;
      finish(code, reason, true);
    },
  };
  later(() => {
    if (state !== 0) return;
    handlers = accept(channelId, peer);
    if (!handlers) {
      state = 3;
      socket.onerror?.(new Event("error"));
      socket.onclose?.(
        new CloseEvent("close", {
          code: REFUSED_CODE,
          reason: "Cannot connect: unknown or expired channel",
          wasClean: false,
        }),
      );
      return;
    }
    state = 1;
    socket.onopen?.(new Event("open"));
  });
  return socket;
}

/** Adapts a WebSocket from `Deno.upgradeWebSocket` to a {@linkcode SocketPeer}. */
export function servedPeer(
  socket: WebSocket,
  handlers: () => SocketHandlers | null,
): SocketPeer {
  const pending: string[] = [];
  socket.onopen = () => {
    for (const text of pending.splice(0)) socket.send(text);
  };
  socket.onmessage = (event) => handlers()?.message(String(event.data));
  socket.onclose = () => handlers()?.closed();
  socket.onerror = () => {};
  return {
    send(text) {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else if (socket.readyState === WebSocket.CONNECTING) pending.push(text);
    },
    close(code, reason) {
      if (socket.readyState < WebSocket.CLOSING) socket.close(code, reason);
    },
  };
}
