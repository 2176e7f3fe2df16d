// @ts-check
/**
 * The markup of one queue tile: name and alerts, the hero numbers
 * (waiting, oldest wait, service level against target), the board's
 * figures, and the queue's trend chart. Pure strings: unit-tested under
 * `deno test`.
 *
 * @module
 */

import { SEVERITY_SIGN } from "./alerts.js";
import { trendChart } from "./charts.js";
import {
  esc,
  fmtDuration,
  fmtInt,
  fmtPct,
  fmtSince,
  isNum,
  UNKNOWN,
} from "./format.js";
import { dayStartOf } from "./trend.js";

/** @typedef {import("./state.js").QueueState} QueueState */
/** @typedef {import("./state.js").TrendPoint} TrendPoint */
/** @typedef {import("./metrics.js").MetricName} MetricName */

/**
 * How a figure is shown: label, `data-field` name, value, and whether it
 * is bad now.
 *
 * @typedef {object} Figure
 * @property {string} label
 * @property {string} field
 * @property {(q: QueueState) => string} value
 * @property {(q: QueueState) => boolean} [bad]
 */

/**
 * How each figure a board may name is shown.
 *
 * @type {Record<MetricName, Figure>}
 */
export const FIGURES = {
  interacting: {
    label: "Interacting",
    field: "interacting",
    value: (q) => fmtInt(q.interacting),
  },
  agentsOnQueue: {
    label: "On queue",
    field: "agents-on-queue",
    value: (q) => fmtInt(q.agents?.onQueue),
  },
  agentsIdle: {
    label: "Idle",
    field: "agents-idle",
    value: (q) => fmtInt(q.agents?.idle),
  },
  agentsNotResponding: {
    label: "Not resp.",
    field: "agents-not-responding",
    value: (q) => fmtInt(q.agents?.notResponding),
    bad: (q) => (q.agents?.notResponding ?? 0) > 0,
  },
  offered: {
    label: "Offered",
    field: "offered",
    value: (q) => fmtInt(q.today?.offered),
  },
  abandoned: {
    label: "Abandoned",
    field: "abandoned",
    value: (q) => fmtInt(q.today?.abandoned),
  },
  abandonRate: {
    label: "Abandon",
    field: "abandon-rate",
    value: (q) => fmtPct(q.today?.abandonRate),
  },
  asa: {
    label: "ASA",
    field: "asa",
    value: (q) => fmtDuration(q.today?.asaMs),
  },
  alerting: {
    label: "Alerting",
    field: "alerting",
    value: (q) => fmtInt(q.alerting),
  },
  answered: {
    label: "Answered",
    field: "answered",
    value: (q) => fmtInt(q.today?.answered),
  },
  aht: {
    label: "AHT",
    field: "aht",
    value: (q) => fmtDuration(q.today?.ahtMs),
  },
};

/**
 * What a tile shows besides its queue.
 *
 * @typedef {object} TileView
 * @property {readonly MetricName[]} metrics
 * @property {boolean} trend whether to draw the trend chart
 */

/**
 * The inner markup of `queue`'s tile at `now` (epoch ms). Ticking clocks
 * carry `data-since` (epoch ms) for the page's 1-s timer.
 *
 * @param {QueueState} queue
 * @param {readonly TrendPoint[]} trend the queue's intervals, by start
 * @param {TileView} view
 * @param {number} now
 * @returns {string}
 */
export function tileHtml(queue, trend, view, now) {
  const t = queue.today ?? {};
  const list = Array.isArray(queue.alerts) ? queue.alerts : [];
  const worstFirst = [
    ...list.filter((a) => a.severity === "critical"),
    ...list.filter((a) => a.severity !== "critical"),
  ];
  const alerts = worstFirst.map((a) => {
    const sign = a.severity === "critical"
      ? SEVERITY_SIGN.critical
      : SEVERITY_SIGN.warning;
    const cls = a.severity === "critical" ? "critical" : "warning";
    return `<li class="${cls}">${sign.icon}<span class="sr">${sign.text}: </span>${
      esc(a.rule)
    }</li>`;
  }).join("");
  const sl = t.serviceLevel;
  const target = t.serviceLevelTarget;
  const slCls = isNum(sl) && isNum(target)
    ? (sl < target ? "num bad" : "num good")
    : "num";
  const figures = view.metrics.map((name) => {
    const f = FIGURES[name];
    const cls = f.bad?.(queue) ? ` class="bad"` : "";
    return `<div><dt>${esc(f.label)}</dt><dd data-field="${f.field}"${cls}>${
      esc(f.value(queue))
    }</dd></div>`;
  }).join("");
  const dayStart = dayStartOf(t.interval, trend);
  const chart = view.trend && dayStart
    ? trendChart(trend, {
      dayStart,
      target: t.serviceLevelTarget ?? null,
      label: queue.name,
    })
    : "";
  return `<h2 class="qname" data-field="name">${
    esc(queue.name)
  }</h2><ul class="alerts" aria-label="Alerts">${alerts}</ul>
<div class="hero-row">
<div class="big"><span class="num" data-field="waiting">${
    esc(fmtInt(queue.waiting))
  }</span><span class="label">Waiting</span></div>
<div class="big">${
    since(queue.oldestWaitingSince, now)
  }<span class="label">Oldest wait</span></div>
<div class="big sl-hero"><span class="${slCls}" data-field="service-level">${
    esc(fmtPct(sl))
  }</span><span class="label">SL · target <span data-field="service-level-target">${
    esc(fmtPct(target))
  }</span></span></div>
</div>
<dl class="stats"><div class="sl-figure"><dt>SL / target</dt><dd><span class="${
    slCls.replace("num", "").trim()
  }">${esc(fmtPct(sl))}</span> / ${
    esc(fmtPct(target))
  }</dd></div>${figures}</dl>${
    chart ? `<div class="spark" data-field="trend">${chart}</div>` : ""
  }`;
}

/**
 * @param {string | null | undefined} iso
 * @param {number} now
 * @returns {string}
 */
function since(iso, now) {
  const t = Date.parse(iso ?? "");
  if (Number.isNaN(t)) {
    return `<span class="num clockv" data-field="oldest-wait">${UNKNOWN}</span>`;
  }
  return `<span class="num clockv" data-field="oldest-wait" data-since="${t}">${
    fmtSince(iso, now)
  }</span>`;
}
