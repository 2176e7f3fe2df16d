/**
 * The WebSocket test client: it keeps every frame (raw, parsed, and with the
 * time it arrived at), applies snapshots and deltas to a view the way a
 * screen does (a gap or a duplicate is kept in `broken`), and reports how
 * the socket closed. Waits are bounded by events; a guard timer only turns
 * a hang into a failure.
 *
 * @module
 */

import { type Clock, systemClock } from "../../src/clock.ts";
import { applyFrame, type Msg, type ScreenView } from "./_view.ts";
import { guard } from "./_wait.ts";

/** One frame with the time it arrived at. */
export interface Arrival {
  at: number;
  msg: Msg;
}

/** How a WebSocket ended. */
export interface Closed {
  code: number;
  reason: string;
}

/** Options of {@linkcode WsClient.connect}. */
export interface WsClientOptions {
  /** Extra handshake headers (Deno's non-standard `headers` option). */
  headers?: Record<string, string>;
  /** Where arrival times come from; the system clock by default. */
  clock?: Clock;
  /** Every text frame received is also appended here (evidence). */
  record?: string[];
  /** The view frames apply on top of (what a resuming screen held). */
  view?: ScreenView;
}

/** A WebSocket test client that keeps everything it receives. */
export class WsClient {
  readonly socket: WebSocket;
  /** Every text frame received, as sent. */
  readonly raw: string[] = [];
  /** Every frame received, parsed, in order (`{}` for non-JSON text). */
  readonly received: Msg[] = [];
  /** Every frame except pongs, with its arrival time, in order. */
  readonly frames: Arrival[] = [];
  /** What a screen shows now (null before the first snapshot). */
  view: ScreenView | null;
  /** The first frame that did not follow on, if any (a gap or duplicate). */
  broken: Error | null = null;
  /** Resolves with the close code and reason once the socket closed. */
  readonly closed: Promise<Closed>;
  readonly #clock: Clock;
  #read = 0;
  #pongs = 0;
  #wake: (() => void) | null = null;
  #closedWith: Closed | null = null;

  private constructor(socket: WebSocket, options: WsClientOptions) {
    this.socket = socket;
    this.#clock = options.clock ?? systemClock();
    this.view = options.view ?? null;
    socket.onmessage = (event) => {
      const text = String(event.data);
      options.record?.push(text);
      this.#take(text);
      this.#poke();
    };
    this.closed = new Promise((resolve) => {
      socket.onclose = (event) => {
        this.#closedWith = { code: event.code, reason: event.reason };
        resolve(this.#closedWith);
        this.#poke();
      };
    });
  }

  /** Connects and waits until the socket is open. */
  static async connect(
    url: string,
    options: WsClientOptions = {},
  ): Promise<WsClient> {
    // Typed as protocols because a `lib="dom"` reference elsewhere in tests/
    // replaces Deno's constructor type when the folder is checked together.
    const headers = { headers: options.headers ?? {} } as unknown as string[];
    const client = new WsClient(new WebSocket(url, headers), options);
    await guard(
      new Promise<void>((resolve, reject) => {
        client.socket.onopen = () => resolve();
        client.socket.onerror = () =>
          reject(new Error(`Cannot open WebSocket to "${url}"`));
      }),
      `open WebSocket to "${url}"`,
    );
    client.socket.onerror = () => {};
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

  /** The next frame not read yet as text, or null once the socket closed. */
  async nextRaw(): Promise<string | null> {
    await this.until(() => this.unread > 0 || this.#closedWith !== null);
    return this.unread > 0 ? this.raw[this.#read++] : null;
  }

  /** The next frame not read yet, parsed; fails when the socket closes first. */
  async next(): Promise<Msg> {
    await this.until(() => this.unread > 0 || this.#closedWith !== null);
    if (this.unread > 0) return this.received[this.#read++];
    throw new Error(
      `Cannot read message: socket closed with ${this.#closedWith?.code}`,
    );
  }

  /** Waits (guarded) until `ready()` holds, re-checking on each frame. */
  async until(ready: () => boolean, what = "receive a message"): Promise<void> {
    while (!ready()) {
      await guard(new Promise<void>((resolve) => this.#wake = resolve), what);
    }
  }

  /** Sends `message` as JSON. */
  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends `subscribe` with `fields` and returns the next frame. */
  subscribe(fields: Msg = {}): Promise<Msg> {
    this.send({ type: "subscribe", ...fields });
    return this.next();
  }

  /** The snapshot and delta frames, in order. */
  updates(): Arrival[] {
    return this.frames.filter((f) =>
      f.msg.type === "snapshot" || f.msg.type === "delta"
    );
  }

  /** Frames of `type` (pongs excepted), in order. */
  of(type: string): Arrival[] {
    return this.frames.filter((f) => f.msg.type === type);
  }

  /** Resolves once the server answered a ping sent now. */
  async sync(): Promise<void> {
    const want = this.#pongs + 1;
    this.send({ type: "ping" });
    await this.until(() => this.#pongs >= want, "see a pong");
  }

  /** Waits (guarded) for the close and returns its code and reason. */
  waitClosed(): Promise<Closed> {
    return guard(this.closed, "close the WebSocket");
  }

  /** Closes from the client side (if still open) and waits for the close. */
  async close(): Promise<void> {
    if (this.socket.readyState < WebSocket.CLOSING) this.socket.close();
    await this.waitClosed();
  }

  #take(text: string): void {
    this.raw.push(text);
    let msg: Msg = {};
    try {
      msg = JSON.parse(text);
    } catch {
      // Kept raw only: a test of malformed output reads `raw`.
    }
    this.received.push(msg);
    if (msg.type === "pong") {
      this.#pongs++;
      return;
    }
    this.frames.push({ at: this.#clock.now(), msg });
    if (msg.type === "snapshot" || msg.type === "delta") this.#apply(msg);
  }

  #apply(msg: Msg): void {
    try {
      const view = this.view;
      const resumedHere = msg.resumed === true && view !== null &&
        msg.prev === view.version;
      if (
        view !== null && msg.version <= view.version &&
        !(resumedHere && msg.version === view.version)
      ) {
        throw new Error(
          `Cannot apply ${msg.type}: version ${msg.version} again after ${view.version}`,
        );
      }
      this.view = applyFrame(this.view, msg);
    } catch (error) {
      this.broken ??= error as Error;
    }
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/**
 * Connects, checks the hello, subscribes with `message` and returns the
 * first answer; with `options.view`, subscribes with `since` = its position.
 */
export async function subscribe(
  url: string,
  message: Msg = {},
  options: WsClientOptions = {},
): Promise<{ client: WsClient; hello: Msg; first: Msg }> {
  const client = await WsClient.connect(url, options);
  try {
    const hello = await client.next();
    if (hello.type !== "hello") {
      throw new Error(`Cannot subscribe: first message is "${hello.type}"`);
    }
    const since = options.view === undefined ? {} : {
      since: { epoch: options.view.epoch, version: options.view.version },
    };
    const first = await client.subscribe({ ...message, ...since });
    return { client, hello, first };
  } catch (error) {
    await client.close();
    throw error;
  }
}
