/**
 * The poll loop: one leader per deployment. A standby sleeps until the
 * holder's lease runs out and takes it over then (one TTL after the
 * leader's last renewal at most); the leader renews in the background every
 * third of the TTL, takes input from its ingest (push with polling as
 * fallback and reconciler, or polling alone), builds a snapshot, commits it
 * fenced by the lease, and writes the status record whenever it changes.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  type GenesysApi,
} from "../genesys/mod.ts";
import { type Logger, silentLogger } from "../log.ts";
import type {
  AlertRule,
  BuildOptions,
  PollInput,
  SnapshotStore,
} from "../snapshot/contracts.ts";
import type { SnapshotData, Source } from "../snapshot/model.ts";
import type { PollEvent } from "./events.ts";
import type { Lease } from "./lease.ts";
import { localDateOf } from "./today.ts";
import { DEFAULT_DIRECTORY_INTERVAL_MS } from "./budget.ts";
import type { Ingest } from "./_ingest.ts";
import { createPollIngest } from "./_poll_ingest.ts";
import { createPushIngest, type PushFeed } from "./_push_ingest.ts";
import {
  createRenewReport,
  type Keeper,
  keepLease,
  renewQuietly,
  standbyWaitMs,
} from "./_renew.ts";
import { createReporter, type Reporter } from "./_report.ts";
import { type PollerStatus, writePollerStatus } from "./status.ts";

/** Options of {@linkcode poll} (and `runPoller`). */
export interface PollOptions {
  api: GenesysApi;
  store: SnapshotStore;
  /** Turns one poll's answers into snapshot data (`buildSnapshot`). */
  build: (input: PollInput, options: BuildOptions) => SnapshotData;
  lease: Lease;
  /** Where the status record goes (the lease's KV). */
  kv: Deno.Kv;
  clock: Clock;
  /** Stops the loop; pending sleeps and calls end at once. */
  signal: AbortSignal;
  source: Source;
  /** Observation poll period, ms (may be stretched by the rate budget). */
  pollIntervalMs: number;
  /** "Today" aggregates period, ms (may be stretched by the rate budget). */
  aggregateIntervalMs: number;
  /** Data older than this is stale (`STALE_AFTER_MS`); polls stay well under it. */
  staleAfterMs: number;
  /** Requests per minute Genesys allows the client. Default 300. */
  rateLimitPerMinute?: number;
  /** IANA zone that defines "today". */
  timeZone: string;
  log?: Logger;
  rules?: AlertRule[];
  /** `GENESYS_QUEUES` patterns; empty = every queue. */
  queueFilter?: string[];
  /** Queue directory refresh period, ms. Default 300 000. */
  directoryIntervalMs?: number;
  /** Uniform random source in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** Release the lease when the loop ends. Default true; false acts like a crash. */
  releaseOnExit?: boolean;
  /**
   * Push from the Genesys Notifications API, with polling as fallback and
   * reconciler; omitted = polling only (`GENESYS_NOTIFICATIONS=false`).
   */
  push?: PushFeed;
}

export type { PushFeed };

/**
 * Polls while `signal` is not aborted, yielding what happens. Validates the
 * options at once; on abort it releases the lease (unless `releaseOnExit`
 * is false) and returns.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * for await (const event of poll({
 *   api, store, build: buildSnapshot, lease, kv, clock: systemClock(),
 *   signal: controller.signal, source: "simulator", staleAfterMs: 12_000,
 *   pollIntervalMs: 5000, aggregateIntervalMs: 30_000, timeZone: "UTC",
 * })) {
 *   if (event.type === "committed") console.log(event.version);
 * }
 * ```
 */
export function poll(options: PollOptions): AsyncIterableIterator<PollEvent> {
  requirePositiveInteger("pollIntervalMs", options.pollIntervalMs);
  requirePositiveInteger("aggregateIntervalMs", options.aggregateIntervalMs);
  requirePositiveInteger("staleAfterMs", options.staleAfterMs);
  requirePositiveInteger(
    "rateLimitPerMinute",
    options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
  );
  requirePositiveInteger(
    "directoryIntervalMs",
    options.directoryIntervalMs ?? DEFAULT_DIRECTORY_INTERVAL_MS,
  );
  if (options.push) {
    requirePositiveInteger(
      "push.reconcileIntervalMs",
      options.push.reconcileIntervalMs,
    );
    requirePositiveInteger("push.commitMs", options.push.commitMs);
  }
  try {
    localDateOf(0, options.timeZone);
  } catch {
    throw new RangeError(
      `Cannot start poller: unknown time zone "${options.timeZone}"`,
    );
  }
  return pollLoop(options);
}

async function* pollLoop(o: PollOptions): AsyncIterableIterator<PollEvent> {
  const { clock, lease, signal } = o;
  const log = o.log ?? silentLogger();
  const reporter = createReporter(log);
  const config = {
    api: o.api,
    clock,
    log,
    random: o.random ?? Math.random,
    queueFilter: o.queueFilter ?? [],
    timeZone: o.timeZone,
    directoryIntervalMs: o.directoryIntervalMs ??
      DEFAULT_DIRECTORY_INTERVAL_MS,
    pollIntervalMs: o.pollIntervalMs,
    aggregateIntervalMs: o.aggregateIntervalMs,
    rateLimitPerMinute: o.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    staleAfterMs: o.staleAfterMs,
  };
  const ingest = o.push
    ? createPushIngest(config, o.push, reporter)
    : createPollIngest(config, reporter);
  const renewals = createRenewReport(log, clock);
  let standing = false;
  try {
    while (!signal.aborted) {
      const fence = await renewQuietly(lease, renewals, clock, signal);
      if (fence === null || fence === "unknown") {
        if (!standing) yield { type: "standby" };
        standing = true;
        await clock.sleep(standbyWaitMs(lease, clock.now()), signal);
        continue;
      }
      standing = false;
      yield { type: "leader" };
      const keeper = keepLease(lease, renewals, clock, signal);
      try {
        yield* lead(o, keeper, ingest, reporter, log);
      } catch (error) {
        if (!keeper.signal.aborted) throw error;
      } finally {
        await keeper.stop();
      }
      ingest.reset();
      if (!signal.aborted) yield { type: "deposed" };
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    if (o.releaseOnExit !== false && lease.current() !== null) {
      await lease.release().catch((error) =>
        log.error("Cannot release the poller lease", { error })
      );
    }
  }
}

/** Leads until the lease is lost; rejects with the keeper's abort reason. */
async function* lead(
  o: PollOptions,
  keeper: Keeper,
  ingest: Ingest,
  reporter: Reporter,
  log: Logger,
): AsyncIterableIterator<PollEvent> {
  const { clock } = o;
  const since = new Date(clock.now()).toISOString();
  let previous: SnapshotData | null = null;
  let written: string | null = null;
  let statusFailing = false;
  while (true) {
    const step = await ingest.step(keeper.signal);
    yield* step.events;
    const gathered = step.gathered;
    if (gathered !== null) {
      try {
        const data: SnapshotData = {
          ...o.build(gathered.input, {
            source: o.source,
            fetchedAt: gathered.fetchedAt,
            rules: o.rules ?? [],
            previous,
          }),
          ingest: ingest.kind,
          parts: gathered.parts,
        };
        const snapshot = await keeper.withFence((f) => o.store.commit(data, f));
        if (snapshot === null) keeper.lose();
        keeper.signal.throwIfAborted();
        previous = data;
        reporter.answered("snapshot", clock.now());
        yield {
          type: "committed",
          version: snapshot!.version,
          durationMs: clock.now() - step.startedAt,
        };
      } catch (error) {
        if (keeper.signal.aborted) throw error;
        const retryInMs = Math.max(0, ingest.nextAt() - clock.now());
        const failure = { part: "snapshot", kind: "other", error } as const;
        reporter.failed(failure, retryInMs, clock.now());
        yield { type: "error", ...failure, retryInMs };
      }
    }
    const status: PollerStatus = {
      owner: o.lease.owner,
      since,
      updatedAt: new Date(clock.now()).toISOString(),
      ingest: ingest.kind,
      ...ingest.health(),
    };
    const key = JSON.stringify({ ...status, updatedAt: null });
    if (key === written) continue;
    try {
      const ok = await keeper.withFence((f) =>
        writePollerStatus(o.kv, status, f)
      );
      if (!ok) keeper.lose();
      keeper.signal.throwIfAborted();
      written = key;
      statusFailing = false;
      yield { type: "status", status };
    } catch (error) {
      if (keeper.signal.aborted) throw error;
      if (!statusFailing) {
        log.warn("Cannot write the poller status: retrying next cycle", {
          error,
        });
      }
      statusFailing = true;
    }
  }
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `Cannot start poller: ${name} must be a positive integer, got ${value}`,
    );
  }
}
