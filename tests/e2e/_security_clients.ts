/**
 * Clients of the security end-to-end tests: a WebSocket client and an SSE
 * reader that queue what they receive, and a `fetch` wrapper; everything
 * received is recorded as evidence for the secret-hygiene checks. Waits are
 * bounded by events; a guard timer only turns a hang into a failure.
 *
 * @module
 */

import type { Evidence } from "./_security_helpers.ts";

/** How long a test waits for one event before failing (a hang guard only). */
export const GUARD_MS = 10_000;

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
  const response = await guard(fetch(url, init), `${init.method ?? "GET"}`);
  const text = await guard(response.text(), "body");
  evidence.outputs.push(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Rejects when `promise` does not settle within the hang guard. */
export async function guard<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Cannot finish ${what}: guard time passed`)),
          GUARD_MS,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A parsed server frame. */
export type Frame = Record<string, unknown>;

/** How a WebSocket ended. */
export interface Closed {
  code: number;
  reason: string;
}

/** A WebSocket client that queues frames and records them as evidence. */
export class WsClient {
  readonly socket: WebSocket;
  /** Every text frame received, raw. */
  readonly raw: string[] = [];
  /** Resolves once the socket closed. */
  readonly closed: Promise<Closed>;
  #read = 0;
  #wake: (() => void) | null = null;
  #closedWith: Closed | null = null;

  private constructor(socket: WebSocket, evidence: Evidence) {
    this.socket = socket;
    socket.onmessage = (event) => {
      const text = String(event.data);
      this.raw.push(text);
      evidence.outputs.push(text);
      this.#wake?.();
    };
    this.closed = new Promise((resolve) => {
      socket.onclose = (event) => {
        this.#closedWith = { code: event.code, reason: event.reason };
        resolve(this.#closedWith);
        this.#wake?.();
      };
    });
  }

  /** Connects (with extra handshake `headers`) and waits for the open. */
  static async open(
    evidence: Evidence,
    url: string,
    headers: Record<string, string> = {},
  ): Promise<WsClient> {
    // Deno's non-standard `headers` option; typed as protocols because a
    // `lib="dom"` reference elsewhere in tests/ replaces Deno's constructor
    // type when the folder is checked together.
    const options = { headers } as unknown as string[];
    const socket = new WebSocket(url, options);
    const client = new WsClient(socket, evidence);
    await guard(
      new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error("Cannot open WebSocket"));
      }),
      "WebSocket open",
    );
    return client;
  }

  /** How the socket closed, or null while it is open. */
  get closedWith(): Closed | null {
    return this.#closedWith;
  }

  /** Frames received but not read yet. */
  get unread(): number {
    return this.raw.length - this.#read;
  }

  /** The next frame as text, or null when the socket closed first. */
  async nextRaw(): Promise<string | null> {
    while (this.#read >= this.raw.length && !this.#closedWith) {
      await guard(
        new Promise<void>((resolve) => this.#wake = resolve),
        "WebSocket frame",
      );
    }
    return this.#read < this.raw.length ? this.raw[this.#read++] : null;
  }

  /** The next frame, parsed; throws when the socket closed first. */
  async next(): Promise<Frame> {
    const text = await this.nextRaw();
    if (text === null) {
      throw new Error(
        `Cannot read frame: socket closed with ${this.#closedWith?.code}`,
      );
    }
    return JSON.parse(text);
  }

  /** Sends `message` as JSON text. */
  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends `subscribe` and returns the answer frame. */
  async subscribe(fields: Record<string, unknown>): Promise<Frame> {
    this.send({ type: "subscribe", ...fields });
    return await this.next();
  }

  /** Waits for the close. */
  waitClosed(): Promise<Closed> {
    return guard(this.closed, "WebSocket close");
  }

  /** Closes from the client side (if still open) and waits for the close. */
  async close(): Promise<void> {
    if (this.socket.readyState < WebSocket.CLOSING) this.socket.close();
    await this.waitClosed();
  }
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
    const response = await guard(fetch(url, { headers }), "SSE open");
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
      const { value, done } = await guard(this.#reader.read(), "SSE event");
      if (done) return null;
      this.#evidence.outputs.push(value);
      this.#buffer += value;
    }
  }

  /** The next event's parsed `data`; throws when the stream ended. */
  async nextData(): Promise<Frame> {
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
