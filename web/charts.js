// @ts-check
/**
 * SVG markup of the trend charts: service level per 30 minutes against its
 * target (a line over a dashed target line) above offered per 30 minutes
 * (bars, the abandoned share drawn over them). Pure strings, styled by
 * class from the stylesheet: unit-tested under `deno test`.
 *
 * @module
 */

import { esc, fmtInt, fmtPct, isNum } from "./format.js";
import { slotted } from "./trend.js";

/** Width of one interval in SVG user units. */
const SLOT = 10;
/** Height of the chart in SVG user units: service level above, volume below. */
const HEIGHT = 40;
const SL_BAND = 20;
const GAP = 2;

/**
 * The figures one chart needs per interval.
 *
 * @typedef {object} ChartPoint
 * @property {string} start
 * @property {number} offered
 * @property {number} abandoned
 * @property {number | null} serviceLevel
 */

/**
 * Options of a chart.
 *
 * @typedef {object} ChartOptions
 * @property {string} dayStart ISO start of the day (slot 0)
 * @property {number | null} target service-level target 0..1
 * @property {number} [slots] intervals on the x axis; default: the day so far (at least 8)
 * @property {string} label what the chart shows, for screen readers
 */

/**
 * The chart of `points`, or "" when there is nothing to draw.
 *
 * @param {readonly ChartPoint[]} points
 * @param {ChartOptions} options
 * @returns {string}
 */
export function trendChart(points, options) {
  const placed = slotted(points, options.dayStart);
  if (placed.length === 0) return "";
  const last = placed[placed.length - 1];
  const slots = options.slots ?? Math.max(8, last.slot + 1);
  const width = slots * SLOT;
  const top = Math.max(1, ...placed.map((p) => p.point.offered));
  const volumeY = SL_BAND + GAP;
  const volumeH = HEIGHT - volumeY;
  let bars = "";
  /** @type {string[]} */
  const line = [];
  for (const { slot, point } of placed) {
    if (slot >= slots) continue;
    const x = slot * SLOT + 1;
    const h = (Math.max(0, point.offered) / top) * volumeH;
    const ah = (Math.max(0, Math.min(point.abandoned, point.offered)) / top) *
      volumeH;
    bars += rect("offered", x, HEIGHT - h, SLOT - 2, h);
    if (ah > 0) bars += rect("abandoned", x, HEIGHT - ah, SLOT - 2, ah);
    if (isNum(point.serviceLevel)) {
      line.push(`${slot * SLOT + SLOT / 2},${slY(point.serviceLevel)}`);
    }
  }
  const target = isNum(options.target)
    ? `<line class="target" x1="0" x2="${width}" y1="${
      slY(options.target)
    }" y2="${slY(options.target)}" vector-effect="non-scaling-stroke"/>`
    : "";
  const sl = line.length === 1
    ? `<circle class="sl" cx="${line[0].split(",")[0]}" cy="${
      line[0].split(",")[1]
    }" r="1.5"/>`
    : line.length > 1
    ? `<polyline class="sl" points="${
      line.join(" ")
    }" vector-effect="non-scaling-stroke"/>`
    : "";
  return `<svg class="chart" viewBox="0 0 ${width} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label="${
    esc(describe(last.point, options))
  }">${target}${sl}${bars}</svg>`;
}

/**
 * @param {number} ratio
 * @returns {number}
 */
function slY(ratio) {
  const r = Math.max(0, Math.min(1, ratio));
  return round((1 - r) * (SL_BAND - 2) + 1);
}

/**
 * @param {string} cls
 * @param {number} x
 * @param {number} y
 * @param {number} w
 * @param {number} h
 * @returns {string}
 */
function rect(cls, x, y, w, h) {
  return `<rect class="${cls}" x="${round(x)}" y="${round(y)}" width="${
    round(w)
  }" height="${round(h)}"/>`;
}

/**
 * @param {number} n
 * @returns {number}
 */
function round(n) {
  return Math.round(n * 100) / 100;
}

/**
 * @param {ChartPoint} latest
 * @param {ChartOptions} options
 * @returns {string}
 */
function describe(latest, options) {
  const target = isNum(options.target)
    ? ` against a target of ${fmtPct(options.target)}`
    : "";
  return `${options.label}: service level per 30 minutes${target}, latest ${
    fmtPct(latest.serviceLevel)
  }; latest interval offered ${fmtInt(latest.offered)}, abandoned ${
    fmtInt(latest.abandoned)
  }`;
}
