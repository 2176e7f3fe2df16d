/**
 * Helpers of the end-to-end tests: a guard for waits, a WebSocket client
 * that keeps what it received, and a client-side view that applies frames
 * the way a screen does (PROTOCOL.md §2), written independently of the
 * server's `applyDelta`.
 *
 * Waits are bounded by a guard timer that only turns a hang into a failure.
 *
 * @module
 */

/** A parsed server message. */
// deno-lint-ignore no-explicit-any
export type Msg = Record<string, any>;

import { guard } from "./_wait.ts";

/** A WebSocket test client that queues every text frame it receives. */
export class WsClient {
  readonly socket: WebSocket;
  /** Every message received so far, parsed, in order. */
  readonly received: Msg[] = [];
  /** Resolves with the close code and reason once the socket closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  #read = 0;
  #wake: (() => void) | null = null;
  #closeCode: number | null = null;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.onmessage = (event) => {
      this.received.push(JSON.parse(String(event.data)));
      this.#poke();
    };
    this.closed = new Promise((resolve) => {
      socket.onclose = (event) => {
        this.#closeCode = event.code;
        resolve({ code: event.code, reason: event.reason });
        this.#poke();
      };
    });
  }

  /** Connects and waits until the socket is open. */
  static async connect(url: string): Promise<WsClient> {
    const client = new WsClient(new WebSocket(url));
    await guard(
      new Promise<void>((resolve, reject) => {
        client.socket.onopen = () => resolve();
        client.socket.onerror = () =>
          reject(new Error(`Cannot connect to ${url}`));
      }),
      `connect to ${url}`,
    );
    client.socket.onerror = () => {};
    return client;
  }

  /** The next message not read yet; fails when the socket closes first. */
  async next(): Promise<Msg> {
    await this.until(() =>
      this.#read < this.received.length || this.#closeCode !== null
    );
    if (this.#read < this.received.length) return this.received[this.#read++];
    throw new Error(
      `Cannot read message: socket closed with ${this.#closeCode}`,
    );
  }

  /** Waits (guarded) until `ready()` holds, re-checking on each message. */
  async until(ready: () => boolean, what = "receive a message"): Promise<void> {
    while (!ready()) {
      await guard(new Promise<void>((resolve) => this.#wake = resolve), what);
    }
  }

  /** Sends `message` as JSON. */
  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Closes from the client side and waits for the close to finish. */
  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await guard(this.closed, "close the WebSocket");
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/** What a screen holds: its queues, agents (when asked for) and totals. */
export interface ScreenView {
  epoch: string;
  version: number;
  queues: Record<string, Msg>;
  agents?: Record<string, Msg>;
  totals: Msg;
}

/**
 * Applies one `snapshot` or `delta` frame to `view` (null before the first
 * snapshot) and returns the new view. Throws when a delta does not follow
 * on from the view (wrong epoch or `prev`), so a gap fails loudly.
 */
export function applyFrame(view: ScreenView | null, frame: Msg): ScreenView {
  if (frame.type === "snapshot") {
    const next: ScreenView = {
      epoch: frame.epoch,
      version: frame.version,
      queues: { ...frame.queues },
      totals: frame.totals,
    };
    if (frame.agents !== undefined) next.agents = { ...frame.agents };
    return next;
  }
  if (frame.type !== "delta") {
    throw new TypeError(`Cannot apply frame: type "${frame.type}"`);
  }
  if (view === null) throw new Error("Cannot apply delta: no snapshot yet");
  if (frame.epoch !== view.epoch || frame.prev !== view.version) {
    throw new Error(
      `Cannot apply delta: it goes from ${frame.epoch}:${frame.prev}, the view is at ${view.epoch}:${view.version}`,
    );
  }
  const next: ScreenView = {
    epoch: frame.epoch,
    version: frame.version,
    queues: merge(view.queues, frame.queues),
    totals: frame.totals,
  };
  if (frame.agents !== undefined) {
    next.agents = merge(view.agents ?? {}, frame.agents);
  } else if (view.agents !== undefined) next.agents = view.agents;
  return next;
}

function merge(
  base: Record<string, Msg>,
  changes: Record<string, Msg | null>,
): Record<string, Msg> {
  const out = { ...base };
  for (const [id, entity] of Object.entries(changes)) {
    if (entity === null) delete out[id];
    else out[id] = entity;
  }
  return out;
}

/** The comparable part of a view or a snapshot message. */
export function content(view: ScreenView | Msg): Msg {
  const out: Msg = { queues: view.queues, totals: view.totals };
  if (view.agents !== undefined) out.agents = view.agents;
  return out;
}

/** Connects, checks the hello, subscribes and returns the first answer. */
export async function subscribe(
  url: string,
  message: Msg = {},
): Promise<{ client: WsClient; hello: Msg; first: Msg }> {
  const client = await WsClient.connect(url);
  try {
    const hello = await client.next();
    if (hello.type !== "hello") {
      throw new Error(`Cannot subscribe: first message is "${hello.type}"`);
    }
    client.send({ type: "subscribe", ...message });
    const first = await client.next();
    return { client, hello, first };
  } catch (error) {
    await client.close();
    throw error;
  }
}
