/**
 * The REST routes under `/api/v1`: snapshot, queues, one
 * queue, agents. Every answer is cut to the caller's scope.
 *
 * @module
 */

import type { Context, Hono } from "hono";
import type { Authenticator } from "../auth/mod.ts";
import type { Realtime } from "../realtime/contracts.ts";
import { snapshotMessage } from "../realtime/protocol.ts";
import { type Snapshot, viewOf, visibleQueues } from "../snapshot/mod.ts";
import { HttpError, quoted } from "./_errors.ts";
import {
  assertAgentsInScope,
  assertQueueInScope,
  checkScope,
  parseFilter,
} from "./_filter.ts";
import { principalOf } from "./_principal.ts";
import type { AppEnv } from "./options.ts";

/** What the REST routes read. */
export interface ApiDeps {
  realtime: Realtime;
  auth: Authenticator;
}

/** A queue as listed by `GET /api/v1/queues`. */
export interface QueueSummary {
  id: string;
  name: string;
  divisionId: string | null;
}

/** Registers the `/api/v1` REST routes on `app`. */
export function registerApi(app: Hono<AppEnv>, deps: ApiDeps): void {
  const { realtime, auth } = deps;

  app.get("/api/v1/snapshot", async (c) => {
    const principal = await principalOf(auth, c.req.raw);
    const filter = parseFilter(new URL(c.req.url));
    checkScope(principal, filter);
    const snapshot = currentSnapshot(realtime);
    const visible = visibleQueues(snapshot, principal.queues, filter.queues);
    const view = viewOf(snapshot, visible, filter.agents);
    return noStore(c).json(snapshotMessage(snapshot, view, realtime.stale()));
  });

  app.get("/api/v1/queues", async (c) => {
    const principal = await principalOf(auth, c.req.raw);
    const snapshot = currentSnapshot(realtime);
    const visible = visibleQueues(snapshot, principal.queues, null);
    const list: QueueSummary[] = [];
    for (const queue of Object.values(snapshot.queues)) {
      if (visible && !visible.has(queue.id)) continue;
      list.push({
        id: queue.id,
        name: queue.name,
        divisionId: queue.divisionId,
      });
    }
    list.sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
    return noStore(c).json(list);
  });

  app.get("/api/v1/queues/:id", async (c) => {
    const principal = await principalOf(auth, c.req.raw);
    const id = c.req.param("id");
    // Outside a list scope: 403 whether the queue exists or not.
    assertQueueInScope(principal, id);
    const snapshot = currentSnapshot(realtime);
    const queue = Object.hasOwn(snapshot.queues, id)
      ? snapshot.queues[id]
      : undefined;
    if (!queue) {
      throw new HttpError(
        404,
        "not_found",
        `Cannot find queue ${quoted(id)}`,
      );
    }
    return noStore(c).json(queue);
  });

  app.get("/api/v1/agents", async (c) => {
    const principal = await principalOf(auth, c.req.raw);
    assertAgentsInScope(principal);
    const snapshot = currentSnapshot(realtime);
    const visible = visibleQueues(snapshot, principal.queues, null);
    return noStore(c).json(viewOf(snapshot, visible, true).agents ?? {});
  });
}

/** The newest snapshot, or a 503 `starting` before the first one. */
export function currentSnapshot(realtime: Realtime): Snapshot {
  const snapshot = realtime.current();
  if (snapshot) return snapshot;
  throw new HttpError(
    503,
    "starting",
    "Cannot answer yet: no snapshot has been received",
    { "retry-after": "1" },
  );
}

function noStore(c: Context<AppEnv>): Context<AppEnv> {
  c.header("cache-control", "no-store");
  return c;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
