// @ts-check
/**
 * The intraday trend held in the `trend` map, read per queue, and the
 * day's curve from the server's totals per interval. Pure: unit-tested
 * under `deno test`.
 *
 * @module
 */

/** @typedef {import("./state.js").TrendPoint} TrendPoint */
/** @typedef {import("./state.js").TrendTotals} TrendTotals */

/** Length of one trend interval. */
export const INTERVAL_MS = 30 * 60_000;

/**
 * The intervals of every queue, each list sorted by start.
 *
 * @param {Record<string, TrendPoint> | null} trend
 * @returns {Map<string, TrendPoint[]>}
 */
export function trendByQueue(trend) {
  /** @type {Map<string, TrendPoint[]>} */
  const out = new Map();
  for (const point of Object.values(trend ?? {})) {
    if (!point || typeof point.queueId !== "string") continue;
    let list = out.get(point.queueId);
    if (!list) out.set(point.queueId, list = []);
    list.push(point);
  }
  for (const list of out.values()) list.sort(byStart);
  return out;
}

/**
 * @param {{ start: string }} a
 * @param {{ start: string }} b
 */
function byStart(a, b) {
  return Date.parse(a.start) - Date.parse(b.start);
}

/**
 * The day's curve: the server's totals per interval over the board's
 * queues (ratios of sums, as the totals strip), in time order.
 *
 * @param {Record<string, TrendTotals> | null} trendTotals
 * @returns {TrendTotals[]}
 */
export function dayCurve(trendTotals) {
  return Object.values(trendTotals ?? {})
    .filter((p) => p && typeof p.start === "string")
    .sort(byStart);
}

/**
 * The slot (0 = the first 30 minutes) of each point counted from
 * `dayStart` (ISO); points before the day or unparsable are dropped.
 *
 * @template {{ start: string }} P
 * @param {readonly P[]} points
 * @param {string} dayStart
 * @returns {{ slot: number, point: P }[]}
 */
export function slotted(points, dayStart) {
  const origin = Date.parse(dayStart);
  /** @type {{ slot: number, point: P }[]} */
  const out = [];
  if (Number.isNaN(origin)) return out;
  for (const point of points) {
    const t = Date.parse(point.start);
    if (Number.isNaN(t) || t < origin) continue;
    out.push({ slot: Math.floor((t - origin) / INTERVAL_MS), point });
  }
  return out;
}

/**
 * Where the day starts: the start of a queue's `today.interval`
 * ("start/end"), else the first point's start.
 *
 * @param {string | null | undefined} interval
 * @param {readonly { start: string }[]} points
 * @returns {string | null}
 */
export function dayStartOf(interval, points) {
  const start = typeof interval === "string" ? interval.split("/")[0] : "";
  if (!Number.isNaN(Date.parse(start))) return start;
  return points[0]?.start ?? null;
}
