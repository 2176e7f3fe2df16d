// @ts-check
/// <reference lib="dom" />
/**
 * The wallboard page's entry: wires the connection, the state, the
 * renderer, the board (fragment, or `/boards/<id>` and its rotation) and
 * the sound. Speaks the `/ws` protocol; the close codes come from the
 * server's generated `/app/protocol.js`.
 *
 * @module
 */

import { raisedCriticals } from "./alerts.js";
import { createBoards } from "./boards.js";
import { createConnection } from "./connection.js";
import { createAgentBoard } from "./agent_board.js";
import { createHeader } from "./header.js";
import { createRenderer } from "./render.js";
import { createSound } from "./sound.js";
import {
  applyDelta,
  applyHello,
  applySnapshot,
  applyStatus,
  emptyState,
} from "./state.js";
import { subscribeMessage, subscriptionKey, tokenOf } from "./view.js";

/** @typedef {import("./state.js").BoardState} BoardState */
/** @typedef {import("./state.js").Changes} Changes */
/** @typedef {import("./view.js").View} View */
/** @typedef {import("./connection.js").CloseCodes} CloseCodes */

const protocol =
  /** @type {{ CLOSE_CODES: CloseCodes, PROTOCOL_VERSION: number }} */ (
    await import(new URL("protocol.js", import.meta.url).href)
  );

const render = createRenderer(document);
const header = createHeader(document);
const agentBoard = createAgentBoard(document);
const qp = {
  /** @type {BoardState} */
  state: emptyState(),
  connected: false,
  /** @type {number | null} */
  version: null,
  /** @type {number | null} */
  closeCode: null,
  frames: 0,
  tones: 0,
  /** @type {string | null} */
  board: null,
};
Object.assign(globalThis, { __qp: qp });

/** The view whose data the page holds (set by each snapshot). */
/** @type {View | null} */
let shown = null;
/** Subscription key of the data held, for resuming. */
let heldKey = "";
/** The view the last subscribe asked for. */
/** @type {View | null} */
let asked = null;
/** Whether the open socket said hello (a subscribe before it is a duplicate). */
let greeted = false;
/** @type {import("./alerts.js").KnownCriticals} */
let known = new Map();
/** Local overrides of the agent board (its buttons). */
/** @type {Partial<Pick<View, "sort" | "filter">>} */
let agentOverride = {};

const sound = createSound(window, () => header.sound(sound.state()));
const boards = createBoards({
  fetch: (url, init) => fetch(url, init),
  token: () => tokenOf(location.hash),
  path: location.pathname,
  hash: () => location.hash,
  now: () => Date.now(),
  onView: () => subscribe(),
  onNotice: (text) => header.notice(text),
  setTimer: (fn, ms) => setTimeout(fn, ms),
});

const connection = createConnection({
  open: () => {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    return new WebSocket(`${scheme}${location.host}/ws`);
  },
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (id) => clearTimeout(id),
  random: Math.random,
  codes: protocol.CLOSE_CODES,
  onMessage,
  onNotice: (text) => header.notice(text),
  onChange: () => {
    const status = connection.status();
    if (status.phase !== "live" && !connection.isOpen()) greeted = false;
    qp.connected = status.phase === "live";
    qp.closeCode = status.closeCode;
    header.connection(status, Date.now());
  },
});

/** The view with the agent board's local overrides. */
function current() {
  return shown ? { ...shown, ...agentOverride } : null;
}

function subscribe() {
  const view = boards.view();
  if (!view || !greeted || !connection.isOpen()) return;
  const s = qp.state;
  const since = connection.resumable() && s.epoch !== null &&
      s.version !== null && heldKey === subscriptionKey(view)
    ? { epoch: s.epoch, version: s.version }
    : null;
  asked = view;
  connection.send(subscribeMessage(view, tokenOf(location.hash), since));
}

/** @param {Record<string, any>} msg */
function onMessage(msg) {
  qp.frames++;
  switch (msg.type) {
    case "hello":
      greeted = true;
      qp.state = applyHello(qp.state, msg);
      if (msg.protocol !== protocol.PROTOCOL_VERSION) {
        header.notice(
          `Cannot follow protocol ${msg.protocol}: this page speaks protocol ${protocol.PROTOCOL_VERSION}, reload it`,
        );
      } else if (msg.authRequired && !tokenOf(location.hash)) {
        header.notice(
          "This screen needs a token: open it with #token=… in the address",
        );
      }
      subscribe();
      return header.freshness(qp.state, Date.now());
    case "snapshot": {
      const { state, changes } = applySnapshot(qp.state, msg);
      if (asked) {
        shown = asked;
        heldKey = subscriptionKey(asked);
      }
      return accept(state, changes);
    }
    case "delta": {
      const result = applyDelta(qp.state, msg);
      if (result.resync) return connection.resync();
      return accept(result.state, result.changes);
    }
    case "status":
      qp.state = applyStatus(qp.state, msg);
      return header.freshness(qp.state, Date.now());
    case "error":
      return header.notice(`Server refused a request: ${msg.message}`);
  }
}

/**
 * @param {BoardState} state
 * @param {Changes} changes
 */
function accept(state, changes) {
  qp.state = state;
  qp.version = state.version;
  connection.accepted();
  const raised = raisedCriticals(known, state.queues);
  known = raised.known;
  if (raised.raised.length > 0 && sound.tone()) qp.tones = sound.tones();
  draw(changes);
}

/** @param {Changes | null} changes null = everything */
function draw(changes) {
  const view = current();
  if (!view) return;
  const now = Date.now();
  const all = !changes || changes.all || changes.trend;
  render.queues(qp.state, all ? null : changes.queues, view, now);
  agentBoard.render(
    qp.state,
    !changes || changes.all || changes.names ? null : changes.agents,
    view,
    now,
  );
  render.totals(qp.state, view, now);
  header.freshness(qp.state, now);
  header.title(view.title);
  qp.board = view.boardId;
  if (view.sound !== (sound.state() !== "off")) sound.enable(view.sound);
  render.fit();
}

/** @param {"sort" | "filter"} which */
function toggleAgents(which) {
  const view = current();
  if (!view) return;
  agentOverride = which === "sort"
    ? { ...agentOverride, sort: view.sort === "time" ? "status" : "time" }
    : {
      ...agentOverride,
      filter: view.filter === "notResponding" ? "all" : "notResponding",
    };
  draw({ all: false, queues: [], agents: [], names: true, trend: false });
}

function tick() {
  const now = Date.now();
  header.clocks(now);
  header.freshness(qp.state, now);
  header.connection(connection.status(), now);
  connection.tick(now);
  boards.tick(now);
}

for (const which of /** @type {const} */ (["sort", "filter"])) {
  document.querySelector(`[data-testid="agents-${which}"]`)
    ?.addEventListener("click", () => toggleAgents(which));
}
addEventListener("hashchange", () => {
  header.notice(null);
  if (!connection.isOpen()) connection.restart();
  boards.reload();
});
addEventListener("resize", () => render.fit());

draw(null);
tick();
setInterval(tick, 1000);
connection.start();
boards.reload();
