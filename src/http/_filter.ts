/**
 * The `queues` / `agents` query of REST and SSE requests, and the scope
 * check against the caller's token.
 *
 * @module
 */

import type { Principal } from "../auth/mod.ts";
import type { SubscriptionFilter } from "../realtime/contracts.ts";
import { HttpError, quoted } from "./_errors.ts";

/** Most queue ids one request may name. */
const MAX_FILTER_QUEUES = 1000;

/**
 * Reads `?queues=a,b` (absent = every queue in scope) and `?agents=true|false`
 * (absent = false). Throws a 400 `HttpError` on an empty queue id or a bad
 * `agents` value.
 */
export function parseFilter(url: URL): SubscriptionFilter {
  return {
    queues: parseQueues(url.searchParams.getAll("queues")),
    agents: parseAgents(url.searchParams.get("agents")),
  };
}

function parseQueues(values: string[]): string[] | null {
  if (values.length === 0) return null;
  const ids = new Set<string>();
  for (const value of values) {
    for (const part of value.split(",")) {
      const id = part.trim();
      if (id === "") {
        throw new HttpError(
          400,
          "bad_request",
          "Cannot parse queues: empty queue id",
        );
      }
      ids.add(id);
    }
  }
  if (ids.size > MAX_FILTER_QUEUES) {
    throw new HttpError(
      400,
      "bad_request",
      `Cannot parse queues: more than ${MAX_FILTER_QUEUES} queue ids`,
    );
  }
  return [...ids];
}

function parseAgents(value: string | null): boolean {
  if (value === null || value === "false") return false;
  if (value === "true") return true;
  throw new HttpError(
    400,
    "bad_request",
    `Cannot parse agents: expected "true" or "false", got ${quoted(value)}`,
  );
}

/**
 * Refuses (403) a filter that names a queue outside the token's scope or asks
 * for agents without the agents scope.
 */
export function checkScope(
  principal: Principal,
  filter: SubscriptionFilter,
): void {
  if (filter.queues && principal.queues !== "*") {
    for (const id of filter.queues) assertQueueInScope(principal, id);
  }
  if (filter.agents) assertAgentsInScope(principal);
}

/** Refuses (403) a queue id outside a list scope, whether it exists or not. */
export function assertQueueInScope(principal: Principal, id: string): void {
  if (principal.queues === "*" || principal.queues.includes(id)) return;
  throw new HttpError(
    403,
    "forbidden",
    `Cannot read queue ${quoted(id)}: outside the token's scope`,
  );
}

/** Refuses (403) the agent board without the agents scope. */
export function assertAgentsInScope(principal: Principal): void {
  if (principal.agents) return;
  throw new HttpError(
    403,
    "forbidden",
    "Cannot read agents: the token has no agents scope",
  );
}
