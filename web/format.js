// @ts-check
/**
 * Pure formatting of the wallboard's numbers, durations and times. No DOM:
 * unit-tested under `deno test`.
 *
 * @module
 */

/** Shown for a value that is unknown (`null`, `NaN`, missing). */
export const UNKNOWN = "—";

/**
 * Whether `value` is a finite number.
 *
 * @param {unknown} value
 * @returns {value is number}
 */
export function isNum(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/**
 * Escapes `value` for HTML text and attribute values.
 *
 * @param {unknown} value
 * @returns {string}
 */
export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A count, or "—".
 *
 * @param {unknown} value
 * @returns {string}
 */
export function fmtInt(value) {
  return isNum(value) ? String(Math.round(value)) : UNKNOWN;
}

/**
 * A 0..1 ratio as a whole percentage ("83%"), or "—".
 *
 * @param {unknown} ratio
 * @returns {string}
 */
export function fmtPct(ratio) {
  return isNum(ratio) ? `${Math.round(ratio * 100)}%` : UNKNOWN;
}

/**
 * @param {number} n
 * @returns {string}
 */
function pad(n) {
  return String(n).padStart(2, "0");
}

/**
 * A live duration as mm:ss, h:mm:ss from one hour on (time floored).
 *
 * @param {unknown} ms
 * @returns {string}
 */
export function fmtClock(ms) {
  if (!isNum(ms)) return UNKNOWN;
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/**
 * A handling or answer time as m:ss, h:mm:ss from one hour on (rounded).
 *
 * @param {unknown} ms
 * @returns {string}
 */
export function fmtDuration(ms) {
  if (!isNum(ms)) return UNKNOWN;
  const total = Math.round(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * The local wall-clock time (hh:mm:ss) of an ISO time or epoch ms, or "—".
 *
 * @param {string | number | null | undefined} time
 * @returns {string}
 */
export function fmtTime(time) {
  const t = typeof time === "number" ? time : Date.parse(time ?? "");
  if (!Number.isFinite(t)) return UNKNOWN;
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * The local hour and minute (hh:mm) of an ISO time, or "—".
 *
 * @param {string | null | undefined} iso
 * @returns {string}
 */
export function fmtHourMinute(iso) {
  const t = Date.parse(iso ?? "");
  if (Number.isNaN(t)) return UNKNOWN;
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The age of data: whole seconds under a minute ("4 s"), then a clock.
 *
 * @param {number} ms
 * @returns {string}
 */
export function fmtAge(ms) {
  if (ms < 60_000) return `${Math.max(0, Math.floor(ms / 1000))} s`;
  return fmtClock(ms);
}

/**
 * An upper-case code as a sentence: "NOT_RESPONDING" → "Not responding".
 *
 * @param {string | null | undefined} code
 * @returns {string}
 */
export function sentence(code) {
  if (!code) return UNKNOWN;
  const words = String(code).toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The time since an ISO instant at `now`, as a clock, or "—".
 *
 * @param {string | null | undefined} iso
 * @param {number} now
 * @returns {string}
 */
export function fmtSince(iso, now) {
  const t = Date.parse(iso ?? "");
  return Number.isNaN(t) ? UNKNOWN : fmtClock(now - t);
}
