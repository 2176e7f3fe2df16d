// @ts-check
/// <reference lib="dom" />
/**
 * The agent board: one row per agent, re-rendered only when it changes, in
 * the board's order and filter, with its sort and filter buttons.
 *
 * @module
 */

import {
  agentsInOrder,
  shownStatus,
  STATUS_LABEL,
  statusSince,
} from "./agents.js";
import { byTestId, placeInOrder } from "./dom.js";
import { esc, fmtSince, sentence, UNKNOWN } from "./format.js";

/** @typedef {import("./state.js").BoardState} BoardState */
/** @typedef {import("./state.js").AgentState} AgentState */
/** @typedef {import("./view.js").View} View */

/**
 * Creates the agent board of `doc`.
 *
 * @param {Document} doc
 */
export function createAgentBoard(doc) {
  /** @type {Map<string, HTMLElement>} */
  const rows = new Map();
  const agentsEl = byTestId(doc, "agents");
  const agentList = byTestId(doc, "agent-list");
  const mainEl = byTestId(doc, "main");

  /**
   * Re-renders the agent rows of `ids` (all when null), then fixes order
   * and filter.
   *
   * @param {BoardState} state
   * @param {string[] | null} ids
   * @param {View} view
   * @param {number} now
   */
  function render(state, ids, view, now) {
    const shown = view.agents && state.agents !== null;
    agentsEl.hidden = !shown;
    mainEl.classList.toggle("with-agents", shown);
    if (!shown || !state.agents) return;
    const all = state.agents;
    for (const id of ids ?? [...rows.keys(), ...Object.keys(all)]) {
      const agent = Object.hasOwn(all, id) ? all[id] : null;
      let el = rows.get(id);
      if (!agent) {
        el?.remove();
        rows.delete(id);
        continue;
      }
      if (!el) {
        el = doc.createElement("li");
        el.dataset.testid = `agent-${id}`;
        rows.set(id, el);
      }
      const status = shownStatus(agent);
      el.className = `agent st-${status}`;
      el.dataset.status = status;
      el.innerHTML = agentHtml(state, agent, view, now);
    }
    const order = agentsInOrder(Object.values(all), view);
    const kept = new Set(order.map((a) => a.id));
    for (const [id, el] of rows) if (!kept.has(id)) el.remove();
    placeInOrder(
      agentList,
      order.map((a) => rows.get(a.id)).filter((el) => el !== undefined),
    );
    byTestId(doc, "agents-count").textContent = view.filter === "notResponding"
      ? `(${order.length} of ${Object.keys(all).length})`
      : `(${order.length})`;
    byTestId(doc, "agents-empty").hidden = order.length > 0;
    const sort = byTestId(doc, "agents-sort");
    sort.setAttribute("aria-pressed", String(view.sort === "time"));
    const filter = byTestId(doc, "agents-filter");
    filter.setAttribute(
      "aria-pressed",
      String(view.filter === "notResponding"),
    );
  }

  return { render };
}

/**
 * @param {BoardState} state
 * @param {AgentState} agent
 * @param {View} view
 * @param {number} now
 * @returns {string}
 */
function agentHtml(state, agent, view, now) {
  const names = (agent.queueIds ?? [])
    .map((id) => state.queues[id]?.name ?? id).join(", ");
  const status = shownStatus(agent);
  const since = statusSince(agent, view.offlineClock);
  const t = Date.parse(since ?? "");
  const clock = Number.isNaN(t)
    ? `<span class="since" data-field="time-in-status">${UNKNOWN}</span>`
    : `<span class="since" data-field="time-in-status" data-since="${t}">${
      fmtSince(since, now)
    }</span>`;
  return `<span class="aname" data-field="name">${esc(agent.name)}</span>
<span class="status" data-field="status">${
    esc(STATUS_LABEL[status] ?? sentence(status))
  }</span>${clock}<span class="meta"><span data-field="presence">${
    esc(sentence(agent.presence))
  }</span> · <span data-field="queues">${esc(names || UNKNOWN)}</span></span>`;
}
