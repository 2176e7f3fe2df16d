import assert from "node:assert/strict";
import {
  AUTH_RETRY_MS,
  backoffDelay,
  closePolicy,
  createConnection,
  PING_EVERY_MS,
  SILENCE_LIMIT_MS,
} from "../../web/connection.js";

const CODES = { tokenExpired: 4001, policy: 1008, tryAgainLater: 1013 };

/** A socket the test opens, feeds and closes by hand. */
class FakeSocket {
  readyState = 0;
  sent: string[] = [];
  closedWith: [number | undefined, string | undefined] | null = null;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason];
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverClose(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function harness() {
  let now = 1_000_000;
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; at: number; id: number }[] = [];
  const frames: Record<string, unknown>[] = [];
  const notices: (string | null)[] = [];
  let nextId = 1;
  const connection = createConnection({
    open: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    now: () => now,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.push({ fn, at: now + ms, id });
      return id as unknown as ReturnType<typeof setTimeout>;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === (id as unknown as number));
      if (i >= 0) timers.splice(i, 1);
    },
    random: () => 0.5,
    codes: CODES,
    onMessage: (msg) => frames.push(msg),
    onNotice: (text) => notices.push(text),
    onChange: () => {},
  });
  return {
    connection,
    sockets,
    frames,
    notices,
    timers,
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
    },
    get now() {
      return now;
    },
  };
}

Deno.test("the close policy: refusals wait a minute, a busy server backs off more", () => {
  assert.deepEqual(closePolicy(4001, CODES), {
    notice:
      "Token expired: open this screen with a fresh #token=… (retrying every minute)",
    retryMs: AUTH_RETRY_MS,
  });
  assert.deepEqual(closePolicy(1008, CODES), {
    notice:
      "Not authorised: this screen's token was refused (retrying every minute)",
    retryMs: AUTH_RETRY_MS,
  });
  assert.deepEqual(closePolicy(1013, CODES), { notice: null, minAttempt: 3 });
  assert.deepEqual(closePolicy(1001, CODES), { notice: null, minAttempt: 0 });
});

Deno.test("backoff is full jitter under a doubling cap of at most 20 s", () => {
  assert.deepEqual(
    [0, 1, 2, 6, 7, 16].map((n) => backoffDelay(n, () => 0.5)),
    [250, 500, 1000, 10_000, 10_000, 10_000],
  );
  assert.equal(backoffDelay(3, () => 0), 0);
});

Deno.test("frames are parsed; garbage is dropped; a server restart reconnects", () => {
  const h = harness();
  h.connection.start();
  const [first] = h.sockets;
  first.open();
  assert.equal(h.connection.status().phase, "connecting");
  first.onmessage?.({ data: '{"type":"hello"}' });
  first.onmessage?.({ data: "{not json" });
  first.onmessage?.({ data: "[1]" });
  assert.deepEqual(h.frames, [{ type: "hello" }]);
  h.connection.accepted();
  assert.equal(h.connection.status().phase, "live");
  first.serverClose(1001);
  assert.deepEqual(h.connection.status(), {
    phase: "offline",
    retryAt: h.now + 250,
    closeCode: 1001,
  });
  h.advance(249);
  assert.equal(h.sockets.length, 1);
  h.advance(1);
  assert.equal(h.sockets.length, 2);
  assert.equal(h.connection.resumable(), true);
});

Deno.test("an expired token blocks with a notice and retries in a minute", () => {
  const h = harness();
  h.connection.start();
  h.sockets[0].open();
  h.sockets[0].serverClose(4001);
  assert.deepEqual(h.notices, [closePolicy(4001, CODES).notice]);
  assert.equal(h.connection.status().phase, "blocked");
  h.advance(AUTH_RETRY_MS - 1);
  assert.equal(h.sockets.length, 1);
  h.advance(1);
  h.sockets[1].open();
  h.connection.accepted();
  assert.deepEqual(h.notices, [closePolicy(4001, CODES).notice, null]);
});

Deno.test("a gap drops the resume point and the socket, then reconnects", () => {
  const h = harness();
  h.connection.start();
  h.sockets[0].open();
  h.connection.accepted();
  h.connection.resync();
  assert.deepEqual(h.sockets[0].closedWith, [4000, "resync"]);
  assert.equal(h.connection.resumable(), false);
  h.advance(250);
  assert.equal(h.sockets.length, 2);
  h.sockets[1].open();
  h.connection.accepted();
  assert.equal(h.connection.resumable(), true);
});

Deno.test("a quiet socket is pinged; a silent one is dropped", () => {
  const h = harness();
  h.connection.start();
  h.sockets[0].open();
  h.connection.tick(h.now + PING_EVERY_MS);
  assert.deepEqual(h.sockets[0].sent, ['{"type":"ping"}']);
  h.connection.tick(h.now + SILENCE_LIMIT_MS + 1);
  assert.deepEqual(h.sockets[0].closedWith, [4000, "silent"]);
  assert.equal(h.connection.status().phase, "offline");
});

Deno.test("send only writes to an open socket", () => {
  const h = harness();
  h.connection.start();
  h.connection.send({ type: "subscribe" });
  h.sockets[0].open();
  h.connection.send({ type: "subscribe" });
  assert.deepEqual(h.sockets[0].sent, ['{"type":"subscribe"}']);
});
