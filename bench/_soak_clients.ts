/**
 * The soak's screens: WebSocket and SSE clients that subscribe to one of
 * four views, check every frame follows on from the last (a gap or a
 * duplicate is counted), come back with `since` / `Last-Event-ID` when the
 * server or the network drops them, and can be dropped and brought back on
 * purpose (churn).
 *
 * @module
 */

import { parseHead } from "./_frame.ts";

/** What all screens saw. */
export interface ScreenCounts {
  frames: number;
  snapshots: number;
  /** First answers that were a resumed delta. */
  resumed: number;
  /** Deltas whose `prev` was not the screen's last version. */
  gaps: number;
  /** Frames whose version was older than the screen's last. */
  duplicates: number;
  /** Connections the server or the network ended (not the soak). */
  dropped: number;
  /** Close codes of those WebSocket ends. */
  closeCodes: Record<string, number>;
  /** Connection attempts that failed. */
  refused: number;
  /**
   * Closes on purpose not confirmed within `CLOSE_WAIT_MS` (by the socket's
   * `readyState` then): the soak goes on without them.
   */
  unconfirmedCloses: Record<string, number>;
}

/** A new, empty count. */
export function newCounts(): ScreenCounts {
  return {
    frames: 0,
    snapshots: 0,
    resumed: 0,
    gaps: 0,
    duplicates: 0,
    dropped: 0,
    closeCodes: {},
    refused: 0,
    unconfirmedCloses: {},
  };
}

interface Position {
  epoch: string;
  version: number;
}

/** One screen: `open()` connects, resuming from the position it holds. */
export interface Screen {
  open(): void;
  /** Disconnects on purpose (no reconnect); resolves once closed. */
  close(): Promise<void>;
  readonly connected: boolean;
}

/** The subscribe options of view `i`: all; agents; one queue; two queues. */
export function viewOf(
  i: number,
  ids: readonly string[],
): { queues?: string[]; agents?: boolean } {
  switch (i % 4) {
    case 0:
      return {};
    case 1:
      return { agents: true };
    case 2:
      return { queues: [ids[0]] };
    default:
      return { queues: [ids[1], ids[2]], agents: true };
  }
}

const RECONNECT_MS = 1000;
/** How long a close on purpose may take before the soak stops waiting, ms. */
export const CLOSE_WAIT_MS = 5000;

/** Checks that each snapshot or delta follows on from `held`. */
function follow(
  counts: ScreenCounts,
  held: { pos: Position | null },
  frame: { type: string; epoch: string; version: number; prev?: number },
): void {
  counts.frames++;
  const pos = held.pos;
  if (frame.type === "snapshot") counts.snapshots++;
  else if (pos === null || frame.epoch !== pos.epoch) counts.gaps++;
  else if (frame.prev !== pos.version) {
    if (frame.version <= pos.version) counts.duplicates++;
    else counts.gaps++;
  }
  held.pos = { epoch: frame.epoch, version: frame.version };
}

/** Shared by both transports: the wish to be connected, and reconnects. */
class Lifecycle {
  wanted = false;
  #closed: (() => void) | null = null;
  constructor(readonly counts: ScreenCounts, readonly reopen: () => void) {}

  /** The connection ended; `code` is the WebSocket close code, if any. */
  ended(code: number | null): void {
    const closed = this.#closed;
    this.#closed = null;
    if (!this.wanted) return closed?.();
    this.counts.dropped++;
    if (code !== null) {
      this.counts.closeCodes[code] = (this.counts.closeCodes[code] ?? 0) + 1;
    }
    setTimeout(() => this.wanted && this.reopen(), RECONNECT_MS);
  }

  /**
   * Resolves once the connection `end()` stops has ended, or after
   * `CLOSE_WAIT_MS`, counting the close by `state()` as unconfirmed.
   */
  closing(end: () => void, state: () => string): Promise<void> {
    this.wanted = false;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#closed = null;
        const key = state();
        const unconfirmed = this.counts.unconfirmedCloses;
        unconfirmed[key] = (unconfirmed[key] ?? 0) + 1;
        resolve();
      }, CLOSE_WAIT_MS);
      this.#closed = () => {
        clearTimeout(timer);
        resolve();
      };
      end();
    });
  }
}

/** A WebSocket screen on `url` subscribing with `view`. */
export function wsScreen(
  url: string,
  view: object,
  counts: ScreenCounts,
): Screen {
  const held: { pos: Position | null } = { pos: null };
  let socket: WebSocket | null = null;
  const life = new Lifecycle(counts, open);
  function open(): void {
    life.wanted = true;
    const ws = new WebSocket(url);
    socket = ws;
    let answered = false;
    ws.onmessage = (event) => {
      const text = String(event.data);
      const head = parseHead(text);
      if (head.type === "hello") {
        const since = held.pos === null ? {} : { since: held.pos };
        ws.send(JSON.stringify({ type: "subscribe", ...view, ...since }));
      } else if (head.type === "snapshot" || head.type === "delta") {
        const frame = JSON.parse(text);
        if (!answered && frame.resumed === true) counts.resumed++;
        answered = true;
        follow(counts, held, frame);
      }
    };
    ws.onerror = () => {
      if (!answered) counts.refused++;
    };
    ws.onclose = (event) => {
      // A socket given up on (its close unconfirmed) may end after its
      // successor opened: only the current socket's end counts.
      if (socket !== ws) return;
      socket = null;
      life.ended(event.code);
    };
  }
  return {
    open,
    close: () => {
      const ws = socket;
      if (ws === null) return Promise.resolve(void (life.wanted = false));
      return life.closing(() => ws.close(), () => {
        if (socket === ws) socket = null;
        return `ws readyState ${ws.readyState}`;
      });
    },
    get connected() {
      return socket !== null;
    },
  };
}

/** An SSE screen on `url` (the stream route with the view's query). */
export function sseScreen(url: string, counts: ScreenCounts): Screen {
  const held: { pos: Position | null } = { pos: null };
  let abort: AbortController | null = null;
  const life = new Lifecycle(counts, open);
  function open(): void {
    life.wanted = true;
    const controller = new AbortController();
    abort = controller;
    const headers: Record<string, string> = held.pos === null
      ? {}
      : { "Last-Event-ID": `${held.pos.epoch}:${held.pos.version}` };
    read(url, headers, controller.signal, held, counts)
      .catch(() => {
        if (!controller.signal.aborted) counts.refused++;
      })
      .finally(() => {
        abort = null;
        life.ended(null);
      });
  }
  return {
    open,
    close: () =>
      abort === null
        ? Promise.resolve(void (life.wanted = false))
        : life.closing(() => abort!.abort(), () => "sse"),
    get connected() {
      return abort !== null;
    },
  };
}

/** Reads one SSE stream until it ends, following its frames. */
async function read(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  held: { pos: Position | null },
  counts: ScreenCounts,
): Promise<void> {
  const res = await fetch(url, { headers, signal });
  if (!res.ok || res.body === null) {
    await res.body?.cancel();
    throw new Error(`Cannot stream: status ${res.status}`);
  }
  let rest = "";
  let answered = false;
  // Aborting the fetch alone does not always end a body that is being
  // piped (the soak saw aborted streams live on for minutes): cancelling
  // the reader cancels the body, and with it the connection.
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  signal.addEventListener("abort", cancel, { once: true });
  try {
    for (
      let chunk = await reader.read();
      !chunk.done;
      chunk = await reader.read()
    ) {
      if (signal.aborted) return;
      rest = take(rest + chunk.value, held, counts, () => {
        const first = !answered;
        answered = true;
        return first;
      });
    }
  } finally {
    signal.removeEventListener("abort", cancel);
  }
}

/**
 * Follows every whole event in `text`; returns what is left of it.
 * `first()` tells whether a frame is the connection's first answer.
 */
function take(
  text: string,
  held: { pos: Position | null },
  counts: ScreenCounts,
  first: () => boolean,
): string {
  let rest = text;
  let end: number;
  while ((end = rest.indexOf("\n\n")) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const data = block.split("\n").find((l) => l.startsWith("data: "));
    if (data === undefined) continue;
    const frame = JSON.parse(data.slice(6));
    if (frame.type !== "snapshot" && frame.type !== "delta") continue;
    if (first() && frame.resumed === true) counts.resumed++;
    follow(counts, held, frame);
  }
  return rest;
}
