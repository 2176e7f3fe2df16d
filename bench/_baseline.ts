/**
 * The baseline fan-out server (see `baseline_server.ts`): per isolate, one
 * socket set and one broadcast timer aligned to whole intervals; one encoded
 * string per broadcast, sent to every socket. No protocol, filter or KV.
 *
 * @module
 */

import { paddedMessage } from "./_frame.ts";

/** Options of {@linkcode createBaselineServer}. */
export interface BaselineOptions {
  /** UTF-8 size of each broadcast message. */
  bytes: number;
  /** Broadcast period; versions are `floor(now / intervalMs)`. */
  intervalMs: number;
  /** Stops the broadcast timer. */
  signal?: AbortSignal;
}

/** The `fetch` handler plus a count of open sockets. */
export interface BaselineServer extends Deno.ServeDefaultExport {
  sockets(): number;
}

/**
 * Creates the baseline handler; its broadcast timer starts with the first
 * socket and runs until `signal` aborts.
 *
 * @example
 * ```ts ignore
 * export default createBaselineServer({ bytes: 2400, intervalMs: 1000 });
 * ```
 */
export function createBaselineServer(options: BaselineOptions): BaselineServer {
  const { bytes, intervalMs, signal } = options;
  const sockets = new Set<WebSocket>();
  let started = false;

  function broadcast() {
    const now = Date.now();
    const version = Math.round(now / intervalMs);
    const text = paddedMessage(
      bytes,
      version,
      version - 1,
      new Date(now).toISOString(),
    );
    for (const ws of sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    }
  }

  function schedule() {
    if (signal?.aborted) return;
    const now = Date.now();
    const next = (Math.floor(now / intervalMs) + 1) * intervalMs;
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", cancel);
      broadcast();
      schedule();
    }, next - now);
    function cancel() {
      clearTimeout(timer);
    }
    signal?.addEventListener("abort", cancel, { once: true });
  }

  return {
    fetch(req: Request): Response {
      if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
        return new Response("ok\n");
      }
      const { socket, response } = Deno.upgradeWebSocket(req);
      socket.onopen = () => sockets.add(socket);
      socket.onclose = () => sockets.delete(socket);
      socket.onerror = () => sockets.delete(socket);
      if (!started) {
        started = true;
        schedule();
      }
      return response;
    },
    sockets: () => sockets.size,
  };
}

/**
 * Reads `BASELINE_BYTES` (default 2048) and `BASELINE_INTERVAL_MS`
 * (default 1000) through `get`.
 */
export function optionsFromEnv(
  get: (name: string) => string | undefined,
): BaselineOptions {
  const bytes = Number(get("BASELINE_BYTES") ?? "2048");
  const intervalMs = Number(get("BASELINE_INTERVAL_MS") ?? "1000");
  if (!Number.isInteger(bytes) || bytes < 0) {
    throw new RangeError(
      `Cannot parse BASELINE_BYTES: "${
        get("BASELINE_BYTES")
      }" is not a non-negative integer`,
    );
  }
  if (!Number.isInteger(intervalMs) || intervalMs < 10) {
    throw new RangeError(
      `Cannot parse BASELINE_INTERVAL_MS: "${
        get("BASELINE_INTERVAL_MS")
      }" is not an integer ≥ 10`,
    );
  }
  return { bytes, intervalMs };
}
