/**
 * The permissions each Genesys call and notification topic of queuepulse
 * needs: the one table the client, the simulator, `deno task doctor` and
 * the docs read. Endpoint permissions are those the Genesys SDK docs list
 * per operation (MyPureCloud/platform-client-sdk-javascript,
 * `build/docs/*Api.md`, "Requires ANY permissions"); the SDK lists none
 * for users and notification channels. Topic permissions are not in the
 * SDK docs: the observation topic carries the data of the observation
 * query, so it is mapped to the same permission; the user topics are
 * mapped to none (to be checked with `GET /api/v2/notifications/availabletopics`).
 *
 * @module
 */

/** A Genesys call queuepulse makes and what it needs. */
export interface EndpointPermission {
  method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  /** Path template; `{id}` stands for one path segment. */
  path: string;
  /** Any one of these grants the call; empty = no permission needed. */
  permissions: readonly string[];
}

/** A notification topic queuepulse subscribes to and what it needs. */
export interface TopicPermission {
  /** Topic template; `{id}` stands for a queue or user id. */
  topic: string;
  /** Any one of these grants the topic; empty = no permission needed. */
  permissions: readonly string[];
}

const QUEUE_OBSERVATION = "analytics:queueObservation:view";
const CHANNEL = "/api/v2/notifications/channels/{id}";

/** Every Genesys call of queuepulse with its permissions. */
export const ENDPOINT_PERMISSIONS: readonly EndpointPermission[] = [
  {
    method: "GET",
    path: "/api/v2/routing/queues",
    permissions: ["routing:queue:view"],
  },
  {
    method: "POST",
    path: "/api/v2/analytics/queues/observations/query",
    permissions: [QUEUE_OBSERVATION],
  },
  {
    method: "POST",
    path: "/api/v2/analytics/conversations/aggregates/query",
    permissions: ["analytics:conversationAggregate:view"],
  },
  {
    method: "POST",
    path: "/api/v2/analytics/routing/activity/query",
    permissions: [QUEUE_OBSERVATION],
  },
  { method: "GET", path: "/api/v2/users", permissions: [] },
  { method: "POST", path: "/api/v2/notifications/channels", permissions: [] },
  { method: "HEAD", path: CHANNEL, permissions: [] },
  ...(["GET", "POST", "PUT", "DELETE"] as const).map((method) => ({
    method,
    path: `${CHANNEL}/subscriptions`,
    permissions: [],
  })),
];

/** Every notification topic of queuepulse with its permissions. */
export const TOPIC_PERMISSIONS: readonly TopicPermission[] = [
  {
    topic: "v2.analytics.queues.{id}.observations",
    permissions: [QUEUE_OBSERVATION],
  },
  { topic: "v2.users.{id}.presence", permissions: [] },
  { topic: "v2.users.{id}.routingStatus", permissions: [] },
];

/** A permission name: `domain:entity:action` (`*` allowed as a part). */
export const PERMISSION_PATTERN = /^[A-Za-z][\w-]*:[\w*-]+:[\w*-]+$/;

/** The permissions `method path` needs, or null for a call not in the table. */
export function endpointPermissions(
  method: string,
  path: string,
): readonly string[] | null {
  const found = ENDPOINT_PERMISSIONS.find((e) =>
    e.method === method && template(e.path, /[^/]+/).test(path)
  );
  return found ? found.permissions : null;
}

/**
 * The permissions a topic needs, or null for a topic not in the table. A
 * combined user topic (`v2.users.{id}?presence&routingStatus`) needs what
 * each of its parts needs.
 */
export function topicPermissions(topic: string): readonly string[] | null {
  const combined = /^v2\.users\.([^.?]+)\?(.+)$/.exec(topic);
  const parts = combined
    ? combined[2].split("&").map((p) => `v2.users.${combined[1]}.${p}`)
    : [topic];
  const needed = new Set<string>();
  for (const part of parts) {
    const found = TOPIC_PERMISSIONS.find((t) =>
      template(t.topic, /[^.?&]+/).test(part)
    );
    if (!found) return null;
    for (const p of found.permissions) needed.add(p);
  }
  return [...needed];
}

function template(text: string, id: RegExp): RegExp {
  const parts = text.split("{id}").map((p) =>
    p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  );
  return new RegExp(`^${parts.join(`(?:${id.source})`)}$`);
}
