/**
 * `GET /api/v2/routing/queues` and `GET /api/v2/users`.
 *
 * @module
 */

import type { DivisionRef, Queue, User } from "../genesys/types.ts";
import { iso } from "./_errors.ts";
import type { Org } from "./_org.ts";
import { listParam, pageOf, parsePaging } from "./_paging.ts";
import type { DayRun } from "./_run.ts";

function divisionRef(org: Org, index: number): DivisionRef {
  const d = org.divisions[index];
  return {
    id: d.id,
    name: d.name,
    selfUri: `/api/v2/authorization/divisions/${d.id}`,
  };
}

/** The `Queue` entities of the org, in org order. */
export function queueEntities(org: Org): Queue[] {
  return org.queues.map((q) => {
    const mediaSettings: Queue["mediaSettings"] = {};
    for (const [key, s] of Object.entries(q.settings)) {
      mediaSettings[key] = {
        alertingTimeoutSeconds: s.alertingTimeoutSeconds,
        serviceLevel: { percentage: s.percentage, durationMs: s.durationMs },
      };
    }
    return {
      id: q.id,
      name: q.name,
      division: divisionRef(org, q.division),
      memberCount: q.members.length,
      userMemberCount: q.members.length,
      joinedMemberCount: q.members.length - q.unjoined.size,
      mediaSettings,
      selfUri: `/api/v2/routing/queues/${q.id}`,
    };
  });
}

/** A name filter with `*` wildcards, case-insensitive. */
function nameMatcher(pattern: string): (name: string) => boolean {
  const source = pattern.split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const re = new RegExp(`^${source}$`, "i");
  return (name) => re.test(name);
}

/** Answers `GET /api/v2/routing/queues` (`name`, `id`, `divisionId`, `sortOrder`). */
export function queueListing(org: Org, url: URL): Record<string, unknown> {
  const paging = parsePaging(url);
  const name = url.searchParams.get("name");
  const ids = new Set(listParam(url, "id"));
  const divisions = new Set(listParam(url, "divisionId"));
  const match = name === null ? null : nameMatcher(name);
  const all = queueEntities(org).filter((q) =>
    (!match || match(q.name)) &&
    (ids.size === 0 || ids.has(q.id)) &&
    (divisions.size === 0 || divisions.has(q.division!.id))
  );
  all.sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1
  );
  if (url.searchParams.get("sortOrder")?.toLowerCase() === "desc") {
    all.reverse();
  }
  return pageOf(url, all, paging);
}

/** Answers `GET /api/v2/users` (`id`, `expand=presence,routingStatus`). */
export function userListing(
  org: Org,
  run: DayRun,
  url: URL,
): Record<string, unknown> {
  const paging = parsePaging(url);
  const ids = new Set(listParam(url, "id"));
  const expand = new Set(listParam(url, "expand"));
  const users: User[] = [];
  for (const agent of run.agents) {
    const def = agent.def;
    if (ids.size > 0 && !ids.has(def.id)) continue;
    const user: User & Record<string, unknown> = {
      id: def.id,
      name: def.name,
      division: divisionRef(org, def.division),
      email: def.email,
      state: "active",
      username: def.email,
      version: 1,
    };
    if (expand.has("routingStatus")) {
      user.routingStatus = {
        userId: def.id,
        status: agent.routing,
        startTime: iso(agent.routingSince),
      };
    }
    if (expand.has("presence")) {
      const id = org.presenceIds[agent.presence];
      user.presence = {
        source: "PURECLOUD",
        presenceDefinition: {
          id,
          systemPresence: agent.presence,
          selfUri: `/api/v2/presencedefinitions/${id}`,
        },
        message: "",
        modifiedDate: iso(agent.presenceSince),
      } as User["presence"];
    }
    user.selfUri = `/api/v2/users/${def.id}`;
    users.push(user);
  }
  return pageOf(url, users, paging);
}
