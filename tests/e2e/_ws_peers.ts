/**
 * A server for browser tests whose `/ws` is spoken by hand: it greets with
 * `hello`, answers `ping`, and hands each connection to the test as a
 * `Peer`. Every other request goes to `fallback` (the real HTTP app).
 *
 * @module
 */

type Msg = Record<string, unknown>;

/** A FIFO that hands items to awaiting readers, with a safety deadline. */
class Channel<T> {
  #items: T[] = [];
  #waiters: ((item: T) => void)[] = [];

  push(item: T): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(item);
    else this.#items.push(item);
  }

  next(what: string, ms = 10_000): Promise<T> {
    if (this.#items.length) return Promise.resolve(this.#items.shift()!);
    return new Promise((resolve, reject) => {
      const waiter = (item: T) => {
        clearTimeout(timer);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`Cannot receive ${what}: nothing after ${ms} ms`));
      }, ms);
      this.#waiters.push(waiter);
    });
  }
}

/** One page connection as the test server sees it. */
export interface Peer {
  /** The next client message other than `ping`. */
  next(what: string): Promise<Msg>;
  send(frame: Msg | string): void;
  close(code: number, reason: string): void;
  /** Resolves with the close code once the socket closed. */
  closed: Promise<number>;
}

/** Serves `fallback` on 127.0.0.1 with a hand-spoken `/ws`. */
export function startPeers(
  fallback: (req: Request) => Response | Promise<Response>,
) {
  const peers = new Channel<Peer>();
  const hello = {
    type: "hello",
    protocol: 1,
    epoch: "ep-1",
    version: 1,
    stale: false,
    source: "simulator",
    authRequired: false,
  };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => {
      if (new URL(req.url).pathname !== "/ws") return fallback(req);
      const { socket, response } = Deno.upgradeWebSocket(req);
      const inbox = new Channel<Msg>();
      const closed = Promise.withResolvers<number>();
      socket.onopen = () => socket.send(JSON.stringify(hello));
      socket.onmessage = (ev) => {
        const msg = JSON.parse(ev.data) as Msg;
        if (msg.type === "ping") socket.send('{"type":"pong"}');
        else inbox.push(msg);
      };
      socket.onclose = (ev) => closed.resolve(ev.code);
      peers.push({
        next: (what) => inbox.next(what),
        send: (f) => socket.send(typeof f === "string" ? f : JSON.stringify(f)),
        close: (code, reason) => socket.close(code, reason),
        closed: closed.promise,
      });
      return response;
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    hello,
    nextPeer: (what: string) => peers.next(what),
    close: () => server.shutdown(),
  };
}
