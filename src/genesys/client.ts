/**
 * The Genesys Cloud client: the calls of {@linkcode GenesysApi} on an
 * injected `fetch`, with a shared OAuth token, timeouts and typed errors.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { GenesysCredentials } from "./settings.ts";
import { GenesysApiError } from "./errors.ts";
import type { FetchLike } from "./_http.ts";
import { isRecord } from "./_json.ts";
import { pageActivity } from "./_activity.ts";
import { createRequester, type Json, list } from "./_request.ts";
import {
  activityQuery,
  aggregateQuery,
  batches,
  IDS_PER_CALL,
  observationQuery,
} from "./_queries.ts";
import { createTokenCache, type TokenCache } from "./token_cache.ts";
import type {
  AggregateDataContainer,
  GenesysApi,
  Queue,
  QueueObservationDataContainer,
  QueueObservationQueryResponse,
  RoutingActivityData,
  RoutingActivityResponse,
  User,
} from "./types.ts";

/** Options of {@linkcode createGenesysClient}. */
export interface GenesysClientOptions {
  /** API base URL, e.g. `https://api.mypurecloud.ie`. */
  apiUrl: string;
  /** Login base URL, e.g. `https://login.mypurecloud.ie`. */
  loginUrl: string;
  /** The OAuth client; never logged or echoed. */
  credentials: GenesysCredentials;
  /** Where requests go (`globalThis.fetch` or the simulator's). */
  fetch: FetchLike;
  /** Token expiry and the `observedAt` of a 429's rate-limit state. */
  clock: Clock;
  /** Timeout of each request. Default 10 000. */
  timeoutMs?: number;
  /** A token cache to share; by default the client makes its own. */
  tokenCache?: TokenCache;
  /** `pageSize` of routing activity pages. Default 100. */
  activityPageSize?: number;
  /**
   * Most routing activity pages per batch of 100 queues; past it the
   * answer is `incomplete`. Default 50 (5,000 agents a queue at 100).
   */
  maxActivityPages?: number;
}

const MAX_PAGES = 1000;
const ACTIVITY = "/api/v2/analytics/routing/activity/query";
// One page holds a whole batch of ids.
const USERS_EXPAND = `expand=presence,routingStatus&pageSize=${IDS_PER_CALL}`;

/**
 * Creates the Genesys client. Every call carries a bearer token from the
 * cache; a 401 drops that token and retries the call once; any other failure
 * is a `GenesysApiError` (see `errors.ts`).
 *
 * @example
 * ```ts
 * const api = createGenesysClient({
 *   ...regionHosts("mypurecloud.ie"),
 *   credentials: { clientId: "id", clientSecret: "secret" },
 *   fetch,
 *   clock: systemClock(),
 * });
 * const queues = await api.listQueues(signal);
 * const observed = await api.queueObservations(queues.map((q) => q.id), signal);
 * ```
 */
export function createGenesysClient(options: GenesysClientOptions): GenesysApi {
  const { clock } = options;
  const apiUrl = options.apiUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;
  const paging = {
    pageSize: positive("activityPageSize", options.activityPageSize, 100),
    maxPages: positive("maxActivityPages", options.maxActivityPages, 50),
  };
  const tokens = options.tokenCache ?? createTokenCache({
    loginUrl: options.loginUrl,
    credentials: options.credentials,
    fetch: options.fetch,
    clock,
    timeoutMs,
  });
  const requests = createRequester({
    apiUrl,
    tokens,
    fetch: options.fetch,
    clock,
    timeoutMs,
  });
  const call = (
    method: "GET" | "POST",
    path: string,
    payload: unknown,
    signal?: AbortSignal,
  ) => requests.json(method, path, payload, signal);

  async function eachBatch<T>(
    ids: readonly string[],
    path: string,
    build: (batch: string[]) => unknown,
    field: string,
    signal?: AbortSignal,
  ): Promise<{ items: T[]; answers: Json[] }> {
    const items: T[] = [];
    const answers: Json[] = [];
    for (const batch of batches(ids)) {
      const answer = await call("POST", path, build(batch), signal);
      items.push(...list<T>(answer, field, false));
      answers.push(answer);
    }
    return { items, answers };
  }

  return {
    async listQueues(signal) {
      const queues: Queue[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const path = `/api/v2/routing/queues?pageSize=100&pageNumber=${page}`;
        const answer = await call("GET", path, undefined, signal);
        const entities = list<Queue>(answer, "entities", true);
        queues.push(...entities);
        const { pageCount, nextUri } = answer.body;
        const last = typeof pageCount === "number"
          ? page >= pageCount
          : typeof nextUri !== "string" || nextUri === "";
        if (last || entities.length === 0) return queues;
      }
      throw new GenesysApiError(
        `Cannot list Genesys queues: more than ${MAX_PAGES} pages`,
        { status: 200, code: "malformed.response" },
      );
    },

    async queueObservations(queueIds, signal) {
      const { items, answers } = await eachBatch<QueueObservationDataContainer>(
        queueIds,
        "/api/v2/analytics/queues/observations/query",
        observationQuery,
        "results",
        signal,
      );
      const response: QueueObservationQueryResponse = { results: items };
      const mappings = mergeMappings(answers);
      if (mappings) response.systemToOrganizationMappings = mappings;
      return response;
    },

    async todayAggregates(queueIds, interval, timeZone, signal) {
      const { items } = await eachBatch<AggregateDataContainer>(
        queueIds,
        "/api/v2/analytics/conversations/aggregates/query",
        (batch) => aggregateQuery(batch, interval, timeZone),
        "results",
        signal,
      );
      return { results: items };
    },

    async routingActivity(queueIds, signal) {
      const results: RoutingActivityData[] = [];
      const incomplete: string[] = [];
      let pagesFetched = 0;
      let dimension: unknown;
      for (const batch of batches(queueIds)) {
        const paged = await pageActivity(async (size, page) => {
          const path = `${ACTIVITY}?pageSize=${size}&pageNumber=${page}`;
          const answer = await call("POST", path, activityQuery(batch), signal);
          dimension ??= answer.body.entityIdDimension;
          return list<RoutingActivityData>(answer, "results", false);
        }, paging);
        results.push(...paged.results);
        incomplete.push(...paged.incomplete);
        pagesFetched += paged.pages;
      }
      const response: RoutingActivityResponse = { results };
      if (typeof dimension === "string") response.entityIdDimension = dimension;
      if (incomplete.length > 0) {
        response.incomplete = { queueIds: incomplete, pagesFetched };
      }
      return response;
    },

    async getUsers(userIds, signal) {
      const users: User[] = [];
      for (const batch of batches(userIds)) {
        const ids = batch.map((id) => `id=${encodeURIComponent(id)}`).join("&");
        const path = `/api/v2/users?${ids}&${USERS_EXPAND}`;
        const answer = await call("GET", path, undefined, signal);
        users.push(...list<User>(answer, "entities", true));
      }
      return users;
    },

    rateLimit: () => requests.rateLimit(),
  };
}

/** `value` when set (a positive integer), else `fallback`; RangeError otherwise. */
function positive(name: string, value: number | undefined, fallback: number) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot create Genesys client: ${name} must be a positive integer, got ${value}`,
    );
  }
  return value;
}

/** Merges `systemToOrganizationMappings` of several answers; undefined if none had one. */
function mergeMappings(
  answers: Json[],
): Record<string, string[]> | undefined {
  let merged: Record<string, string[]> | undefined;
  for (const { body } of answers) {
    const mappings = body.systemToOrganizationMappings;
    if (!isRecord(mappings)) continue;
    merged ??= {};
    for (const [presence, ids] of Object.entries(mappings)) {
      if (!Array.isArray(ids)) continue;
      const known = new Set(merged[presence] ?? []);
      for (const id of ids) if (typeof id === "string") known.add(id);
      merged[presence] = [...known];
    }
  }
  return merged;
}
