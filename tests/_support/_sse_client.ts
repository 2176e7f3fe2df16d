/**
 * The one SSE test client: opens an event stream (a refusal is read whole
 * and thrown), splits its body into blocks at blank lines, and can record
 * every text it reads as evidence. A guard only turns a hang into a failure.
 *
 * @module
 */

import { guard } from "./_wait.ts";
import type { Msg } from "./_view.ts";

/** An HTTP answer with its whole body read. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

/** One block of an event stream. */
export interface SseBlock {
  event?: string;
  id?: string;
  data?: string;
  /** Comment lines (without the leading `:`), e.g. ` keep-alive`. */
  comments: string[];
}

/** Options of {@linkcode SseClient.open}. */
export interface SseClientOptions {
  /** Request headers (authorization, origin, last-event-id). */
  headers?: Record<string, string>;
  /** Every text read, a refusal's body included, is appended here. */
  record?: string[];
}

/** A refused event stream (any status but 200), with its answer. */
export class SseRefused extends Error {
  readonly answer: Answer;

  constructor(answer: Answer) {
    super(`Cannot open event stream: status ${answer.status}`);
    this.answer = answer;
  }
}

/** Reads an event stream block by block. */
export class SseClient {
  readonly response: Response;
  #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";
  #record: string[] | undefined;

  private constructor(response: Response, record?: string[]) {
    this.response = response;
    this.#record = record;
    this.#reader = response.body!.pipeThrough(new TextDecoderStream())
      .getReader();
  }

  /** Opens `url`; a non-200 answer is read whole and thrown as `SseRefused`. */
  static async open(
    url: string,
    options: SseClientOptions = {},
  ): Promise<SseClient> {
    const response = await guard(
      fetch(url, { headers: options.headers }),
      `open the event stream "${url}"`,
    );
    if (response.status !== 200) {
      const text = await guard(response.text(), "read the refusal");
      options.record?.push(text);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const { status, headers } = response;
      throw new SseRefused({ status, headers, text, json });
    }
    return new SseClient(response, options.record);
  }

  /** The next block as sent, comments included; null when the stream ended. */
  async block(): Promise<SseBlock | null> {
    while (!this.#buffer.includes("\n\n")) {
      const { value, done } = await guard(
        this.#reader.read(),
        "read the event stream",
      );
      if (done) return null;
      this.#record?.push(value);
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
        block[line.slice(0, at) as "event" | "id" | "data"] = line.slice(
          at + 2,
        );
      }
    }
    return block;
  }

  /** The next event (comment-only blocks skipped); throws when it ended. */
  async next(): Promise<SseBlock> {
    while (true) {
      const block = await this.block();
      if (!block) throw new Error("Cannot read event: the stream ended");
      if (isEvent(block)) return block;
    }
  }

  /** The next event's parsed `data`; throws when the stream ended. */
  async nextData(): Promise<Msg> {
    const { data } = await this.next();
    if (data === undefined) throw new Error("Cannot read event: no data");
    return JSON.parse(data);
  }

  /** True when the stream ends before another event (comments skipped). */
  async ended(): Promise<boolean> {
    while (true) {
      const block = await this.block();
      if (!block) return true;
      if (isEvent(block)) return false;
    }
  }

  /** Stops reading (the client disconnects). */
  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}

/** Whether `block` carries a field (not only comments, like a keep-alive). */
function isEvent(block: SseBlock): boolean {
  return "event" in block || "id" in block || "data" in block;
}
