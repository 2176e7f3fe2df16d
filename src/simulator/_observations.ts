/**
 * `POST /api/v2/analytics/queues/observations/query`: user metrics in
 * `{queueId}` groups, conversation metrics in `{queueId, mediaType}` groups
 * (zero counts included), zero qualifiers omitted, detail observations
 * sorted ascending and capped at 100.
 *
 * `oMemberUsers` counts every member, `oActiveUsers` the joined ones
 * (whatever their presence); the presence and routing-status metrics count
 * members by their current state.
 *
 * @module
 */

import type {
  ObservationMetricData,
  ObservationValue,
  QueueObservationDataContainer,
  QueueObservationQueryResponse,
} from "../genesys/types.ts";
import { badRequest, iso } from "./_errors.ts";
import { checkQueueLimit, collectPredicates } from "./_filter.ts";
import { parseMetricList } from "./_metric_list.ts";
import { type Org, type QueueDef, SYSTEM_PRESENCES } from "./_org.ts";
import { type AgentLive, type Conversation, ROUTING_STATES } from "./_model.ts";
import type { DayRun } from "./_run.ts";
import { selectQueues } from "./_select.ts";

/** `QueueObservationQuery.metrics` enum of the Genesys SDKs. */
export const OBSERVATION_METRICS = [
  "oActiveUsers",
  "oAlerting",
  "oInteracting",
  "oLongestInteracting",
  "oLongestWaiting",
  "oMemberUsers",
  "oOffQueueUsers",
  "oOnQueueUsers",
  "oUserPresences",
  "oUserRoutingStatuses",
  "oWaiting",
] as const;

const DETAIL_METRICS = OBSERVATION_METRICS.filter((m) =>
  !m.startsWith("oLongest")
);
const CONVERSATION_METRICS = new Set([
  "oAlerting",
  "oInteracting",
  "oLongestInteracting",
  "oLongestWaiting",
  "oWaiting",
]);
/** Detail observations per metric entry (the cap public clients report). */
const DETAIL_CAP = 100;

interface Item {
  at: number;
  tie: number;
  /** The detail observation (built only when details are asked for). */
  value: () => ObservationValue;
}

/** Answers an observation query at the run's current time. */
export function observationQuery(
  body: Record<string, unknown>,
  org: Org,
  run: DayRun,
): QueueObservationQueryResponse {
  const metrics = parseMetricList(
    body.metrics,
    OBSERVATION_METRICS,
    "metrics",
    true,
  );
  const detail = parseMetricList(
    body.detailMetrics,
    DETAIL_METRICS,
    "detailMetrics",
    false,
  );
  if (body.filter === undefined) {
    throw badRequest('Cannot parse query: "filter" is required');
  }
  const predicates = collectPredicates(body.filter, ["queueId", "mediaType"]);
  checkQueueLimit(predicates);
  const media = predicates.get("mediaType");
  const all = [...metrics, ...detail.filter((m) => !metrics.includes(m))];
  const userMetrics = all.filter((m) => !CONVERSATION_METRICS.has(m));
  const convMetrics = all.filter((m) => CONVERSATION_METRICS.has(m));
  const wanted = new Set(detail);
  const results: QueueObservationDataContainer[] = [];
  for (const q of selectQueues(org, predicates.get("queueId"))) {
    if (userMetrics.length > 0) {
      const members = q.members.map((i) => run.agents[i]);
      const data = userMetrics.flatMap((m) =>
        userEntries(m, q, members, org, wanted.has(m))
      );
      results.push({ group: { queueId: q.id }, data });
    }
    if (convMetrics.length === 0) continue;
    for (const m of q.media) {
      if (media && !media.includes(m)) continue;
      const data = convMetrics.flatMap((metric) =>
        conversationEntries(metric, q, m, run, wanted.has(metric))
      );
      results.push({ group: { queueId: q.id, mediaType: m }, data });
    }
  }
  return all.includes("oUserPresences")
    ? { systemToOrganizationMappings: mappings(org), results }
    : { results };
}

function mappings(org: Org): Record<string, string[]> {
  return Object.fromEntries(
    SYSTEM_PRESENCES.map((s) => [s, [org.presenceIds[s]]]),
  );
}

function entry(
  metric: string,
  qualifier: string | null,
  items: Item[],
  detail: boolean,
): ObservationMetricData {
  const out: ObservationMetricData = {
    metric,
    ...(qualifier === null ? {} : { qualifier }),
    stats: { count: items.length },
  };
  if (!detail) return out;
  items.sort((a, b) => a.at - b.at || a.tie - b.tie);
  out.truncated = items.length > DETAIL_CAP;
  const kept = out.truncated
    ? [...items.slice(0, DETAIL_CAP / 2), ...items.slice(-DETAIL_CAP / 2)]
    : items;
  out.observations = kept.map((i) => i.value());
  return out;
}

function userItem(agent: AgentLive, at: number): Item {
  return {
    at,
    tie: agent.def.index,
    value: () => ({ observationDate: iso(at), userId: agent.def.id }),
  };
}

function userEntries(
  metric: string,
  q: QueueDef,
  members: AgentLive[],
  org: Org,
  detail: boolean,
): ObservationMetricData[] {
  const active = members.filter((a) => a.presence !== "OFFLINE");
  const byPresence = (list: AgentLive[]) =>
    list.map((a) => userItem(a, a.presenceSince));
  switch (metric) {
    case "oMemberUsers":
      return [entry(metric, null, byPresence(members), detail)];
    case "oActiveUsers": {
      const joined = members.filter((a) => !q.unjoined.has(a.def.index));
      return [entry(metric, null, byPresence(joined), detail)];
    }
    case "oOffQueueUsers":
      return [entry(
        metric,
        null,
        byPresence(active.filter((a) => a.presence !== "ON_QUEUE")),
        detail,
      )];
    case "oUserPresences":
      return SYSTEM_PRESENCES.flatMap((s) => {
        const items = byPresence(members.filter((a) => a.presence === s));
        return items.length
          ? [entry(metric, org.presenceIds[s], items, detail)]
          : [];
      });
    default: {
      const pool = metric === "oOnQueueUsers"
        ? active.filter((a) => a.presence === "ON_QUEUE")
        : active;
      return ROUTING_STATES.flatMap((s) => {
        const items = pool.filter((a) => a.routing === s)
          .map((a) => userItem(a, a.routingSince));
        return items.length ? [entry(metric, s, items, detail)] : [];
      });
    }
  }
}

function conversationEntries(
  metric: string,
  q: QueueDef,
  media: string,
  run: DayRun,
  detail: boolean,
): ObservationMetricData[] {
  const of = (list: Iterable<Conversation>) =>
    [...list].filter((c) => c.media === media);
  const waiting = of(run.waiting[q.index]);
  const item = (c: Conversation, at: number): Item => {
    const value = (): ObservationValue => {
      const out: ObservationValue = {
        observationDate: iso(at),
        conversationId: run.conversationId(c.n),
        sessionId: run.sessionId(c.n),
        routingPriority: q.priority,
        participantName: `Customer ${c.n}`,
      };
      if (c.agent >= 0) out.userId = run.agents[c.agent].def.id;
      out.direction = "inbound";
      return out;
    };
    return { at, tie: c.n, value };
  };
  switch (metric) {
    case "oWaiting":
      return [
        entry(metric, null, waiting.map((c) => item(c, c.enqueueAt)), detail),
      ];
    case "oAlerting":
      return [entry(
        metric,
        null,
        of(run.alerting[q.index]).map((c) => item(c, c.enqueueAt)),
        detail,
      )];
    case "oInteracting":
      return [entry(
        metric,
        null,
        of(run.interacting[q.index]).map((c) => item(c, c.answeredAt)),
        detail,
      )];
    case "oLongestWaiting":
      return oldest(metric, waiting.map((c) => c.enqueueAt));
    default:
      return oldest(
        metric,
        of(run.interacting[q.index]).map((c) => c.answeredAt),
      );
  }
}

function oldest(metric: string, times: number[]): ObservationMetricData[] {
  if (times.length === 0) return [];
  return [{ metric, stats: { calculatedMetricValue: Math.min(...times) } }];
}
