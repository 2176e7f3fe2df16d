/**
 * Paging of `POST /api/v2/analytics/routing/activity/query`: Genesys cuts
 * each group's entity list at an undocumented cap and marks the group
 * `truncated`; the client asks for the next page (`pageSize`,
 * `pageNumber` query parameters) until no group is truncated, and merges
 * the pages into one answer.
 *
 * Nothing is dropped silently: entities are merged by `userId` (the newest
 * page wins), `entityIds` are unioned, and groups still truncated when the
 * page budget runs out are reported. When a truncated page holds fewer
 * entities than were asked for, the server's cap is below the page size:
 * the client restarts at page 1 with the server's size, so a server that
 * counts pages in its own size cannot make it skip entities.
 *
 * @module
 */

import type {
  RoutingActivityData,
  RoutingActivityEntityData,
  RoutingActivityMetricValue,
} from "./types.ts";

/** How the client pages. */
export interface ActivityPaging {
  /** `pageSize` asked for. */
  pageSize: number;
  /** Most pages fetched for one batch of queues. */
  maxPages: number;
}

/** One batch, every page merged. */
export interface PagedActivity {
  results: RoutingActivityData[];
  /** Queue ids still truncated when the page budget ran out. */
  incomplete: string[];
  /** Pages fetched. */
  pages: number;
}

/** Fetches one page of one batch. */
export type ActivityPage = (
  pageSize: number,
  pageNumber: number,
) => Promise<RoutingActivityData[]>;

interface Merged {
  group: RoutingActivityData["group"];
  rows: Map<string, RoutingActivityMetricValue>;
  entities: Map<string, RoutingActivityEntityData> | null;
  truncated: boolean;
}

/** Fetches pages of one batch until no group is truncated or the budget is spent. */
export async function pageActivity(
  fetchPage: ActivityPage,
  paging: ActivityPaging,
): Promise<PagedActivity> {
  const merged = new Map<string, Merged>();
  let size = paging.pageSize;
  let pageNumber = 1;
  let pages = 0;
  while (pages < paging.maxPages) {
    const results = await fetchPage(size, pageNumber);
    pages++;
    for (const result of results) merge(merged, result);
    const cut = results.filter((r) => r.truncated === true);
    if (cut.length === 0) break;
    const shortest = Math.min(...cut.map((r) => r.entities?.length ?? 0));
    if (shortest > 0 && shortest < size) {
      size = shortest;
      pageNumber = 1;
    } else {
      pageNumber++;
    }
  }
  const incomplete: string[] = [];
  const out: RoutingActivityData[] = [];
  for (const [key, m] of merged) {
    if (m.truncated) incomplete.push(key);
    const result: RoutingActivityData = {
      group: m.group,
      data: [...m.rows.values()],
    };
    if (m.entities) {
      result.truncated = m.truncated;
      result.entities = [...m.entities.values()];
    }
    out.push(result);
  }
  return { results: out, incomplete, pages };
}

function merge(merged: Map<string, Merged>, result: RoutingActivityData) {
  const key = result.group?.queueId ?? JSON.stringify(result.group ?? {});
  let m = merged.get(key);
  if (!m) {
    m = {
      group: result.group,
      rows: new Map(),
      entities: null,
      truncated: false,
    };
    merged.set(key, m);
  }
  m.truncated = result.truncated === true;
  for (const row of result.data ?? []) {
    const rowKey = `${row.metric}\n${row.qualifier ?? ""}`;
    const known = m.rows.get(rowKey);
    if (!known) {
      m.rows.set(rowKey, { ...row });
      continue;
    }
    known.count = row.count;
    if (row.entityIds) {
      known.entityIds = [
        ...new Set([...(known.entityIds ?? []), ...row.entityIds]),
      ];
    }
  }
  if (result.entities) {
    m.entities ??= new Map();
    for (const entity of result.entities) m.entities.set(entity.userId, entity);
  }
}
