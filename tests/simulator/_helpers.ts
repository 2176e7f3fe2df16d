/**
 * Helpers for simulator tests: tokens, JSON calls and query bodies.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Simulator } from "../../src/simulator/mod.ts";

/** Base URL used for in-process calls (the host is ignored). */
export const BASE = "http://sim.test";

/** Every observation metric queuepulse knows. */
export const OBSERVATION_METRICS = [
  "oWaiting",
  "oInteracting",
  "oAlerting",
  "oLongestWaiting",
  "oLongestInteracting",
  "oUserRoutingStatuses",
  "oOnQueueUsers",
  "oOffQueueUsers",
  "oActiveUsers",
  "oMemberUsers",
  "oUserPresences",
];

/** The "today" aggregate metrics of the brief. */
export const AGGREGATE_METRICS = [
  "nOffered",
  "tAnswered",
  "tAbandon",
  "tFlowOut",
  "tHandle",
  "tWait",
  "tAcw",
  "tTalk",
  "nOverSla",
  "oServiceLevel",
  "tShortAbandon",
];

/** A token request with Basic credentials. */
export function tokenRequest(
  sim: Simulator,
  id = "sim-client",
  secret = "sim-secret",
  body = "grant_type=client_credentials",
): Promise<Response> {
  return sim.fetch(`${BASE}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${btoa(`${id}:${secret}`)}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body,
  });
}

/** A fresh access token. */
export async function token(sim: Simulator): Promise<string> {
  const res = await tokenRequest(sim);
  assert.equal(res.status, 200);
  return (await res.json()).access_token;
}

/** `POST path` with a JSON body and a bearer token. */
export function post(
  sim: Simulator,
  accessToken: string | null,
  path: string,
  body: unknown,
): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
  };
  if (accessToken !== null) headers.authorization = `Bearer ${accessToken}`;
  return sim.fetch(`${BASE}${path}`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** `GET path` with a bearer token. */
export function get(
  sim: Simulator,
  accessToken: string | null,
  path: string,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (accessToken !== null) headers.authorization = `Bearer ${accessToken}`;
  return sim.fetch(`${BASE}${path}`, { headers });
}

/** `{type: "or", predicates: [queueId matches id, …]}`. */
export function queueFilter(ids: readonly string[]) {
  return {
    type: "or",
    predicates: ids.map((value) => ({
      type: "dimension",
      dimension: "queueId",
      operator: "matches",
      value,
    })),
  };
}

/** Path of the observation query. */
export const OBSERVATIONS = "/api/v2/analytics/queues/observations/query";
/** Path of the aggregate query. */
export const AGGREGATES = "/api/v2/analytics/conversations/aggregates/query";
/** Path of the routing activity query. */
export const ACTIVITY = "/api/v2/analytics/routing/activity/query";

/** An observation query for `ids` with every metric. */
export function observationBody(ids: readonly string[], detail = false) {
  return {
    filter: queueFilter(ids),
    metrics: OBSERVATION_METRICS,
    ...(detail ? { detailMetrics: ["oWaiting", "oInteracting"] } : {}),
  };
}

/** An aggregate query for `ids` over `interval`. */
export function aggregateBody(ids: readonly string[], interval: string) {
  return {
    interval,
    timeZone: "UTC",
    groupBy: ["queueId", "mediaType"],
    filter: queueFilter(ids),
    metrics: AGGREGATE_METRICS,
  };
}

/** A routing activity query with details for `ids`. */
export function activityBody(ids: readonly string[]) {
  return {
    metrics: [
      { metric: "oUserRoutingStatuses", details: true },
      { name: "oUserPresences", details: true },
      { metric: "oOnQueueUsers" },
      { metric: "oMemberUsers" },
    ],
    groupBy: ["queueId"],
    filter: queueFilter(ids),
    order: "asc",
  };
}

/** Reads a response body as JSON after checking the status. */
// deno-lint-ignore no-explicit-any
export async function json(res: Response, status = 200): Promise<any> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return JSON.parse(text);
}
