/**
 * An encoded server message, shared by every subscriber that receives it:
 * the JSON text is built once, the SSE wire form and the byte length lazily
 * and at most once.
 *
 * @module
 */

import type { ServerMessage } from "./protocol.ts";

/** SSE event names of the frames the hub sends. */
export type FrameEvent = "snapshot" | "delta" | "status";

const encoder = new TextEncoder();

/** One encoded message, ready to be sent to many receivers. */
export class Frame {
  /** SSE event name. */
  readonly event: FrameEvent;
  /** The JSON text (one line): the WebSocket frame and the SSE `data:`. */
  readonly text: string;
  /** SSE `id:` (`<epoch>:<version>`), null for `status`. */
  readonly id: string | null;
  #bytes = -1;
  #sse: Uint8Array | null = null;

  constructor(event: FrameEvent, text: string, id: string | null) {
    this.event = event;
    this.text = text;
    this.id = id;
  }

  /** UTF-8 length of `text`. */
  get bytes(): number {
    if (this.#bytes < 0) this.#bytes = utf8Length(this.text);
    return this.#bytes;
  }

  /** The SSE event block (`event:`, `id:`, `data:` lines and a blank line). */
  get sse(): Uint8Array {
    if (!this.#sse) {
      const id = this.id === null ? "" : `id: ${this.id}\n`;
      this.#sse = encoder.encode(
        `event: ${this.event}\n${id}data: ${this.text}\n\n`,
      );
    }
    return this.#sse;
  }
}

/** Encodes `message` into a shared frame. */
export function encodeFrame(
  message: ServerMessage & { type: FrameEvent },
): Frame {
  const id = message.type === "status"
    ? null
    : `${message.epoch}:${message.version}`;
  return new Frame(message.type, JSON.stringify(message), id);
}

/** UTF-8 byte length of `text` without allocating when it is plain ASCII. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** UTF-8 length of a received text frame, exact only when it may exceed `limit`. */
export function frameBytes(text: string, limit: number): number {
  if (text.length * 3 <= limit) return text.length;
  return utf8Length(text);
}

/** Length of a received binary frame. */
export function binaryLength(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof Blob) return data.size;
  return 0;
}
