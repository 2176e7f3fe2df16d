// @ts-check
/**
 * The agent board's order, filter and status words. Pure: unit-tested
 * under `deno test`.
 *
 * @module
 */

/** @typedef {import("../src/snapshot/model.ts").AgentState} AgentState */

/**
 * How the agent board is sorted: by status, or longest in status first.
 *
 * @typedef {"status" | "time"} AgentSort
 */

/**
 * Which agents are listed.
 *
 * @typedef {"all" | "notResponding"} AgentFilter
 */

/**
 * What the board shows per agent: a routing status, or OFFLINE.
 *
 * @typedef {AgentState["routingStatus"] | "OFFLINE"} ShownStatus
 */

/** @type {Record<ShownStatus, number>} */
const STATUS_ORDER = {
  NOT_RESPONDING: 0,
  IDLE: 1,
  INTERACTING: 2,
  COMMUNICATING: 3,
  OFF_QUEUE: 4,
  OFFLINE: 5,
};

/**
 * The words of each shown status.
 *
 * @type {Record<ShownStatus, string>}
 */
export const STATUS_LABEL = {
  NOT_RESPONDING: "Not responding",
  IDLE: "Idle",
  INTERACTING: "Interacting",
  COMMUNICATING: "Communicating",
  OFF_QUEUE: "Off queue",
  OFFLINE: "Offline",
};

/**
 * The status the board shows: an agent whose presence is OFFLINE is
 * offline, whatever its routing status.
 *
 * @param {AgentState} agent
 * @returns {ShownStatus}
 */
export function shownStatus(agent) {
  return agent.presence === "OFFLINE" ? "OFFLINE" : agent.routingStatus;
}

/**
 * When the shown status began, or null when the board shows no clock for
 * it: an offline agent has none unless the board asks (`offlineClock`).
 *
 * @param {AgentState} agent
 * @param {boolean} offlineClock
 * @returns {string | null}
 */
export function statusSince(agent, offlineClock) {
  if (shownStatus(agent) !== "OFFLINE") return agent.routingStatusSince;
  return offlineClock ? agent.presenceSince : null;
}

/**
 * The agents to list, in board order. By status: status order, then
 * longest in status, then name. By time: longest in status first (no clock
 * last), then status order, then name.
 *
 * @param {readonly AgentState[]} agents
 * @param {{ sort: AgentSort, filter: AgentFilter, offlineClock: boolean }} view
 * @returns {AgentState[]}
 */
export function agentsInOrder(agents, view) {
  const shown = view.filter === "notResponding"
    ? agents.filter((a) => shownStatus(a) === "NOT_RESPONDING")
    : [...agents];
  const since = (/** @type {AgentState} */ a) =>
    Date.parse(statusSince(a, view.offlineClock) ?? "") || Infinity;
  const rank = (/** @type {AgentState} */ a) =>
    STATUS_ORDER[shownStatus(a)] ?? 6;
  const byName = (/** @type {AgentState} */ a, /** @type {AgentState} */ b) =>
    String(a.name).localeCompare(String(b.name)) ||
    String(a.id).localeCompare(String(b.id));
  return shown.sort((a, b) =>
    view.sort === "time"
      ? since(a) - since(b) || rank(a) - rank(b) || byName(a, b)
      : rank(a) - rank(b) || since(a) - since(b) || byName(a, b)
  );
}
