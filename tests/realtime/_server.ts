/**
 * A real `Deno.serve` on a random port with a tiny handler that calls the
 * real-time service, and WebSocket / SSE test clients whose waits are
 * bounded by messages (a guard timer only turns a hang into a failure).
 *
 * @module
 */

import { silentLogger } from "../../src/log.ts";
import type { Principal } from "../../src/auth/mod.ts";
import {
  createRealtime,
  type Realtime,
  type RealtimeOptions,
} from "../../src/realtime/mod.ts";
import type { Snapshot } from "../../src/snapshot/mod.ts";
import { FakeClock, settle } from "../_support/mod.ts";
import { fakeAuth, FakeStore, OPEN } from "./_fakes.ts";
import { T0 } from "./_snapshots.ts";

/** How long a test waits for one message before failing (a hang guard). */
const GUARD_MS = 10_000;

/** A running test server. */
export interface TestServer {
  realtime: Realtime;
  store: FakeStore;
  clock: FakeClock;
  /** `ws://…/ws` */
  wsUrl: string;
  /** `http://…/stream` (the SSE principal is `ssePrincipal`). */
  sseUrl: string;
  /** Pushes `snapshots` and waits until the service holds the last one. */
  publish(...snapshots: Snapshot[]): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server watching its store; options override the test defaults. */
export async function startServer(
  overrides: Partial<Omit<RealtimeOptions, "clock">> & {
    ssePrincipal?: Principal;
    clock?: FakeClock;
  } = {},
): Promise<TestServer> {
  const { ssePrincipal = OPEN, clock = new FakeClock(T0), ...options } =
    overrides;
  const store = new FakeStore();
  const realtime = createRealtime({
    store,
    auth: fakeAuth({}, false),
    clock,
    log: silentLogger(),
    source: "simulator",
    staleAfterMs: 12_000,
    ...options,
  });
  const server = Deno.serve(
    {
      port: 0,
      hostname: "127.0.0.1",
      onListen() {},
      // A slow SSE stream is ended by erroring its body; Deno reports that
      // here instead of printing it.
      onError: () => new Response(null, { status: 500 }),
    },
    (req, info) => {
      const url = new URL(req.url);
      if (url.pathname === "/ws") {
        return realtime.upgrade(req, info.remoteAddr.hostname);
      }
      if (url.pathname === "/stream") {
        const queues = url.searchParams.get("queues");
        return realtime.stream(req, ssePrincipal, {
          queues: queues ? queues.split(",") : null,
          agents: url.searchParams.get("agents") === "true",
          trend: url.searchParams.get("trend") === "true",
        }, req.headers.get("last-event-id"));
      }
      return new Response("not found", { status: 404 });
    },
  );
  await until(() => store.watching > 0);
  const base = `127.0.0.1:${server.addr.port}`;
  return {
    realtime,
    store,
    clock,
    wsUrl: `ws://${base}/ws`,
    sseUrl: `http://${base}/stream`,
    async publish(...snapshots) {
      for (const snapshot of snapshots) store.push(snapshot);
      const last = snapshots.at(-1)!;
      await until(() =>
        realtime.current()?.epoch === last.epoch &&
        realtime.current()?.version === last.version
      );
    },
    async close() {
      await realtime.close();
      await server.shutdown();
    },
  };
}

/** A message received by a test client: parsed, with its raw text. */
export type Message = Record<string, unknown>;

/** A WebSocket client that queues what it receives. */
export class TestClient {
  readonly socket: WebSocket;
  readonly raw: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #read = 0;
  #wake: (() => void) | null = null;
  #closeEvent: { code: number; reason: string } | null = null;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.onmessage = (event) => {
      this.raw.push(String(event.data));
      this.#wake?.();
    };
    this.closed = new Promise((resolve) => {
      socket.onclose = (event) => {
        this.#closeEvent = { code: event.code, reason: event.reason };
        resolve(this.#closeEvent);
        this.#wake?.();
      };
    });
  }

  /** Connects to `url` and waits for the socket to open. */
  static async connect(url: string): Promise<TestClient> {
    const client = new TestClient(new WebSocket(url));
    await new Promise<void>((resolve, reject) => {
      client.socket.onopen = () => resolve();
      client.socket.onerror = () => reject(new Error("Cannot connect"));
    });
    return client;
  }

  /** The next message (parsed); fails when the socket closes first. */
  async next(): Promise<Message> {
    return JSON.parse(await this.nextRaw());
  }

  /** The next message as received. */
  async nextRaw(): Promise<string> {
    await guarded(() => this.#read < this.raw.length || !!this.#closeEvent, (
      wake,
    ) => this.#wake = wake);
    if (this.#read < this.raw.length) return this.raw[this.#read++];
    throw new Error(
      `Cannot read message: socket closed with ${this.#closeEvent!.code}`,
    );
  }

  /** Sends `message` as JSON. */
  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Waits for the close and returns its code and reason. */
  waitClosed(): Promise<{ code: number; reason: string }> {
    return withGuard(this.closed);
  }

  /** Closes from the client side and waits for the close to complete. */
  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.waitClosed();
  }
}

/** Lets pending work run until `ready()` (at most 1000 rounds). */
export async function until(ready: () => boolean): Promise<void> {
  for (let round = 0; !ready(); round++) {
    if (round === 1000) throw new Error("Cannot reach condition in time");
    await settle(1);
  }
}

/** Waits (with the hang guard) until `ready()`; `arm` receives a wake-up. */
async function guarded(
  ready: () => boolean,
  arm: (wake: () => void) => void,
): Promise<void> {
  while (!ready()) {
    await withGuard(new Promise<void>((resolve) => arm(resolve)));
  }
}

/** Rejects when `promise` does not settle within the guard time. */
export async function withGuard<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error("Cannot finish: test guard time passed")),
          GUARD_MS,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
