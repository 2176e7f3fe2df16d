/**
 * The doctor's push check: one notification channel for the checked queues
 * and agents, subscribed, its socket opened, then cleared and closed. A
 * topic Genesys rejects names the permission it lacks.
 *
 * @module
 */

import {
  type ChannelTopic,
  type GenesysNotifications,
  topicPermissions,
} from "../genesys/mod.ts";
import type { Checked } from "./_genesys.ts";
import { type DoctorRow, fail, failure, granted, missing, ok } from "./_row.ts";

const CHECK = "notifications";

/** The topics the poller subscribes for `checked`. */
export function topicsFor(checked: Checked): string[] {
  return [
    ...checked.queueIds.map((id) => `v2.analytics.queues.${id}.observations`),
    ...checked.userIds.flatMap((id) => [
      `v2.users.${id}.presence`,
      `v2.users.${id}.routingStatus`,
    ]),
  ];
}

/** Opens a session on `topics`, reports it, and leaves nothing subscribed. */
export async function checkPush(
  push: GenesysNotifications,
  topics: readonly string[],
): Promise<DoctorRow> {
  let session;
  try {
    session = await push.open(topics, { onEvent() {} });
  } catch (error) {
    return fail(
      CHECK,
      `channel, subscription or socket: ${failure(error, null)}`,
    );
  }
  const health = session.health();
  try {
    await session.setTopics([]);
  } catch {
    // The channel expires by itself; its subscriptions go with it.
  } finally {
    session.close();
  }
  const rejected = health.flatMap((h) => h.rejected);
  const channels = `${health.length} channel${health.length === 1 ? "" : "s"}`;
  if (rejected.length > 0) {
    return fail(
      CHECK,
      `${rejected.length} of ${topics.length} topics rejected: ${
        reasons(rejected)
      }`,
    );
  }
  const needed = [...new Set(topics.flatMap((t) => topicPermissions(t) ?? []))];
  return ok(
    CHECK,
    `${channels}, ${topics.length} topics subscribed, socket open${
      granted(needed)
    }`,
  );
}

/** Rejected topics grouped by what they lack: `missing permission x (12 topics)`. */
function reasons(rejected: readonly ChannelTopic[]): string {
  const counts = new Map<string, number>();
  for (const topic of rejected) {
    const permissions = topic.missingPermissions?.length
      ? topic.missingPermissions
      : topicPermissions(topic.id) ?? [];
    const reason = permissions.length > 0
      ? missing(permissions, false)
      : topic.rejectionReason ?? "no reason given";
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, n]) => `${reason} (${n})`).join("; ");
}
