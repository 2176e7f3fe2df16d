/**
 * The doctor's REST checks: a token, then each call the poller makes (queue
 * directory, observations, "today" aggregates, routing activity, users),
 * each on the first batch the poller would send, so the doctor costs a
 * handful of requests of the org's allowance.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import {
  endpointPermissions,
  type GenesysApi,
  GenesysAuthError,
  IDS_PER_CALL,
  type Queue,
  type TokenCache,
} from "../genesys/mod.ts";
import { filterQueues, todayInterval } from "../poller/mod.ts";
import { type DoctorRow, fail, failure, granted, ok, skip } from "./_row.ts";

/** What the REST checks run against. */
export interface RestTarget {
  api: GenesysApi;
  tokens: TokenCache;
  clock: Clock;
  /** `GENESYS_QUEUES` patterns; empty = every queue. */
  queueFilter: readonly string[];
  /** `TIMEZONE` of "today". */
  timeZone: string;
}

/** What the push check subscribes to: the queues and agents checked. */
export interface Checked {
  queueIds: string[];
  userIds: string[];
}

const OBSERVATIONS = "/api/v2/analytics/queues/observations/query";
const AGGREGATES = "/api/v2/analytics/conversations/aggregates/query";
const ACTIVITY = "/api/v2/analytics/routing/activity/query";
/** The checks that run on the queues found, in order. */
const QUEUE_CHECKS = [
  "observations",
  "aggregates",
  "routing activity",
  "users",
];

/**
 * Runs the REST checks, appending one row each to `rows`; every token
 * obtained goes into `secrets`. Null when no queue could be checked.
 */
export async function checkRest(
  target: RestTarget,
  rows: DoctorRow[],
  secrets: Set<string>,
): Promise<Checked | null> {
  const { api } = target;
  try {
    secrets.add(await target.tokens.get());
    rows.push(ok("token", "client id and secret accepted"));
  } catch (error) {
    rows.push(fail("token", tokenFailure(error)));
    for (const check of ["queues", ...QUEUE_CHECKS]) {
      rows.push(skip(check, "needs a token"));
    }
    return null;
  }

  const queues = await step(rows, "queues", "GET", "/api/v2/routing/queues", {
    run: () => api.listQueues(),
    passed: (all) => directory(all, target.queueFilter),
  });
  const matched = queues ? filterQueues(queues, target.queueFilter) : [];
  if (matched.length === 0) {
    const why = queues ? "no queue to check" : "needs the queue directory";
    for (const check of QUEUE_CHECKS) rows.push(skip(check, why));
    return null;
  }
  const queueIds = matched.slice(0, IDS_PER_CALL).map((q) => q.id);
  const scope = `${queueIds.length} queue${queueIds.length === 1 ? "" : "s"}${
    matched.length > queueIds.length ? ` (first of ${matched.length})` : ""
  }`;

  await step(rows, "observations", "POST", OBSERVATIONS, {
    run: () => api.queueObservations(queueIds),
    passed: (answer) => `${answer.results.length} groups for ${scope}`,
  });
  const interval = todayInterval(target.clock.now(), target.timeZone);
  await step(rows, "aggregates", "POST", AGGREGATES, {
    run: () => api.todayAggregates(queueIds, interval, target.timeZone),
    passed: (answer) =>
      `${
        answer.results?.length ?? 0
      } groups for ${scope}, today ${interval} (${target.timeZone})`,
  });
  const activity = await step(rows, "routing activity", "POST", ACTIVITY, {
    run: () => api.routingActivity(queueIds),
    passed: (answer) => {
      const count = agentsOf(answer.results ?? []).length;
      const partial = answer.incomplete
        ? `, partial for ${answer.incomplete.queueIds.length} queues`
        : "";
      return `${count} agents in ${scope}${partial}`;
    },
  });

  const agents = activity ? agentsOf(activity.results ?? []) : [];
  const userIds = agents.slice(0, IDS_PER_CALL);
  if (!activity) rows.push(skip("users", "needs the routing activity"));
  else if (userIds.length === 0) {
    rows.push(skip("users", `no agent in ${scope}`));
  } else {
    await step(rows, "users", "GET", "/api/v2/users", {
      run: () => api.getUsers(userIds),
      passed: (users) =>
        `${users.length} of ${userIds.length} agents read with presence and routing status`,
    });
  }
  return { queueIds, userIds };
}

/** Runs one call and appends its row; the answer, or null when it failed. */
async function step<T>(
  rows: DoctorRow[],
  check: string,
  method: string,
  path: string,
  call: { run(): Promise<T>; passed(answer: T): string | DoctorRow },
): Promise<T | null> {
  const needed = endpointPermissions(method, path);
  let answer: T;
  try {
    answer = await call.run();
  } catch (error) {
    rows.push(fail(check, `${method} ${path}: ${failure(error, needed)}`));
    return null;
  }
  const passed = call.passed(answer);
  rows.push(
    typeof passed === "string"
      ? ok(check, `${passed}${granted(needed)}`)
      : passed,
  );
  return answer;
}

/** The queue directory's row: counts, divisions, and the `GENESYS_QUEUES` match. */
function directory(
  queues: readonly Queue[],
  patterns: readonly string[],
): string | DoctorRow {
  const divisions = new Set(queues.flatMap((q) => q.division?.id ?? []));
  const visible = `${plural(queues.length, "queue")} visible in ${
    plural(divisions.size, "division")
  }`;
  if (queues.length === 0) {
    return fail(
      "queues",
      `${visible}: the role's divisions hold no queue`,
    );
  }
  if (patterns.length === 0) return `${visible}; GENESYS_QUEUES unset: all`;
  const matched = filterQueues(queues, patterns).length;
  const filter = `GENESYS_QUEUES "${patterns.join(",")}"`;
  return matched === 0
    ? fail("queues", `${visible}; none match ${filter}`)
    : `${visible}; ${matched} match ${filter}`;
}

/** The distinct agent ids of routing activity results, in order. */
function agentsOf(
  results: readonly { entities?: readonly { userId?: string }[] }[],
): string[] {
  const ids = new Set<string>();
  for (const result of results) {
    for (const entity of result.entities ?? []) {
      if (typeof entity.userId === "string") ids.add(entity.userId);
    }
  }
  return [...ids];
}

/** The token row's detail: which credential was refused, never its value. */
function tokenFailure(error: unknown): string {
  if (!(error instanceof GenesysAuthError)) {
    return error instanceof Error ? error.message : String(error);
  }
  const answered = `${error.status} ${error.code}`;
  switch (error.reason) {
    case "client_not_found":
      return `client id refused (${answered} "client not found"): check GENESYS_CLIENT_ID and GENESYS_REGION`;
    case "authentication_failed":
      return `client secret refused (${answered} "authentication failed"): check GENESYS_CLIENT_SECRET`;
    default:
      return error.message;
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
