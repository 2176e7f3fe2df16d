/**
 * What the wallboard page shows, read in the page by `evaluate`: tiles and
 * their fields, agents, totals, banners, header and charts.
 *
 * @module
 */

/** The page as a screen reader of the tests sees it. */
export interface ViewRead {
  tiles: Record<string, unknown>[];
  agents: Record<string, string>[];
  agentsCount: string | null;
  totals: Record<string, string>;
  stale: string | null;
  notice: string | null;
  age: string;
  connection: string;
  version: number | null;
  connected: boolean;
  title: string;
  documentTitle: string;
  board: string | null;
  /** [state, text]; state "off" when the board has no sound. */
  sound: [string, string];
  /** The day's curve's label, or null when hidden. */
  dayCurve: string | null;
}

/** The expression that reads a `ViewRead`. */
export const READ_VIEW = `(() => {
  const text = (el) => el ? el.textContent.trim().replace(/\\s+/g, " ") : null;
  const $ = (id) => document.querySelector('[data-testid="' + id + '"]');
  const fields = (el) => {
    const out = {};
    for (const f of el.querySelectorAll("[data-field]")) {
      if (f.dataset.field !== "trend") out[f.dataset.field] = text(f);
    }
    return out;
  };
  const tiles = [...document.querySelectorAll('[data-testid^="queue-"]')].map((el) => ({
    testid: el.dataset.testid,
    severity: el.dataset.severity,
    alerts: [...el.querySelectorAll(".alerts li")].map(text),
    charts: [...el.querySelectorAll("svg.chart")].map((svg) => svg.getAttribute("aria-label")),
    ...fields(el),
  }));
  const agents = [...document.querySelectorAll('[data-testid^="agent-"]')]
    .filter((el) => el.dataset.testid !== "agent-list" && el.isConnected && el.parentElement)
    .map((el) => ({ testid: el.dataset.testid, ...fields(el) }));
  const totals = {};
  for (const el of document.querySelectorAll('[data-testid^="total-"]')) {
    totals[el.dataset.testid.slice(6)] = text(el);
  }
  const sound = $("sound");
  const curve = $("day-curve");
  return {
    tiles, agents, totals,
    agentsCount: text($("agents-count")),
    stale: $("stale-banner").hidden ? null : text($("stale-banner")),
    notice: $("notice").hidden ? null : text($("notice")),
    age: text($("data-age")),
    connection: $("connection").dataset.state,
    version: window.__qp.version,
    connected: window.__qp.connected,
    title: text($("board-title")),
    documentTitle: document.title,
    board: window.__qp.board,
    sound: sound.hidden ? ["off", ""] : [sound.dataset.state, text(sound)],
    dayCurve: curve.hidden ? null : curve.querySelector("svg.chart").getAttribute("aria-label"),
  };
})()`;
