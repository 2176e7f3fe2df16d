/**
 * The platform API routes (`/api/v2/...`): method + path → JSON answer.
 * Authentication, rate limits and faults happen before.
 *
 * @module
 */

import { activityQuery } from "./_activity.ts";
import { aggregateQuery } from "./_aggregates.ts";
import { queueListing, userListing } from "./_directory.ts";
import { readJsonObject, SimError } from "./_errors.ts";
import { observationQuery } from "./_observations.ts";
import type { Org } from "./_org.ts";
import type { DayRun } from "./_run.ts";

/** What a route needs. */
export interface RouteContext {
  req: Request;
  url: URL;
  org: Org;
  /** The simulation advanced to now (computed on first use). */
  run(): DayRun;
  /** Most routing-activity entities per group per page. */
  activityEntityCap: number;
}

type Route = (ctx: RouteContext) => Promise<unknown> | unknown;

const ROUTES: Record<string, Route> = {
  "GET /api/v2/routing/queues": (ctx) => queueListing(ctx.org, ctx.url),
  "GET /api/v2/users": (ctx) => userListing(ctx.org, ctx.run(), ctx.url),
  "POST /api/v2/analytics/queues/observations/query": async (ctx) =>
    observationQuery(await readJsonObject(ctx.req), ctx.org, ctx.run()),
  "POST /api/v2/analytics/conversations/aggregates/query": async (ctx) =>
    aggregateQuery(await readJsonObject(ctx.req), ctx.org, ctx.run()),
  "POST /api/v2/analytics/routing/activity/query": async (ctx) =>
    activityQuery(await readJsonObject(ctx.req), {
      org: ctx.org,
      run: ctx.run(),
      url: ctx.url,
      entityCap: ctx.activityEntityCap,
    }),
};

/** Answers an authenticated API request; 404 `not.found` for unknown routes. */
export async function routeApi(ctx: RouteContext): Promise<unknown> {
  const key = `${ctx.req.method} ${ctx.url.pathname}`;
  if (!Object.hasOwn(ROUTES, key)) {
    throw new SimError(404, "not.found", `Cannot find resource: ${key}`);
  }
  return await ROUTES[key](ctx);
}
