/**
 * `POST /api/v2/analytics/routing/activity/query`: per queue, counts per
 * qualifier with a direct `count`, and with `details: true` the `entityIds`
 * and one entity per member, `queueMembershipStatus` "active" (joined) or
 * "inactive".
 *
 * Routing-status counts (`oUserRoutingStatuses`, `oOnQueueUsers`) cover
 * logged-in members, as in the observation answer; `oActiveUsers` counts
 * joined members; entities cover every member.
 *
 * Paging (`pageSize` and `pageNumber` query parameters): Genesys cuts a
 * group's entity list at a cap it does not document and marks the group
 * `truncated`. The simulator stands in with `entityCap` entities per group
 * per page (option `activityEntityCap`, default 100): page n holds entities
 * `(n-1)·size … n·size-1` of each group in the requested order, where size
 * is `min(pageSize, entityCap)`, and a group is `truncated` while entities
 * remain after its page. Counts always cover the whole group; `entityIds`
 * list the ids of the page's entities.
 *
 * @module
 */

import type {
  RoutingActivityData,
  RoutingActivityEntityData,
  RoutingActivityMetricValue,
  RoutingActivityResponse,
} from "../genesys/types.ts";
import { badRequest, iso } from "./_errors.ts";
import { checkQueueLimit, collectPredicates } from "./_filter.ts";
import { intParam } from "./_paging.ts";
import { type Org, SYSTEM_PRESENCES } from "./_org.ts";
import { type AgentLive, ROUTING_STATES } from "./_model.ts";
import type { DayRun } from "./_run.ts";
import { selectQueues } from "./_select.ts";

/** Metrics of the routing activity query. */
export const ACTIVITY_METRICS = [
  "oActiveUsers",
  "oMemberUsers",
  "oOffQueueUsers",
  "oOnQueueUsers",
  "oUserPresences",
  "oUserRoutingStatuses",
] as const;

const FILTER_DIMENSIONS = [
  "queueId",
  "userId",
  "routingStatus",
  "systemPresence",
  "organizationPresenceId",
  "queueMembershipStatus",
  "teamId",
];

interface MetricAsk {
  metric: string;
  details: boolean;
}

interface Row {
  agent: AgentLive;
  entity: RoutingActivityEntityData;
}

/** Largest `pageSize` the routing activity query accepts. */
export const MAX_ACTIVITY_PAGE_SIZE = 10_000;

/** Where a routing activity query is answered from. */
export interface ActivityContext {
  org: Org;
  run: DayRun;
  /** The request URL (`pageSize`, `pageNumber`). */
  url: URL;
  /** Most entities per group per page. */
  entityCap: number;
}

/** Answers a routing activity query at the run's current time. */
export function activityQuery(
  body: Record<string, unknown>,
  { org, run, url, entityCap }: ActivityContext,
): RoutingActivityResponse {
  const size = Math.min(
    intParam(url, "pageSize", entityCap, MAX_ACTIVITY_PAGE_SIZE),
    entityCap,
  );
  const page = intParam(url, "pageNumber", 1, Number.MAX_SAFE_INTEGER);
  const asks = parseMetrics(body.metrics);
  const groupBy = body.groupBy;
  if (
    !Array.isArray(groupBy) || groupBy.length !== 1 || groupBy[0] !== "queueId"
  ) {
    throw badRequest(
      'Cannot parse groupBy: a routing activity query must group by ["queueId"]',
    );
  }
  const order = body.order ?? "asc";
  if (order !== "asc" && order !== "desc" && order !== "unordered") {
    throw badRequest(
      `Cannot parse order: ${
        JSON.stringify(order)
      } (expected asc, desc or unordered)`,
    );
  }
  const predicates = collectPredicates(body.filter, FILTER_DIMENSIONS);
  checkQueueLimit(predicates);
  const details = asks.some((a) => a.details);
  const results: RoutingActivityData[] = [];
  for (const q of selectQueues(org, predicates.get("queueId"))) {
    const rows: Row[] = q.members.map((i) => {
      const agent = run.agents[i];
      const joined = !q.unjoined.has(i);
      return { agent, entity: entityOf(org, agent, q.id, joined, run.now) };
    }).filter((row) => matches(row.entity, predicates));
    rows.sort((a, b) => a.entity.userId < b.entity.userId ? -1 : 1);
    if (order === "desc") rows.reverse();
    const start = (page - 1) * size;
    const onPage = rows.slice(start, start + size);
    const shown = new Set(onPage.map((r) => r.entity.userId));
    const data = asks.flatMap((ask) => values(ask, rows, org, shown));
    const group: RoutingActivityData = { group: { queueId: q.id }, data };
    if (details) {
      group.truncated = rows.length > start + size;
      group.entities = onPage.map((r) => r.entity);
    }
    results.push(group);
  }
  return { entityIdDimension: "userId", results };
}

function parseMetrics(value: unknown): MetricAsk[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest(
      "Cannot parse metrics: expected a non-empty array of {metric, details}",
    );
  }
  return value.map((item) => {
    const obj = typeof item === "object" && item !== null
      ? item as Record<string, unknown>
      : {};
    const raw = obj.metric ?? obj.name;
    const metric = typeof raw === "string"
      ? ACTIVITY_METRICS.find((m) => m.toLowerCase() === raw.toLowerCase())
      : undefined;
    if (metric === undefined) {
      throw badRequest(
        `Cannot parse metrics: unknown metric ${JSON.stringify(raw ?? null)}`,
      );
    }
    if (obj.details !== undefined && typeof obj.details !== "boolean") {
      throw badRequest(
        `Cannot parse metrics: details of "${metric}" must be a boolean`,
      );
    }
    return { metric, details: obj.details === true };
  });
}

function entityOf(
  org: Org,
  agent: AgentLive,
  queueId: string,
  joined: boolean,
  now: number,
): RoutingActivityEntityData {
  return {
    activityDate: iso(now),
    userId: agent.def.id,
    queueId,
    queueMembershipStatus: joined ? "active" : "inactive",
    routingStatus: agent.routing,
    routingStatusDate: iso(agent.routingSince),
    systemPresence: agent.presence,
    organizationPresenceId: org.presenceIds[agent.presence],
    presenceDate: iso(agent.presenceSince),
    teamId: null,
  };
}

function matches(
  entity: RoutingActivityEntityData,
  predicates: Map<string, string[]>,
): boolean {
  const fields = entity as unknown as Record<string, string | null>;
  for (const [dimension, allowed] of predicates) {
    if (dimension === "queueId") continue;
    const value = fields[dimension];
    if (value === null || !allowed.includes(value)) return false;
  }
  return true;
}

/** The metric's rows: counts of all `rows`, `entityIds` of those `shown`. */
function values(
  ask: MetricAsk,
  rows: Row[],
  org: Org,
  shown: Set<string>,
): RoutingActivityMetricValue[] {
  const active = rows.filter((r) => r.agent.presence !== "OFFLINE");
  function value(qualifier: string | null, set: Row[]) {
    const v: RoutingActivityMetricValue = {
      metric: ask.metric,
      ...(qualifier === null ? {} : { qualifier }),
      count: set.length,
    };
    if (ask.details) {
      v.entityIds = set.map((r) => r.entity.userId).filter((id) =>
        shown.has(id)
      );
    }
    return v;
  }
  switch (ask.metric) {
    case "oMemberUsers":
      return [value(null, rows)];
    case "oActiveUsers":
      return [
        value(
          null,
          rows.filter((r) => r.entity.queueMembershipStatus === "active"),
        ),
      ];
    case "oOffQueueUsers":
      return [
        value(null, active.filter((r) => r.agent.presence !== "ON_QUEUE")),
      ];
    case "oUserPresences":
      return SYSTEM_PRESENCES.flatMap((s) => {
        const set = rows.filter((r) => r.agent.presence === s);
        return set.length ? [value(org.presenceIds[s], set)] : [];
      });
    default: {
      const pool = ask.metric === "oOnQueueUsers"
        ? active.filter((r) => r.agent.presence === "ON_QUEUE")
        : active;
      return ROUTING_STATES.flatMap((s) => {
        const set = pool.filter((r) => r.agent.routing === s);
        return set.length ? [value(s, set)] : [];
      });
    }
  }
}
