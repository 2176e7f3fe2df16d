/**
 * The snapshot room: builds a snapshot from one poll, computes totals and
 * alerts, cuts views per receiver, diffs them, and persists versioned
 * snapshots in Deno KV (one key per entity plus a log of deltas).
 *
 * @module
 */

export type * from "./model.ts";
export type * from "./contracts.ts";
export { ENTITY_KINDS, NESTED_KINDS } from "./model.ts";
export { buildSnapshot } from "./build.ts";
export { computeTotals, ratio, ratioMs } from "./kpis.ts";
export {
  ALERT_METRICS,
  DEFAULT_ALERT_RULES,
  evaluateAlerts,
  loadAlertRules,
  metricValue,
  parseAlertRules,
} from "./alerts.ts";
export { viewOf, visibleQueues } from "./view.ts";
export { applyDelta, diffSnapshots, viewDelta } from "./delta.ts";
export { createSnapshotStore } from "./store.ts";
export type { SnapshotStoreOptions } from "./store.ts";
export { normalisePresence, normaliseRoutingStatus } from "./_agents.ts";
export {
  applyTrend,
  flatTrend,
  trendDelta,
  trendKey,
  trendViewOf,
} from "./trend.ts";
export type { TrendDelta, TrendView } from "./trend.ts";
