/**
 * Push as an ingest (private): Genesys notifications feed the live state,
 * polling is the fallback and the reconciler.
 *
 * - The channels subscribe every polled queue's observation topic and the
 *   combined user topic of every agent of those queues; agents come and
 *   go with the reconciling polls.
 * - Pushed events update the live state at once; commits are coalesced:
 *   one at `commitMs` after the first change since the last commit (and
 *   one every poll interval when nothing changes, so data never looks
 *   older than with polling).
 * - While push is live, observations and routing activity are polled every
 *   `reconcileIntervalMs`; "today" aggregates stay on their own schedule.
 * - When a channel fails (closed, silent, expired, topics rejected,
 *   channels that cannot be opened), polling takes over at once at the
 *   poll interval. Push takes over again after the first poll that began
 *   a poll interval after the channels proved healthy, so whatever changed
 *   before the sockets carried it is in that poll.
 *
 * @module
 */

import type {
  GenesysNotifications,
  NotificationEvent,
} from "../genesys/mod.ts";
import { planIntervals } from "./budget.ts";
import type { Ingest, IngestHealth, IngestStep } from "./_ingest.ts";
import { createPollIngest, type PollIngestConfig } from "./_poll_ingest.ts";
import { createChannelKeeper } from "./_push_session.ts";
import type { Reporter } from "./_report.ts";
import { sleepUntil } from "./_sleep.ts";
import type { PushStatus } from "./status.ts";

/** What push needs besides polling (`PollOptions.push`). */
export interface PushFeed {
  /** The notification client (`createNotificationClient`). */
  notifications: GenesysNotifications;
  /** `RECONCILE_INTERVAL_MS`: the live parts' poll period while push is live. */
  reconcileIntervalMs: number;
  /** `PUSH_COMMIT_MS`: at most one push-fed commit per this period. */
  commitMs: number;
}

/** Creates the push ingest over a polling one made from `config`. */
export function createPushIngest(
  config: PollIngestConfig,
  feed: PushFeed,
  reporter: Reporter,
): Ingest {
  const { clock, log } = config;
  const intervalMs = config.pollIntervalMs;
  const poll = createPollIngest(config, reporter);
  const keeper = createChannelKeeper({
    notifications: feed.notifications,
    clock,
    log,
    pollIntervalMs: intervalMs,
    onEvent,
  });
  let mode: "poll" | "push" = "poll";
  let aliveSince: number | null = null;
  /** Why push failed, while it has not been live since (logged once). */
  let down: string | null = null;
  let topics: string[] | null = null;
  let polledKey: string | null = null;
  /** When the first change since the last commit arrived; null = none. */
  let dirtySince: number | null = null;
  let committedAt = 0;
  let wake: AbortController | null = null;

  function onEvent(event: NotificationEvent): void {
    let changed = false;
    if (event.kind === "queueObservation") {
      changed = poll.live.pushObservation(event);
    } else if (
      event.kind === "userPresence" || event.kind === "userRoutingStatus"
    ) {
      changed = poll.live.pushAgent(event);
    } else if (event.kind === "invalid") {
      log.debug("Cannot read a notification frame", { error: event.error });
    }
    if (changed && dirtySince === null) {
      dirtySince = event.receivedAt;
      if (mode === "push") wake?.abort();
    } else if (
      event.kind === "closed" || event.kind === "socketClosing" ||
      aliveSince === null
    ) wake?.abort();
  }

  /** The topics of the polled queues and agents (recomputed when they change). */
  function wantedTopics(): string[] | null {
    const polled = poll.polled();
    if (polled === null) return null;
    const key = `${polled.queueIds.join(",")}|${polled.userIds.join(",")}`;
    if (key !== polledKey) {
      polledKey = key;
      topics = [
        ...polled.queueIds.map((id) =>
          `v2.analytics.queues.${id}.observations`
        ),
        ...polled.userIds.map((id) => `v2.users.${id}?presence&routingStatus`),
      ];
    }
    return topics;
  }

  /** Switches between push and polling as the channels say. */
  function judge(now: number): void {
    const verdict = keeper.verdict();
    if (!verdict.alive) {
      aliveSince = null;
      if (!verdict.pending) {
        if (down === null) {
          log.warn("Push is down: polling carries the data", {
            reason: verdict.reason,
            pollIntervalMs: intervalMs,
          });
        }
        down = verdict.reason;
      }
      if (mode === "push") {
        mode = "poll";
        poll.reconcileEvery(null);
      }
      return;
    }
    aliveSince ??= now;
    const polledAt = poll.observedAt();
    if (
      mode === "poll" && polledAt !== null &&
      polledAt >= aliveSince + intervalMs
    ) {
      mode = "push";
      down = null;
      poll.reconcileEvery(feed.reconcileIntervalMs);
      log.info("Push feeds the snapshot: polling reconciles", {
        ...keeper.status(),
        reconcileIntervalMs: feed.reconcileIntervalMs,
      });
    }
  }

  /** When the next push-fed commit is due; never while polling. */
  function commitAt(): number {
    if (mode !== "push") return Infinity;
    return dirtySince !== null
      ? Math.max(dirtySince, committedAt) + feed.commitMs
      : committedAt + intervalMs;
  }

  /** Sleeps until `until`, or until an event or a socket wakes it. */
  async function nap(until: number, signal: AbortSignal): Promise<void> {
    const controller = new AbortController();
    wake = controller;
    try {
      await sleepUntil(
        clock,
        until,
        AbortSignal.any([signal, controller.signal]),
      );
    } catch (error) {
      if (signal.aborted) throw error;
    } finally {
      wake = null;
    }
  }

  async function step(signal: AbortSignal): Promise<IngestStep> {
    const before = JSON.stringify(health());
    while (true) {
      signal.throwIfAborted();
      // Judged before the channels are mended too, so a failure mended at
      // once (a socket reopened) still counts as one.
      judge(clock.now());
      const wanted = wantedTopics();
      if (wanted !== null) await keeper.maintain(wanted, signal);
      const now = clock.now();
      judge(now);
      if (poll.nextAt() <= now) {
        const polled = await poll.step(signal);
        if (polled.gathered !== null) commitNow(clock.now());
        judge(clock.now());
        return polled;
      }
      if (commitAt() <= now) {
        const startedAt = dirtySince ?? now;
        commitNow(now);
        return { events: [], gathered: poll.current(now), startedAt };
      }
      if (JSON.stringify(health()) !== before) {
        return { events: [], gathered: null, startedAt: now };
      }
      const maintainAt = wanted === null ? Infinity : keeper.dueAt();
      await nap(Math.min(poll.nextAt(), commitAt(), maintainAt), signal);
    }
  }

  function commitNow(now: number): void {
    dirtySince = null;
    committedAt = now;
  }

  function pushStatus(): PushStatus {
    const { reason, ...rest } = keeper.status();
    const state = mode === "push"
      ? "live"
      : down !== null
      ? "down"
      : "connecting";
    const { alive, pending } = keeper.verdict();
    return {
      state,
      ...rest,
      // Once mended, the failure stays the reason until push is live again.
      reason: state === "live"
        ? null
        : alive || pending
        ? down ?? reason
        : reason,
    };
  }

  function health(): IngestHealth {
    const polled = poll.health();
    const push = pushStatus();
    if (push.state === "live") {
      return { ...polled, plan: reconcilePlan(polled.plan), push };
    }
    if (push.state !== "down") return { ...polled, push };
    const why =
      `Push is down (${push.reason}): polling every ${polled.plan.pollIntervalMs} ms carries the data`;
    return {
      ...polled,
      push,
      reason: polled.reason === null ? why : `${why}; ${polled.reason}`,
    };
  }

  /** The plan's calls while push is live: live parts at the reconcile period. */
  function reconcilePlan(plan: IngestHealth["plan"]): IngestHealth["plan"] {
    const { callsPerMinute } = planIntervals({
      queueCount: plan.queueCount,
      allowedPerMinute: plan.rateLimitPerMinute,
      pollIntervalMs: feed.reconcileIntervalMs,
      aggregateIntervalMs: plan.aggregateIntervalMs,
      directoryIntervalMs: config.directoryIntervalMs,
    });
    return { ...plan, callsPerMinute };
  }

  return {
    get kind() {
      return mode;
    },
    step,
    nextAt: () => Math.min(poll.nextAt(), commitAt()),
    health,
    reset() {
      keeper.close();
      poll.reset();
      mode = "poll";
      aliveSince = null;
      down = null;
      topics = null;
      polledKey = null;
      dirtySince = null;
      committedAt = 0;
    },
  };
}
