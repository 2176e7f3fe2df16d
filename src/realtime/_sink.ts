/**
 * What the hub and the service see of a connection: where frames go
 * (`Sink`) and how it is ended (`Closable`).
 *
 * @module
 */

import type { Frame } from "./_frame.ts";
import type { CloseCode } from "./protocol.ts";

/** A connection the service can end (on shutdown, for instance). */
export interface Closable {
  /** Ends the connection: WebSocket closes with `cause`, SSE ends the stream. */
  close(cause: CloseCode): void;
}

/** Where the hub sends frames: one WebSocket or SSE connection. */
export interface Sink extends Closable {
  /** Bytes accepted for sending but not yet written out. */
  buffered(): number;
  /** Sends `frame`; returns the bytes handed to the transport. */
  send(frame: Frame): number;
}
