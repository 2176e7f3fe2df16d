/**
 * ISO-8601 intervals and periods of aggregate queries (genesys-api.md
 * §3.1: `start/end`, offsets allowed; granularity such as `PT30M`, `P1D`).
 *
 * @module
 */

import { badRequest } from "./_errors.ts";

const INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const PERIOD =
  /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses `start/end`; 400 when malformed or empty. */
export function parseInterval(value: unknown): { start: number; end: number } {
  if (value === undefined) {
    throw badRequest('Cannot parse query: "interval" is required');
  }
  const text = typeof value === "string" ? value : "";
  const parts = text.split("/");
  const [start, end] = parts.map((p) => INSTANT.test(p) ? Date.parse(p) : NaN);
  if (parts.length !== 2 || Number.isNaN(start) || Number.isNaN(end)) {
    throw badRequest(
      `Cannot parse interval: ${
        JSON.stringify(value)
      } is not an ISO-8601 interval "start/end"`,
    );
  }
  if (end <= start) {
    throw badRequest(
      `Cannot parse interval: end must be after start in "${text}"`,
    );
  }
  return { start, end };
}

/** Parses an ISO-8601 period (weeks, days, hours, minutes, seconds) to ms. */
export function parseGranularity(value: unknown): number {
  const m = typeof value === "string" ? PERIOD.exec(value) : null;
  const [w, d, h, min, s] = (m ?? []).slice(1).map((x) => Number(x ?? 0));
  const ms = m ? ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000 : 0;
  if (ms <= 0) {
    throw badRequest(
      `Cannot parse granularity: ${
        JSON.stringify(value)
      } is not an ISO-8601 period`,
    );
  }
  return ms;
}
