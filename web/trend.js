// @ts-check
/**
 * The intraday trend held in the `trend` map, read per queue and summed
 * over the board's queues (the day's curve). Pure: unit-tested under
 * `deno test`.
 *
 * @module
 */

/** @typedef {import("./state.js").TrendPoint} TrendPoint */

/** Length of one trend interval. */
export const INTERVAL_MS = 30 * 60_000;

/**
 * One interval of the day's curve over several queues.
 *
 * @typedef {object} CurvePoint
 * @property {string} start ISO start of the interval
 * @property {number} offered
 * @property {number} answered
 * @property {number} abandoned
 * @property {number | null} serviceLevel offered-weighted mean of the queues' ratios
 * @property {number | null} abandonRate abandoned / offered
 */

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
 * The day's curve over `queueIds` (all queues when null): counts are sums,
 * the abandon rate a ratio of sums. The trend map carries no service-level
 * numerators, so the curve's service level weights each queue's ratio by
 * its offered count.
 *
 * @param {Record<string, TrendPoint> | null} trend
 * @param {ReadonlySet<string> | null} queueIds
 * @returns {CurvePoint[]}
 */
export function dayCurve(trend, queueIds) {
  /** @type {Map<string, CurvePoint & { slWeight: number, slSum: number }>} */
  const byStartIso = new Map();
  for (const point of Object.values(trend ?? {})) {
    if (!point || (queueIds && !queueIds.has(point.queueId))) continue;
    let sum = byStartIso.get(point.start);
    if (!sum) {
      sum = {
        start: point.start,
        offered: 0,
        answered: 0,
        abandoned: 0,
        serviceLevel: null,
        abandonRate: null,
        slWeight: 0,
        slSum: 0,
      };
      byStartIso.set(point.start, sum);
    }
    sum.offered += point.offered;
    sum.answered += point.answered;
    sum.abandoned += point.abandoned;
    if (typeof point.serviceLevel === "number" && point.offered > 0) {
      sum.slWeight += point.offered;
      sum.slSum += point.serviceLevel * point.offered;
    }
  }
  return [...byStartIso.values()].sort(byStart).map((s) => ({
    start: s.start,
    offered: s.offered,
    answered: s.answered,
    abandoned: s.abandoned,
    serviceLevel: s.slWeight > 0 ? s.slSum / s.slWeight : null,
    abandonRate: s.offered > 0 ? s.abandoned / s.offered : null,
  }));
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
