// @ts-check
/**
 * What a screen shows: read from the URL fragment on `/`, or from a board
 * of the server's `BOARDS` file on `/boards/<id>`, and the rotation of a
 * board through others. Pure: unit-tested under `deno test`.
 *
 * @module
 */

import { DEFAULT_METRICS } from "./metrics.js";

/** @typedef {import("./metrics.js").MetricName} MetricName */
/** @typedef {import("./agents.js").AgentSort} AgentSort */
/** @typedef {import("./agents.js").AgentFilter} AgentFilter */
/** @typedef {import("../src/boards/mod.ts").BoardListing} BoardListing */

/**
 * What one screen shows and how.
 *
 * @typedef {object} View
 * @property {string | null} boardId null on `/`
 * @property {string} title
 * @property {string[] | undefined} queues ids; undefined = every queue in scope
 * @property {boolean} agents
 * @property {boolean} trend
 * @property {boolean} totals
 * @property {readonly MetricName[]} metrics
 * @property {boolean} sound
 * @property {AgentSort} sort
 * @property {AgentFilter} filter
 * @property {boolean} offlineClock
 */

/** Title of the board on `/`. */
export const DEFAULT_TITLE = "All queues";

/**
 * The board id of a page path (`/boards/<id>`), or null.
 *
 * @param {string} pathname
 * @returns {string | null}
 */
export function boardIdOf(pathname) {
  const match = /^\/boards\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/**
 * @param {string | null} value
 * @returns {boolean}
 */
function truthy(value) {
  return ["1", "true", "yes", "on"].includes((value ?? "").toLowerCase());
}

/**
 * The token of the fragment (`#token=…`), or undefined.
 *
 * @param {string} hash
 * @returns {string | undefined}
 */
export function tokenOf(hash) {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") || undefined;
}

/**
 * The view of `/` from its fragment: `queues` (comma-separated ids),
 * `agents`, `trend` (on unless `0`), `sort=time`, `filter=not-responding`,
 * `offline=1` (clock on offline agents), `sound`.
 *
 * @param {string} hash
 * @returns {View}
 */
export function fragmentView(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const queues = (params.get("queues") ?? "").split(",")
    .map((s) => s.trim()).filter(Boolean);
  const trend = params.get("trend");
  return {
    boardId: null,
    title: DEFAULT_TITLE,
    queues: queues.length ? [...new Set(queues)] : undefined,
    agents: truthy(params.get("agents")),
    trend: trend === null || truthy(trend),
    totals: true,
    metrics: DEFAULT_METRICS,
    sound: truthy(params.get("sound")),
    sort: params.get("sort") === "time" ? "time" : "status",
    filter: params.get("filter") === "not-responding" ? "notResponding" : "all",
    offlineClock: truthy(params.get("offline")),
  };
}

/**
 * The view of one listed board.
 *
 * @param {BoardListing} board
 * @returns {View}
 */
export function boardView(board) {
  return {
    boardId: board.id,
    title: board.title,
    queues: [...board.queueIds],
    agents: board.agents,
    trend: board.trend,
    totals: board.totals,
    metrics: board.metrics,
    sound: board.sound,
    sort: board.agentSort,
    filter: board.agentFilter,
    offlineClock: board.offlineClock,
  };
}

/**
 * The boards a screen on `id` cycles through, the board itself first, then
 * those of its `rotate` list that the caller may see; null when `id` is not
 * listed.
 *
 * @param {readonly BoardListing[]} boards
 * @param {string} id
 * @returns {{ views: View[], seconds: number | null } | null}
 */
export function rotationOf(boards, id) {
  const first = boards.find((b) => b.id === id);
  if (!first) return null;
  const views = [boardView(first)];
  for (const next of first.rotate) {
    const board = boards.find((b) => b.id === next);
    if (board && board.id !== first.id) views.push(boardView(board));
  }
  return {
    views,
    seconds: views.length > 1 ? first.rotateSeconds : null,
  };
}

/**
 * Which view of a rotation shows at `now`, for a rotation begun at
 * `startedAt` (epoch ms) showing each view for `seconds`.
 *
 * @param {number} startedAt
 * @param {number} now
 * @param {number | null} seconds
 * @param {number} length
 * @returns {number}
 */
export function rotationIndex(startedAt, now, seconds, length) {
  if (!seconds || length < 2) return 0;
  const step = Math.floor(Math.max(0, now - startedAt) / (seconds * 1000));
  return step % length;
}

/**
 * A resume point: the epoch and version of the data a page holds.
 *
 * @typedef {{ epoch: string, version: number }} ResumePoint
 */

/**
 * The `subscribe` message of `view`: `queues` only for a chosen set,
 * `agents` and `trend` only when the view shows them (a trend makes an
 * all-queue snapshot several times bigger), `since` to resume.
 *
 * @param {View} view
 * @param {string | undefined} token
 * @param {ResumePoint | null} since
 * @returns {Record<string, unknown>}
 */
export function subscribeMessage(view, token, since) {
  /** @type {Record<string, unknown>} */
  const msg = { type: "subscribe" };
  if (token) msg.token = token;
  if (view.queues) msg.queues = view.queues;
  if (view.agents) msg.agents = true;
  if (view.trend) msg.trend = true;
  if (since) msg.since = since;
  return msg;
}

/**
 * The key of what a view subscribes to: a resume (`since`) is only valid
 * for the same key.
 *
 * @param {View} view
 * @returns {string}
 */
export function subscriptionKey(view) {
  return JSON.stringify([view.queues ?? null, view.agents, view.trend]);
}
