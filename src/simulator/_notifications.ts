/**
 * The Notifications API routes: `POST /api/v2/notifications/channels`,
 * `HEAD /api/v2/notifications/channels/{id}` and
 * `GET|POST|PUT|DELETE /api/v2/notifications/channels/{id}/subscriptions`
 * (`?ignoreErrors=true` turns refused permissions into rejected topics).
 *
 * @module
 */

import type { Channel, ChannelTopicEntityListing } from "../genesys/mod.ts";
import { badRequest, iso, SimError } from "./_errors.ts";
import { type ChannelRegistry, listing } from "./_channels.ts";

/** Path prefix of the Notifications API. */
export const NOTIFICATIONS_PREFIX = "/api/v2/notifications/";

/** A Notifications API answer; no body for HEAD and DELETE. */
export interface NotificationAnswer {
  status: number;
  body?: Channel | ChannelTopicEntityListing;
}

const CHANNEL =
  /^\/api\/v2\/notifications\/channels\/([^/]+)(\/subscriptions)?$/;

/** Path of a channel's WebSocket on the simulator (`connectUri`). */
export function socketPath(channelId: string): string {
  return `/channels/${channelId}`;
}

/** The channel id of a WebSocket path, or null. */
export function channelOfSocketPath(path: string): string | null {
  return /^\/channels\/([^/]+)$/.exec(path)?.[1] ?? null;
}

/** Answers a Notifications API request. */
export async function notificationRoute(
  req: Request,
  url: URL,
  channels: ChannelRegistry,
  missingPermissions: string[] | undefined,
): Promise<NotificationAnswer> {
  const key = `${req.method} ${url.pathname}`;
  if (key === "POST /api/v2/notifications/channels") {
    const channel = channels.create();
    const ws = new URL(socketPath(channel.id), url);
    ws.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    ws.search = "";
    return {
      status: 200,
      body: {
        connectUri: ws.href,
        id: channel.id,
        expires: iso(channel.expiresAt),
      },
    };
  }
  const match = CHANNEL.exec(url.pathname);
  const method = req.method;
  const allowed = match?.[2] ? ["GET", "POST", "PUT", "DELETE"] : ["HEAD"];
  if (!match || !allowed.includes(method)) {
    throw new SimError(404, "not.found", `Cannot find resource: ${key}`);
  }
  const channel = channels.get(match[1]);
  if (!channel) {
    throw new SimError(
      404,
      "not.found",
      `Cannot find channel: "${match[1]}" does not exist or has expired`,
    );
  }
  if (method === "HEAD") return { status: 200 };
  if (method === "DELETE") {
    channel.topics.clear();
    return { status: 204 };
  }
  if (method === "GET") {
    return { status: 200, body: { entities: listing(channel) } };
  }
  const entities = channels.subscribe(channel, await readTopics(req), {
    replace: method === "PUT",
    ignoreErrors: url.searchParams.get("ignoreErrors") === "true",
    missing: missingPermissions,
  });
  return { status: 200, body: { entities } };
}

/** Reads the `[{id: topic}, …]` body of a subscription call. */
async function readTopics(req: Request): Promise<string[]> {
  let value: unknown;
  try {
    value = JSON.parse(await req.text());
  } catch {
    throw badRequest("Cannot parse request body: malformed JSON");
  }
  const ok = Array.isArray(value) &&
    value.every((t) =>
      typeof t === "object" && t !== null && typeof t.id === "string" &&
      t.id !== ""
    );
  if (!ok) {
    throw badRequest(
      'Cannot parse request body: expected an array of {"id": topic}',
    );
  }
  return (value as { id: string }[]).map((t) => t.id);
}
