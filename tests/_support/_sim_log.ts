/**
 * Reading the simulator's request log (`/__sim/stats` `log`): which calls
 * arrived when, and with what answer.
 *
 * @module
 */

import type { Simulator } from "../../src/simulator/mod.ts";

/** The observation query, as the simulator names routes. */
export const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";
/** The routing activity query. */
export const ACTIVITY = "POST /api/v2/analytics/routing/activity/query";
/** The "today" aggregates query. */
export const AGGREGATES =
  "POST /api/v2/analytics/conversations/aggregates/query";
/** The OAuth token request. */
export const TOKEN = "POST /oauth/token";

/** One logged request: arrival time (ms after `since`) and answer status. */
export interface Call {
  at: number;
  status: number;
}

/**
 * Calls of `route` that arrived at or after `from` (epoch ms), with times in
 * ms after `origin`.
 */
export function callsOf(
  sim: Simulator,
  route: string,
  from: number,
  origin: number,
): Call[] {
  return sim.stats().log.flatMap((e) =>
    `${e.method} ${e.path}` === route && e.at >= from
      ? [{ at: e.at - origin, status: e.status }]
      : []
  );
}
