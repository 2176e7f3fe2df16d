// @ts-check
/// <reference lib="dom" />
/**
 * Puts the board state on the page: queue tiles (re-rendered only when
 * they change, reused across snapshots so a reconnect never flashes) fitted
 * to the screen, and the totals strip with the day's curve.
 *
 * @module
 */

import { severityOf } from "./alerts.js";
import { trendChart } from "./charts.js";
import { fmtClock, fmtDuration, fmtInt, fmtPct, UNKNOWN } from "./format.js";
import { byTestId, placeInOrder } from "./dom.js";
import { fitGrid } from "./layout.js";
import { queuesInOrder } from "./state.js";
import { tileHtml } from "./tiles.js";
import { dayCurve, dayStartOf, trendByQueue } from "./trend.js";

/** @typedef {import("./state.js").BoardState} BoardState */
/** @typedef {import("./view.js").View} View */

/** Slots of the day's curve: a whole day of 30-minute intervals. */
const DAY_SLOTS = 48;

/**
 * Creates the renderer of `doc` (the page of web/index.html).
 *
 * @param {Document} doc
 */
export function createRenderer(doc) {
  /** @type {Map<string, HTMLElement>} */
  const tiles = new Map();
  const queuesEl = byTestId(doc, "queues");
  const emptyEl = byTestId(doc, "empty");
  const curveEl = byTestId(doc, "day-curve");

  /**
   * Re-renders the tiles of `ids` (all when null), then fixes their order.
   *
   * @param {BoardState} state
   * @param {string[] | null} ids
   * @param {View} view
   * @param {number} now
   */
  function queues(state, ids, view, now) {
    const trend = trendByQueue(view.trend ? state.trend : null);
    for (const id of ids ?? [...tiles.keys(), ...Object.keys(state.queues)]) {
      const queue = Object.hasOwn(state.queues, id) ? state.queues[id] : null;
      let el = tiles.get(id);
      if (!queue) {
        el?.remove();
        tiles.delete(id);
        continue;
      }
      if (!el) {
        el = doc.createElement("article");
        el.dataset.testid = `queue-${id}`;
        tiles.set(id, el);
      }
      const severity = severityOf(queue);
      el.className = `tile sev-${severity}`;
      el.dataset.severity = severity;
      el.innerHTML = tileHtml(queue, trend.get(id) ?? [], view, now);
    }
    const order = queuesInOrder(state).map((q) => tiles.get(q.id))
      .filter((el) => el !== undefined);
    placeInOrder(queuesEl, order);
    emptyEl.hidden = order.length > 0;
    emptyEl.textContent = state.version === null
      ? "Waiting for data…"
      : "No queues in view";
  }

  /**
   * @param {BoardState} state
   * @param {View} view
   * @param {number} now
   */
  function totals(state, view, now) {
    byTestId(doc, "totals").hidden = !view.totals;
    const t = state.totals;
    setText(
      "total-waiting",
      fmtInt(t?.waiting),
      (t?.waiting ?? 0) > 0 ? "warnc" : "",
    );
    const oldest = byTestId(doc, "total-oldest-wait");
    const oldestAt = Date.parse(t?.oldestWaitingSince ?? "");
    if (Number.isNaN(oldestAt)) {
      delete oldest.dataset.since;
      oldest.textContent = UNKNOWN;
    } else {
      oldest.dataset.since = String(oldestAt);
      oldest.textContent = fmtClock(now - oldestAt);
    }
    setText("total-agents-on-queue", fmtInt(t?.agentsOnQueue));
    setText("total-agents-idle", fmtInt(t?.agentsIdle));
    setText("total-agents-interacting", fmtInt(t?.agentsInteracting));
    setText(
      "total-agents-not-responding",
      fmtInt(t?.agentsNotResponding),
      (t?.agentsNotResponding ?? 0) > 0 ? "bad" : "",
    );
    setText("total-occupancy", fmtPct(t?.occupancy));
    setText("total-service-level", fmtPct(t?.serviceLevel));
    setText("total-abandon-rate", fmtPct(t?.abandonRate));
    setText("total-aht", fmtDuration(t?.ahtMs));
    setText("total-asa", fmtDuration(t?.asaMs));
    setText("total-offered", fmtInt(t?.offered));
    setText("total-answered", fmtInt(t?.answered));
    setText("total-abandoned", fmtInt(t?.abandoned));
    curve(state, view);
  }

  /**
   * The day's curve over the board's queues, hidden without trend data.
   *
   * @param {BoardState} state
   * @param {View} view
   */
  function curve(state, view) {
    const points = view.trend ? dayCurve(state.trendTotals) : [];
    const first = Object.values(state.queues)[0];
    const dayStart = dayStartOf(first?.today?.interval, points);
    const chart = dayStart
      ? trendChart(points, {
        dayStart,
        target: null,
        slots: DAY_SLOTS,
        label: "All queues of this board",
      })
      : "";
    curveEl.hidden = chart === "";
    const svg = curveEl.querySelector(".curve-chart");
    if (svg) svg.innerHTML = chart;
  }

  /**
   * @param {string} testId
   * @param {string} text
   * @param {string} [cls]
   */
  function setText(testId, text, cls) {
    const el = byTestId(doc, testId);
    el.textContent = text;
    el.classList.remove("bad", "warnc", "good");
    if (cls) el.classList.add(cls);
  }

  /**
   * Fits the tiles to the space the board has: every tile on screen when
   * they stay readable, else readable tiles and scrolling.
   */
  function fit() {
    const win = doc.defaultView;
    if (!win) return;
    const rem = parseFloat(win.getComputedStyle(doc.documentElement).fontSize);
    const top = queuesEl.getBoundingClientRect().top + win.scrollY;
    const grid = fitGrid(queuesEl.children.length, {
      width: queuesEl.clientWidth,
      height: win.innerHeight - top - rem * 0.8,
      gap: rem * 0.6,
      minWidth: rem * 14,
      minHeight: rem * 9,
      aspect: 1.7,
    });
    queuesEl.style.setProperty("--cols", String(grid.cols));
    queuesEl.style.setProperty("--rows", String(grid.rows));
    doc.body.classList.toggle("layout-fit", grid.fits);
    doc.body.classList.toggle("layout-scroll", !grid.fits);
  }

  return { queues, totals, fit };
}
