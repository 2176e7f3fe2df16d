/**
 * A minimal SSE reader for tests: splits the body into blocks at blank
 * lines and returns them one at a time.
 *
 * @module
 */

import { guard } from "../_support/mod.ts";

/** One block of an event stream. */
export interface SseBlock {
  event?: string;
  id?: string;
  data?: string;
  /** Comment lines (without the leading `:`), e.g. ` keep-alive`. */
  comments: string[];
}

/** Reads blocks from an event-stream response. */
export class SseReader {
  readonly response: Response;
  #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";

  constructor(response: Response) {
    this.response = response;
    this.#reader = response.body!.pipeThrough(new TextDecoderStream())
      .getReader();
  }

  /** Opens `url` with `headers` and returns a reader of its body. */
  static async open(
    url: string,
    headers: Record<string, string> = {},
  ): Promise<SseReader> {
    const response = await guard(fetch(url, { headers }), `open "${url}"`);
    return new SseReader(response);
  }

  /** The next block; throws when the stream ends first. */
  async next(): Promise<SseBlock> {
    while (!this.#buffer.includes("\n\n")) {
      const { value, done } = await guard(
        this.#reader.read(),
        "read the event stream",
      );
      if (done) throw new Error("Cannot read event: the stream ended");
      this.#buffer += value;
    }
    const end = this.#buffer.indexOf("\n\n");
    const text = this.#buffer.slice(0, end);
    this.#buffer = this.#buffer.slice(end + 2);
    const block: SseBlock = { comments: [] };
    for (const line of text.split("\n")) {
      if (line.startsWith(":")) block.comments.push(line.slice(1));
      else {
        const at = line.indexOf(": ");
        const field = line.slice(0, at) as "event" | "id" | "data";
        block[field] = line.slice(at + 2);
      }
    }
    return block;
  }

  /** Resolves true when the stream ends (after any remaining blocks). */
  async ended(): Promise<boolean> {
    while (true) {
      const { done } = await guard(
        this.#reader.read(),
        "read the event stream",
      );
      if (done) return true;
    }
  }

  /** Stops reading (the client disconnects). */
  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}
