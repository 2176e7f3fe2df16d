// @ts-check
/**
 * Which view a screen shows now: the fragment's on `/`; on `/boards/<id>`
 * the board as `GET /api/v1/boards` lists it for the screen's token, and
 * the boards it rotates through. Fetch and timers are injected, so this
 * runs under `deno test` as well as in the browser.
 *
 * @module
 */

import {
  boardIdOf,
  fragmentView,
  rotationIndex,
  rotationOf,
  subscriptionKey,
} from "./view.js";

/** @typedef {import("./view.js").View} View */

/** Retry period while the server has no snapshot yet (503). */
const STARTING_RETRY_MS = 2_000;
/** Retry period after a network failure or an unexpected answer. */
const FAILED_RETRY_MS = 15_000;
/** How often a board page re-reads its boards (queues may come and go). */
const REFRESH_MS = 5 * 60_000;

/**
 * What the board controller needs from its page.
 *
 * @typedef {object} BoardsDeps
 * @property {(url: string, init: RequestInit) => Promise<Response>} fetch
 * @property {() => string | undefined} token the screen's token
 * @property {string} path the page's path
 * @property {() => string} hash the page's fragment
 * @property {() => number} now epoch ms
 * @property {() => void} onView the view to show changed
 * @property {(text: string | null) => void} onNotice a problem to show, or none
 * @property {(fn: () => void, ms: number) => unknown} setTimer
 */

/**
 * Creates the board controller of a page.
 *
 * @param {BoardsDeps} deps
 */
export function createBoards(deps) {
  const boardId = boardIdOf(deps.path);
  /** @type {{ views: View[], seconds: number | null } | null} */
  let rotation = null;
  let startedAt = 0;
  let index = 0;
  let loadedAt = 0;
  let loading = false;

  async function load() {
    if (boardId === null || loading) return;
    loading = true;
    loadedAt = deps.now();
    try {
      const token = deps.token();
      const res = await deps.fetch("/api/v1/boards", {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      const body = await res.json().catch(() => null);
      if (res.status === 503) return retry(STARTING_RETRY_MS);
      if (!res.ok) {
        deps.onNotice(
          `Cannot show board ${JSON.stringify(boardId)}: ${
            body?.error?.message ?? `the server answered ${res.status}`
          }`,
        );
        return retry(FAILED_RETRY_MS);
      }
      const next = rotationOf(
        Array.isArray(body?.boards) ? body.boards : [],
        boardId,
      );
      if (!next) {
        deps.onNotice(
          `Cannot show board ${
            JSON.stringify(boardId)
          }: no such board for this screen's token`,
        );
        rotation = null;
        return;
      }
      const before = view();
      if (!rotation || rotation.views.length !== next.views.length) {
        startedAt = deps.now();
        index = 0;
      }
      rotation = next;
      deps.onNotice(null);
      const after = view();
      if (
        !before || !after || subscriptionKey(before) !== subscriptionKey(after)
      ) {
        deps.onView();
      }
    } catch {
      retry(FAILED_RETRY_MS);
    } finally {
      loading = false;
    }
  }

  /** @param {number} ms */
  function retry(ms) {
    deps.setTimer(() => void load(), ms);
  }

  /** @returns {View | null} */
  function view() {
    if (boardId === null) return fragmentView(deps.hash());
    return rotation?.views[index] ?? null;
  }

  return {
    /** The board id of the page, or null on `/`. */
    boardId,
    /** The view to show now; null while a board is loading. */
    view,
    /** Re-reads the fragment (on `/`) or the boards (on a board page). */
    reload() {
      if (boardId === null) deps.onView();
      else void load();
    },
    /**
     * The page's 1-s timer: moves the rotation on, re-reads boards now and
     * then.
     *
     * @param {number} now
     */
    tick(now) {
      if (boardId !== null && now - loadedAt >= REFRESH_MS) void load();
      if (!rotation) return;
      const next = rotationIndex(
        startedAt,
        now,
        rotation.seconds,
        rotation.views.length,
      );
      if (next === index) return;
      index = next;
      deps.onView();
    },
  };
}
