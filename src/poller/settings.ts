/**
 * The poller's settings: which queues, how often to poll, reconcile and
 * commit, in which time zone "today" runs, and whether this deployment polls
 * at all.
 *
 * @module
 */

import type { EnvReader } from "../env.ts";
import { canonicalTimeZone } from "../time_zone.ts";

/** How the leader feeds the snapshot. */
export interface PollerSettings {
  /** `POLLER_ENABLED`: false keeps this deployment from calling Genesys. */
  enabled: boolean;
  /** `GENESYS_QUEUES`: queue ids or name globs (`Sales*`); empty = all. */
  queueFilter: string[];
  /** `POLL_INTERVAL_MS`: observation poll period while polling is the feed. */
  pollIntervalMs: number;
  /** `AGGREGATE_INTERVAL_MS`: "today" aggregates refresh period. */
  aggregateIntervalMs: number;
  /** `RECONCILE_INTERVAL_MS`: the slow poll while push is healthy. */
  reconcileIntervalMs: number;
  /** `PUSH_COMMIT_MS`: at most one push-fed commit per this period. */
  pushCommitMs: number;
  /** `TIMEZONE`: the IANA zone that defines "today". */
  timeZone: string;
}

/** Reads the poller settings; throws a `ConfigError` on the first bad value. */
export function readPollerSettings(read: EnvReader): PollerSettings {
  return {
    enabled: read.bool("POLLER_ENABLED") ?? true,
    queueFilter: read.list("GENESYS_QUEUES"),
    pollIntervalMs: read.int("POLL_INTERVAL_MS", 5000, 1000),
    aggregateIntervalMs: read.int("AGGREGATE_INTERVAL_MS", 30_000, 5000),
    reconcileIntervalMs: read.int("RECONCILE_INTERVAL_MS", 60_000, 5000),
    pushCommitMs: read.int("PUSH_COMMIT_MS", 250, 50),
    timeZone: readTimeZone(read),
  };
}

function readTimeZone(read: EnvReader): string {
  const value = read.string("TIMEZONE");
  if (value === null) return "UTC";
  return canonicalTimeZone(value) ?? read.fail(
    "TIMEZONE",
    `unknown time zone "${value}" (expected an IANA time zone such as "Europe/Berlin" or "UTC")`,
  );
}
