/**
 * The poller's health, shared across isolates: the leader writes a small
 * record to KV whenever it changes (fenced by its lease, so a deposed leader
 * never writes), and any isolate or process reads or follows it for
 * `/readyz`, `/metrics` and the status frames.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { kvWakeups } from "../kv_wakeups.ts";
import { type Logger, silentLogger } from "../log.ts";
import type { Fence } from "../snapshot/contracts.ts";

/** A part of one poll: each is called, fails and recovers on its own. */
export type PollPart =
  | "directory"
  | "observations"
  | "activity"
  | "aggregates"
  | "users"
  | "snapshot";

/** The KV entry of the record. */
export const POLLER_STATUS_KEY: Deno.KvKey = ["qp", "poller", "status"];

/** What the leader reports about its polling. */
export interface PollerStatus {
  /** Lease owner id of the leader that wrote it. */
  owner: string;
  /** When that leader began to lead (ISO). */
  since: string;
  /** When the record last changed (ISO). */
  updatedAt: string;
  /** Where live state comes from. */
  ingest: "poll" | "push";
  plan: {
    pollIntervalMs: number;
    aggregateIntervalMs: number;
    /** Planned Genesys calls per minute. */
    callsPerMinute: number;
    /** Configured allowance (`GENESYS_RATE_LIMIT_PER_MINUTE`). */
    rateLimitPerMinute: number;
    /** The poller's own ceiling after 429s, calls/min. */
    ceilingPerMinute: number;
    queueCount: number;
    /** Intervals lengthened to fit the budget. */
    stretched: boolean;
    /** Polls further apart than `STALE_AFTER_MS` can carry. */
    slow: boolean;
  };
  /** The wait in force: a 429's Retry-After, or probing while Genesys is down. */
  backoff: {
    kind: "rate-limited" | "probing";
    /** The Retry-After, or the longest gap between probes. */
    delayMs: number;
    /** When a Retry-After wait ends (ISO); null while probing. */
    until: string | null;
  } | null;
  /** The error of the failure going on (null once every part answers). */
  lastError: {
    part: PollPart;
    status: number | null;
    code: string | null;
    missingPermissions: string[];
  } | null;
  /** Parts Genesys refuses with 403 `missing.permissions`. */
  forbidden: { part: PollPart; missingPermissions: string[] }[];
  /** Queues whose agent lists Genesys could not give in full. */
  incompleteQueueIds: string[];
  /** Age after which data is stale: `STALE_AFTER_MS`, or more while deliberately slower. */
  staleAfterMs: number;
  /** One human sentence on what is wrong or deliberately slow, else null. */
  reason: string | null;
  /** The Genesys notifications feed (absent when `GENESYS_NOTIFICATIONS=false`). */
  push?: PushStatus;
}

/** What the leader reports about push (the Notifications API). */
export interface PushStatus {
  /**
   * `live`: push feeds the snapshot; `connecting`: channels are being
   * opened or proven healthy while polling carries the data; `down`: push
   * failed and polling carries the data.
   */
  state: "live" | "connecting" | "down";
  /** Channels of the session, and how many have an open socket. */
  channels: number;
  open: number;
  /** Topics subscribed over every channel. */
  topics: number;
  /** Topics Genesys rejected: how many, the first 20, and the permissions named. */
  rejectedCount: number;
  rejected: { topic: string; reason: string | null }[];
  missingPermissions: string[];
  /** Why push does not feed the snapshot (one clause), null while live. */
  reason: string | null;
}

/** Writes `status` fenced by the lease; false when the fence no longer holds. */
export async function writePollerStatus(
  kv: Deno.Kv,
  status: PollerStatus,
  fence: Fence,
): Promise<boolean> {
  const result = await kv.atomic()
    .check(fence)
    .set(POLLER_STATUS_KEY, status)
    .commit();
  return result.ok;
}

/**
 * The record the last leader wrote, or null when none did.
 *
 * @example
 * ```ts ignore
 * const status = await readPollerStatus(kv);
 * if (status?.forbidden.length) console.log(status.reason);
 * ```
 */
export async function readPollerStatus(
  kv: Deno.Kv,
): Promise<PollerStatus | null> {
  return asStatus((await kv.get(POLLER_STATUS_KEY)).value);
}

/** How often a follower reads the record again besides `kv.watch`, ms. */
export const POLLER_STATUS_REREAD_MS = 1000;

/** Options of {@linkcode watchPollerStatus} and {@linkcode followPollerStatus}. */
export interface PollerStatusWatchOptions {
  kv: Deno.Kv;
  /** Times the re-reads. */
  clock: Clock;
  /** Ends the watch. */
  signal: AbortSignal;
  /** Re-read period, ms. Default {@linkcode POLLER_STATUS_REREAD_MS}. */
  periodMs?: number;
  /** Where failing reads and watches are reported. Default silent. */
  log?: Logger;
}

/**
 * The record now and after every change, until `signal` aborts. A change
 * is seen through `kv.watch` or, when the watch misses it (another
 * process's write on local SQLite), at the next re-read; an unchanged
 * record is never yielded twice. A failed read is logged and retried.
 */
export async function* watchPollerStatus(
  options: PollerStatusWatchOptions,
): AsyncGenerator<PollerStatus | null, void, undefined> {
  const { kv, clock, signal } = options;
  const log = options.log ?? silentLogger();
  const wakeups = kvWakeups({
    kv,
    key: POLLER_STATUS_KEY,
    clock,
    periodMs: options.periodMs ?? POLLER_STATUS_REREAD_MS,
    log,
    name: "the poller status",
  }, signal);
  let seen: string | null | undefined = undefined;
  const read = async () => {
    try {
      const entry = await kv.get(POLLER_STATUS_KEY);
      if (entry.versionstamp === seen) return undefined;
      seen = entry.versionstamp;
      return { status: asStatus(entry.value) };
    } catch (error) {
      if (!signal.aborted) {
        log.warn("Cannot read the poller status: retrying", { error });
      }
      return undefined;
    }
  };
  if (signal.aborted) return;
  const first = await read();
  if (first) yield first.status;
  for await (const _ of wakeups) {
    const next = await read();
    if (next && !signal.aborted) yield next.status;
  }
}

/** The latest record, kept up to date in the background. */
export interface PollerStatusFollower {
  /** The latest record, or null before the first read or when none exists. */
  current(): PollerStatus | null;
  /** Resolves once the watch ended (after `signal` aborted). */
  done: Promise<void>;
}

/**
 * Follows the record for synchronous readers (`/metrics`, `/readyz`).
 *
 * @example
 * ```ts ignore
 * const status = followPollerStatus({ kv, clock, signal: stop.signal });
 * const extraMetrics = () => pollerMetrics.render(status.current());
 * ```
 */
export function followPollerStatus(
  options: PollerStatusWatchOptions,
): PollerStatusFollower {
  let latest: PollerStatus | null = null;
  const done = (async () => {
    for await (const status of watchPollerStatus(options)) latest = status;
  })();
  return { current: () => latest, done };
}

/** Whether data fetched at `fetchedAt` is stale now, and why. */
export interface Freshness {
  stale: boolean;
  /** The threshold applied, ms. */
  staleAfterMs: number;
  /** The poller's reason, when it gave one. */
  reason: string | null;
}

/**
 * Judges data age against `STALE_AFTER_MS`, extended while the poller says
 * it is deliberately slower, so a slow plan does not flap between stale and
 * fresh every cycle.
 *
 * @example
 * ```ts
 * freshnessOf(null, "2026-11-27T10:00:00.000Z", Date.parse("2026-11-27T10:00:13.000Z"), 12_000);
 * // { stale: true, staleAfterMs: 12000, reason: null }
 * ```
 */
export function freshnessOf(
  status: PollerStatus | null,
  fetchedAt: string | null,
  now: number,
  staleAfterMs: number,
): Freshness {
  const threshold = Math.max(staleAfterMs, status?.staleAfterMs ?? 0);
  const age = fetchedAt === null ? Infinity : now - Date.parse(fetchedAt);
  return {
    stale: !(age <= threshold),
    staleAfterMs: threshold,
    reason: status?.reason ?? null,
  };
}

function asStatus(value: unknown): PollerStatus | null {
  if (typeof value !== "object" || value === null) return null;
  const record = value as Partial<PollerStatus>;
  return typeof record.owner === "string" &&
      typeof record.staleAfterMs === "number" &&
      typeof record.plan === "object"
    ? value as PollerStatus
    : null;
}
