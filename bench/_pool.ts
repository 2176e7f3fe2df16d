/**
 * A pool of WebSocket subscribers with minimal per-frame work: the receipt
 * time and a cheap header parse (`type`, `version`, `prev`, `committedAt`)
 * per frame; counts of gaps, duplicates and coalesced deltas per socket; an
 * exact integer-millisecond latency histogram for frames committed inside
 * the measurement window.
 *
 * @module
 */

import { parseHead } from "./_frame.ts";

/** Options of {@linkcode SubscriberPool}. */
export interface PoolOptions {
  /** Endpoints; socket `i` connects to `urls[i % urls.length]`. */
  urls: readonly string[];
  /** Sockets to open. */
  count: number;
  /** `service` subscribes after `hello`; `baseline` only listens. */
  mode: "service" | "baseline";
  /** Most sockets in the middle of connecting at once. */
  concurrency: number;
  /** The subscribe message sent after `hello` (service mode). */
  subscribe?: string;
  /** Receipt clock, epoch ms (defaults to `Date.now`). */
  now?: () => number;
  /** Wait before retrying a refused connection (default 1000 ms). */
  retryMs?: number;
}

/** How one pool's connections went. */
export interface OpenReport {
  opened: number;
  ready: number;
  failed: number;
}

/** What a pool measured (JSON-safe; histograms keyed by integer value). */
export interface PoolResult {
  sockets: number;
  opened: number;
  ready: number;
  failed: number;
  /** Connection attempts refused before opening and tried again. */
  retries: number;
  /** Sockets closed by the server or the network before `close()`. */
  closedEarly: number;
  closeCodes: Record<string, number>;
  window: [number, number] | null;
  /** Sockets ready before the window and open through it. */
  eligible: number;
  /** Versions committed inside the window that reached this pool. */
  versions: Record<string, { committedAt: number; bytes: number }>;
  /** Per eligible socket: how many window versions it got → sockets. */
  deliveredHist: Record<string, number>;
  /** Delta frames received (whole run) and snapshot frames. */
  frames: number;
  snapshots: number;
  /** Deltas whose `prev` was not the socket's last version. */
  gaps: number;
  /** Deltas whose version was not newer than the socket's last one. */
  duplicates: number;
  /** Deltas spanning more than one version (`prev < version - 1`). */
  coalesced: number;
  /** Latency histogram (receipt − committedAt, ms) of window frames. */
  latency: Record<string, number>;
}

/** A pool of subscribers (see module doc). */
export class SubscriberPool {
  #opts: Required<PoolOptions>;
  #sockets: (WebSocket | null)[];
  #last: Float64Array;
  #readyAt: Float64Array;
  #closedAt: Float64Array;
  #inWindow: Uint32Array;
  #versions = new Map<number, { committedAt: number; bytes: number }>();
  #latency = new Map<number, number>();
  #closeCodes = new Map<number, number>();
  #window: [number, number] | null = null;
  #opened = 0;
  #ready = 0;
  #failed = 0;
  #closedEarly = 0;
  #retries = 0;
  #frames = 0;
  #snapshots = 0;
  #gaps = 0;
  #duplicates = 0;
  #coalesced = 0;
  #closing = false;
  #encoder = new TextEncoder();

  constructor(options: PoolOptions) {
    if (!Number.isInteger(options.count) || options.count < 0) {
      throw new RangeError(
        `Cannot create subscriber pool: count "${options.count}" is not a non-negative integer`,
      );
    }
    if (options.urls.length === 0) {
      throw new TypeError("Cannot create subscriber pool: no URL given");
    }
    this.#opts = {
      subscribe: '{"type":"subscribe"}',
      now: Date.now,
      retryMs: 1000,
      ...options,
      concurrency: Math.max(1, options.concurrency),
    };
    const n = options.count;
    this.#sockets = new Array(n).fill(null);
    this.#last = new Float64Array(n).fill(-1);
    this.#readyAt = new Float64Array(n);
    this.#closedAt = new Float64Array(n);
    this.#inWindow = new Uint32Array(n);
  }

  /**
   * Opens every socket, at most `concurrency` at a time, and resolves when
   * each is ready (service: snapshot received; baseline: open) or failed,
   * or when `signal` aborts (the rest count as failed).
   */
  async open(signal: AbortSignal): Promise<OpenReport> {
    let next = 0;
    const worker = async () => {
      while (next < this.#opts.count && !signal.aborted) {
        await this.#connect(next++, signal);
      }
    };
    const workers = [];
    for (let w = 0; w < this.#opts.concurrency; w++) workers.push(worker());
    await Promise.all(workers);
    this.#failed += this.#opts.count - next;
    return { opened: this.#opened, ready: this.#ready, failed: this.#failed };
  }

  /** Measures frames whose `committedAt` lies in `[start, end)` (epoch ms). */
  setWindow(start: number, end: number): void {
    this.#window = [start, end];
  }

  /** Closes every socket and resolves once they closed or `timeoutMs` passed. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.#closing = true;
    const pending: Promise<void>[] = [];
    for (const ws of this.#sockets) {
      if (!ws || ws.readyState === WebSocket.CLOSED) continue;
      pending.push(
        new Promise((resolve) => ws.addEventListener("close", () => resolve())),
      );
      ws.close(1000);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(pending),
      new Promise((resolve) => timer = setTimeout(resolve, timeoutMs)),
    ]);
    clearTimeout(timer);
  }

  /** The measurements so far. */
  result(): PoolResult {
    const w = this.#window;
    const versions: PoolResult["versions"] = {};
    for (const [v, info] of this.#versions) {
      if (w && info.committedAt >= w[0] && info.committedAt < w[1]) {
        versions[v] = info;
      }
    }
    const deliveredHist: Record<string, number> = {};
    let eligible = 0;
    if (w) {
      for (let i = 0; i < this.#opts.count; i++) {
        const ready = this.#readyAt[i] > 0 && this.#readyAt[i] < w[0];
        const closed = this.#closedAt[i];
        if (!ready || (closed > 0 && closed < w[1])) continue;
        eligible++;
        const key = String(this.#inWindow[i]);
        deliveredHist[key] = (deliveredHist[key] ?? 0) + 1;
      }
    }
    return {
      sockets: this.#opts.count,
      opened: this.#opened,
      ready: this.#ready,
      failed: this.#failed,
      retries: this.#retries,
      closedEarly: this.#closedEarly,
      closeCodes: Object.fromEntries(this.#closeCodes),
      window: w,
      eligible,
      versions,
      deliveredHist,
      frames: this.#frames,
      snapshots: this.#snapshots,
      gaps: this.#gaps,
      duplicates: this.#duplicates,
      coalesced: this.#coalesced,
      latency: Object.fromEntries(this.#latency),
    };
  }

  /**
   * Connects socket `i`; a connection refused before it opened (the
   * service answers 429 when one address connects too fast) is tried again
   * after `retryMs` plus jitter until `signal` aborts.
   */
  async #connect(i: number, signal: AbortSignal): Promise<void> {
    while (true) {
      const outcome = await this.#attempt(i, signal);
      if (outcome !== "refused" || signal.aborted) {
        if (outcome === "ready") this.#ready++;
        else this.#failed++;
        return;
      }
      this.#retries++;
      const wait = this.#opts.retryMs * (1 + Math.random() / 2);
      const ok = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          signal.removeEventListener("abort", onAbort);
          resolve(true);
        }, wait);
        const onAbort = () => {
          clearTimeout(timer);
          resolve(false);
        };
        signal.addEventListener("abort", onAbort, { once: true });
      });
      if (!ok) {
        this.#failed++;
        return;
      }
    }
  }

  #attempt(
    i: number,
    signal: AbortSignal,
  ): Promise<"ready" | "refused" | "failed"> {
    return new Promise((resolve) => {
      const urls = this.#opts.urls;
      let settled = false;
      let isOpen = false;
      const settle = (outcome: "ready" | "refused" | "failed") => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        resolve(outcome);
      };
      const onAbort = () => settle("failed");
      signal.addEventListener("abort", onAbort, { once: true });
      let ws: WebSocket;
      try {
        ws = new WebSocket(urls[i % urls.length]);
      } catch {
        settle("failed");
        return;
      }
      this.#sockets[i] = ws;
      ws.onopen = () => {
        isOpen = true;
        this.#opened++;
        if (this.#opts.mode === "baseline") {
          this.#readyAt[i] = this.#opts.now();
          settle("ready");
        }
      };
      ws.onmessage = (ev: MessageEvent) => {
        const t = this.#opts.now();
        if (typeof ev.data !== "string") return;
        if (this.#frame(i, t, ev.data, ws)) settle("ready");
      };
      ws.onclose = (ev: CloseEvent) => {
        // Only closes we did not ask for make a socket miss the window.
        if (!this.#closing) this.#closedAt[i] = this.#opts.now();
        if (isOpen && !this.#closing) {
          this.#closedEarly++;
          this.#closeCodes.set(
            ev.code,
            (this.#closeCodes.get(ev.code) ?? 0) + 1,
          );
        }
        settle(isOpen || this.#closing ? "failed" : "refused");
      };
      ws.onerror = () => {};
    });
  }

  /** Handles one frame; true when it made the socket ready. */
  #frame(i: number, t: number, text: string, ws: WebSocket): boolean {
    const head = parseHead(text);
    if (head.type === "hello") {
      if (this.#opts.mode === "service") ws.send(this.#opts.subscribe);
      return false;
    }
    if (head.version === null) return false;
    const v = head.version;
    if (head.type === "snapshot") {
      this.#snapshots++;
      this.#last[i] = v;
      if (this.#readyAt[i] === 0) {
        this.#readyAt[i] = t;
        return true;
      }
      return false;
    }
    if (head.type !== "delta") return false;
    this.#frames++;
    const last = this.#last[i];
    if (last >= 0) {
      if (v <= last) {
        this.#duplicates++;
        return false;
      }
      if (head.prev !== last) this.#gaps++;
    } else if (this.#opts.mode === "service") {
      this.#gaps++; // a delta before the snapshot
    }
    if (head.prev !== null && head.prev < v - 1) this.#coalesced++;
    this.#last[i] = v;
    let info = this.#versions.get(v);
    if (info === undefined) {
      const committedAt = head.committedAt === null
        ? NaN
        : Date.parse(head.committedAt);
      info = { committedAt, bytes: this.#encoder.encode(text).byteLength };
      this.#versions.set(v, info);
    }
    const w = this.#window;
    if (w && info.committedAt >= w[0] && info.committedAt < w[1]) {
      this.#inWindow[i]++;
      const ms = Math.round(t - info.committedAt);
      this.#latency.set(ms, (this.#latency.get(ms) ?? 0) + 1);
    }
    return false;
  }
}
