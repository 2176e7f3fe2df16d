/**
 * Clients of the security end-to-end tests: an SSE reader that queues what
 * it receives and a `fetch` wrapper; everything
 * received is recorded as evidence for the secret-hygiene checks. Waits are
 * bounded by events; a guard timer only turns a hang into a failure.
 *
 * @module
 */

import { guard, type Msg } from "../_support/mod.ts";
import type { Evidence } from "./_security_helpers.ts";

/** An HTTP answer with its whole body read. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

/** Sends a request and reads the whole answer into `evidence`. */
export async function request(
  evidence: Evidence,
  url: string,
  init: RequestInit = {},
): Promise<Answer> {
  const response = await guard(
    fetch(url, init),
    `${init.method ?? "GET"} ${url}`,
  );
  const text = await guard(response.text(), "read the body");
  evidence.outputs.push(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** One block of an event stream. */
export interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
}

/** Reads an event stream, recording its text as evidence. */
export class SseClient {
  readonly response: Response;
  #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";
  #evidence: Evidence;

  private constructor(response: Response, evidence: Evidence) {
    this.response = response;
    this.#evidence = evidence;
    this.#reader = response.body!.pipeThrough(new TextDecoderStream())
      .getReader();
  }

  /** Opens `url`; a non-200 answer is read whole and thrown as `Answer`. */
  static async open(
    evidence: Evidence,
    url: string,
    headers: Record<string, string> = {},
  ): Promise<SseClient> {
    const response = await guard(
      fetch(url, { headers }),
      "open the event stream",
    );
    if (response.status !== 200) {
      const text = await response.text();
      evidence.outputs.push(text);
      throw new SseRefused({
        status: response.status,
        headers: response.headers,
        text,
        json: JSON.parse(text),
      });
    }
    return new SseClient(response, evidence);
  }

  /** The next event (keep-alive comments skipped); null when it ended. */
  async next(): Promise<SseEvent | null> {
    while (true) {
      const end = this.#buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const event: SseEvent = {};
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) continue;
          const at = line.indexOf(": ");
          event[line.slice(0, at) as keyof SseEvent] = line.slice(at + 2);
        }
        if (Object.keys(event).length) return event;
        continue;
      }
      const { value, done } = await guard(this.#reader.read(), "read an event");
      if (done) return null;
      this.#evidence.outputs.push(value);
      this.#buffer += value;
    }
  }

  /** The next event's parsed `data`; throws when the stream ended. */
  async nextData(): Promise<Msg> {
    const event = await this.next();
    if (!event?.data) throw new Error("Cannot read event: the stream ended");
    return JSON.parse(event.data);
  }

  /** Disconnects. */
  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}

/** A refused SSE request, with its answer. */
export class SseRefused extends Error {
  readonly answer: Answer;

  constructor(answer: Answer) {
    super(`Cannot open event stream: status ${answer.status}`);
    this.answer = answer;
  }
}
