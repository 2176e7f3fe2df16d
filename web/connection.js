// @ts-check
/**
 * The page's WebSocket: connect, reconnect with full-jitter backoff, keep
 * the resume point, ping, a silence watchdog, and what each close code
 * means for the screen. Sockets, timers and randomness are injected, so the
 * policy runs under `deno test` as well as in the browser.
 *
 * @module
 */

/** First reconnect delay cap; doubles per failed attempt. */
export const MIN_BACKOFF_MS = 500;
/** Largest reconnect delay. */
export const MAX_BACKOFF_MS = 20_000;
/** Retry period once the server refused the token. */
export const AUTH_RETRY_MS = 60_000;
/** Keep-alive ping period. */
export const PING_EVERY_MS = 25_000;
/** With no frame for this long, the socket is taken for dead. */
export const SILENCE_LIMIT_MS = 60_000;
/** Backoff attempt a "try again later" close starts from. */
const BUSY_ATTEMPT = 3;

/**
 * Close codes by name, as the server's `/app/protocol.js` serves them.
 *
 * @typedef {{ tokenExpired: number, policy: number, tryAgainLater: number }} CloseCodes
 */

/** @typedef {ReturnType<typeof setTimeout>} Timer */

/**
 * What the connection line shows.
 *
 * @typedef {object} ConnectionStatus
 * @property {"connecting" | "live" | "offline" | "blocked"} phase
 * @property {number} retryAt epoch ms of the next attempt, 0 = none
 * @property {number | null} closeCode of the last close
 */

/**
 * What a close code means: a refusal to show until the user acts
 * (`notice`, slow retry), or a reconnect with backoff from `minAttempt`.
 *
 * @param {number} code
 * @param {CloseCodes} codes
 * @returns {{ notice: string, retryMs: number } | { notice: null, minAttempt: number }}
 */
export function closePolicy(code, codes) {
  if (code === codes.tokenExpired) {
    return {
      notice:
        "Token expired: open this screen with a fresh #token=… (retrying every minute)",
      retryMs: AUTH_RETRY_MS,
    };
  }
  if (code === codes.policy) {
    return {
      notice:
        "Not authorised: this screen's token was refused (retrying every minute)",
      retryMs: AUTH_RETRY_MS,
    };
  }
  return {
    notice: null,
    minAttempt: code === codes.tryAgainLater ? BUSY_ATTEMPT : 0,
  };
}

/**
 * Full jitter: a random delay in [0, min(cap, base · 2^attempt)).
 *
 * @param {number} attempt failed attempts so far
 * @param {() => number} random in [0, 1)
 * @returns {number}
 */
export function backoffDelay(attempt, random) {
  return random() * Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt);
}

/**
 * What the connection needs from its page.
 *
 * @typedef {object} ConnectionDeps
 * @property {() => WebSocket} open opens a socket to `/ws`
 * @property {() => number} now epoch ms
 * @property {(fn: () => void, ms: number) => Timer} setTimer
 * @property {(id: Timer | undefined) => void} clearTimer
 * @property {() => number} random
 * @property {CloseCodes} codes
 * @property {(msg: Record<string, unknown>) => void} onMessage a parsed frame
 * @property {(notice: string | null) => void} onNotice a refusal to show, or none
 * @property {() => void} onChange the status changed
 */

/**
 * Creates the page's connection; `start()` opens it.
 *
 * @param {ConnectionDeps} deps
 */
export function createConnection(deps) {
  /** @type {WebSocket | null} */
  let socket = null;
  let live = false;
  let blocked = false;
  let attempt = 0;
  /** @type {Timer | undefined} */
  let retryTimer;
  let retryAt = 0;
  let lastFrameAt = 0;
  let lastPingAt = 0;
  /** @type {number | null} */
  let closeCode = null;
  /** Whether a resume point may be sent (false after a gap). */
  let resumable = true;

  function connect() {
    deps.clearTimer(retryTimer);
    retryTimer = undefined;
    retryAt = 0;
    let sock;
    try {
      sock = deps.open();
    } catch {
      scheduleReconnect(nextBackoff());
      return;
    }
    socket = sock;
    sock.onopen = () => {
      lastFrameAt = deps.now();
      lastPingAt = lastFrameAt;
    };
    sock.onmessage = (ev) => {
      if (sock === socket) onFrame(ev.data);
    };
    sock.onclose = (ev) => {
      if (sock === socket) onClose(ev.code);
    };
    deps.onChange();
  }

  /** @param {unknown} data */
  function onFrame(data) {
    lastFrameAt = deps.now();
    let msg;
    try {
      msg = JSON.parse(String(data));
    } catch {
      return;
    }
    if (msg && typeof msg === "object" && !Array.isArray(msg)) {
      deps.onMessage(msg);
    }
  }

  /** @param {number} code */
  function onClose(code) {
    socket = null;
    live = false;
    closeCode = code;
    const policy = closePolicy(code, deps.codes);
    if (policy.notice !== null) {
      blocked = true;
      deps.onNotice(policy.notice);
      scheduleReconnect(policy.retryMs);
    } else {
      attempt = Math.max(attempt, policy.minAttempt);
      scheduleReconnect(nextBackoff());
    }
  }

  function nextBackoff() {
    const delay = backoffDelay(attempt, deps.random);
    attempt = Math.min(attempt + 1, 16);
    return delay;
  }

  /** @param {number} delayMs */
  function scheduleReconnect(delayMs) {
    deps.clearTimer(retryTimer);
    retryAt = deps.now() + delayMs;
    retryTimer = deps.setTimer(connect, delayMs);
    deps.onChange();
  }

  /**
   * @param {number} code
   * @param {string} reason
   */
  function drop(code, reason) {
    const sock = socket;
    socket = null;
    live = false;
    if (!sock) return;
    sock.onclose = null;
    sock.onmessage = null;
    try {
      sock.close(code, reason);
    } catch {
      // already closing
    }
  }

  return {
    /** Opens the first connection. */
    start: connect,
    /** @param {Record<string, unknown>} msg sends `msg` when open */
    send(msg) {
      if (socket && socket.readyState === 1) socket.send(JSON.stringify(msg));
    },
    /** Whether the socket is open (a subscribe can be sent now). */
    isOpen: () => socket !== null && socket.readyState === 1,
    /** Whether the next subscribe may resume from what the page holds. */
    resumable: () => resumable,
    /** A snapshot or delta arrived: the subscription works. */
    accepted() {
      live = true;
      resumable = true;
      attempt = 0;
      if (blocked) {
        blocked = false;
        deps.onNotice(null);
      }
      deps.onChange();
    },
    /** A gap in the version chain: forget the resume point, reconnect. */
    resync() {
      resumable = false;
      drop(4000, "resync");
      scheduleReconnect(nextBackoff());
    },
    /** What the page asks for changed while closed: reconnect now. */
    restart() {
      blocked = false;
      attempt = 0;
      drop(1000, "options changed");
      connect();
    },
    /**
     * The page's 1-s timer: ping when quiet, drop a silent socket.
     *
     * @param {number} now
     */
    tick(now) {
      if (!socket || socket.readyState !== 1) return;
      if (now - lastFrameAt > SILENCE_LIMIT_MS) {
        drop(4000, "silent");
        scheduleReconnect(nextBackoff());
      } else if (now - lastPingAt >= PING_EVERY_MS) {
        lastPingAt = now;
        socket.send('{"type":"ping"}');
      }
    },
    /** @returns {ConnectionStatus} */
    status() {
      const phase = live
        ? "live"
        : socket
        ? "connecting"
        : blocked
        ? "blocked"
        : "offline";
      return { phase, retryAt, closeCode };
    },
  };
}
