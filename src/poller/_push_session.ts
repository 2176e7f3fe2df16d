/**
 * The leader's notification channels (private): opens a session for the
 * polled queues and their agents, keeps the topics in step with them,
 * reopens closed sockets (on the same channel while it exists), replaces a
 * session whose socket went silent or announced `v2.system.socket_closing`,
 * resubscribes at half of each channel's lifetime (so a 24-hour channel is
 * renewed after 12 hours), retries rejected topics every minute, and pings
 * quiet sockets. Failed calls are retried after one poll interval, doubling
 * up to a minute, and never before a 429's `Retry-After`.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type {
  GenesysNotifications,
  NotificationEvent,
  NotificationSession,
} from "../genesys/mod.ts";
import type { Logger } from "../log.ts";
import { doublingDelayMs, FORBIDDEN_RECHECK_MS } from "./backoff.ts";
import { errorInfo, errorLabel } from "./_error_info.ts";
import {
  channelFacts,
  judgeChannels,
  missingOf,
  rejectedReason,
  type Verdict,
} from "./_push_health.ts";
import type { PushStatus } from "./status.ts";

/** What the channel keeper needs. */
export interface ChannelKeeperOptions {
  notifications: GenesysNotifications;
  clock: Clock;
  log: Logger;
  /** Pings after half of it without a frame; silent after all of it. */
  pollIntervalMs: number;
  /** Receives the events of the current session. */
  onEvent(event: NotificationEvent): void;
}

/** The notification channels of one leader. */
export interface ChannelKeeper {
  /** Does what is due (open, reopen, replace, resubscribe, renew, ping). */
  maintain(topics: readonly string[], signal: AbortSignal): Promise<void>;
  /** What the channels say now. */
  verdict(): Verdict;
  /** When `maintain` has something to do next, epoch ms. */
  dueAt(): number;
  /** The push part of the status record (state set by the caller). */
  status(): Omit<PushStatus, "state">;
  /** Closes the session and forgets it. */
  close(): void;
}

/** Creates the keeper; nothing is opened before the first `maintain`. */
export function createChannelKeeper(o: ChannelKeeperOptions): ChannelKeeper {
  const { clock, log } = o;
  const quiet = { quietMs: o.pollIntervalMs / 2, silentMs: o.pollIntervalMs };
  let session: NotificationSession | null = null;
  let generation = 0;
  let subscribed: string | null = null;
  let renewedAt = 0;
  let pingedAt: number | null = null;
  /** Why the session must be replaced (silence, `socket_closing`). */
  let replace: string | null = null;
  let attemptAt = 0;
  let failures = 0;
  let failing: string | null = null;
  let openError: string | null = null;
  let rejectedAt: number | null = null;
  let rejectLogged: string | null = null;
  /** Key of the topics last asked for. */
  let wanted: string | null = null;
  /** Sessions replaced for silence in a row, and when the next may be. */
  let silences = 0;
  let silentRetryAt = 0;

  function verdict(): Verdict {
    if (session === null) {
      return {
        ...judgeChannels([], clock.now(), null, quiet),
        reason: openError ?? "no notification channel is open yet",
        pending: openError === null,
      };
    }
    const judged = judgeChannels(
      session.health(),
      clock.now(),
      pingedAt,
      quiet,
    );
    if (replace !== null) {
      return { ...judged, alive: false, pending: false, reason: replace };
    }
    return judged;
  }

  function renewAt(): number {
    const expiries = session!.health().map((c) => c.expiresAt);
    const expires = Math.min(...expiries);
    return renewedAt + Math.max(0, expires - renewedAt) / 2;
  }

  function dueAt(): number {
    if (session === null || replace !== null) return attemptAt;
    const v = verdict();
    let subscribeAt = renewAt();
    if (rejectedAt !== null) {
      subscribeAt = Math.min(subscribeAt, rejectedAt + FORBIDDEN_RECHECK_MS);
    }
    if (wanted !== subscribed) subscribeAt = attemptAt;
    let at = Math.min(v.changesAt, Math.max(subscribeAt, attemptAt));
    if (v.closed) at = Math.min(at, attemptAt);
    if (v.silent) at = Math.min(at, Math.max(attemptAt, silentRetryAt));
    return v.ping ? clock.now() : at;
  }

  function open(topics: readonly string[], signal: AbortSignal) {
    const mine = ++generation;
    return o.notifications.open(topics, {
      signal,
      onEvent(event) {
        if (mine !== generation) return;
        if (event.kind === "socketClosing") {
          replace ??= `Genesys announced that the notification socket closes${
            event.message ? ` ("${event.message}")` : ""
          }`;
          attemptAt = clock.now();
        }
        o.onEvent(event);
      },
    });
  }

  function drop(): void {
    generation++;
    session?.close();
    session = null;
    subscribed = null;
    pingedAt = null;
  }

  /** Runs one channel call; a failure is retried later with back-off. */
  async function attempt(
    what: string,
    signal: AbortSignal,
    work: () => Promise<void>,
  ): Promise<boolean> {
    try {
      await work();
    } catch (error) {
      if (signal.aborted) throw error;
      // A 429's Retry-After is waited out in full.
      const retryInMs = Math.max(
        doublingDelayMs(o.pollIntervalMs, ++failures),
        errorInfo(error).retryAfterMs ?? 0,
      );
      attemptAt = clock.now() + retryInMs;
      const label = `${what[0].toLowerCase()}${what.slice(1)} (${
        errorLabel(error)
      })`;
      if (label !== failing) {
        log.warn(`${what}: retrying`, { error, retryInMs });
      }
      failing = label;
      if (session === null) openError = label;
      return false;
    }
    if (failing !== null) log.info("Genesys answers notification calls again");
    failures = 0;
    failing = null;
    openError = null;
    return true;
  }

  async function maintain(topics: readonly string[], signal: AbortSignal) {
    const now = clock.now();
    const key = topics.join("\n");
    wanted = key;
    if (replace !== null && now >= attemptAt) {
      log.info("Replacing the notification session", { reason: replace });
      drop();
      replace = null;
    }
    if (session === null) {
      if (now < attemptAt) return;
      await attempt("Cannot open notification channels", signal, async () => {
        session = await open(topics, signal);
        subscribed = key;
        renewedAt = clock.now();
      });
      noteRejected();
      return;
    }
    const s = session as NotificationSession;
    const v = verdict();
    if (v.alive) silences = 0;
    if (v.silent && now >= Math.max(attemptAt, silentRetryAt)) {
      // A socket that stays silent is replaced less and less often.
      silentRetryAt = now + doublingDelayMs(o.pollIntervalMs, ++silences);
      replace = v.reason;
      return maintain(topics, signal);
    }
    if (v.closed && now >= attemptAt) {
      await attempt(
        "Cannot reopen the notification socket",
        signal,
        () => s.reconnect(signal),
      );
    }
    const recheck = rejectedAt !== null &&
      now >= rejectedAt + FORBIDDEN_RECHECK_MS;
    const subscribe = key !== subscribed || recheck || now >= renewAt();
    if (subscribe && now >= attemptAt) {
      const ok = await attempt(
        "Cannot subscribe the notification topics",
        signal,
        () =>
          key === subscribed ? s.renew(signal) : s.setTopics(topics, signal),
      );
      if (ok) {
        subscribed = key;
        renewedAt = clock.now();
        rejectedAt = null;
      }
      noteRejected();
    }
    if (verdict().ping) {
      s.ping();
      pingedAt = clock.now();
    }
  }

  /** Logs rejected topics once per set of reasons, and when none are left. */
  function noteRejected(): void {
    if (session === null) return;
    const rejected = session.health().flatMap((c) => c.rejected);
    const key = rejected.length === 0 ? null : rejectedReason(rejected);
    rejectedAt = rejected.length === 0 ? null : rejectedAt ?? clock.now();
    if (key === rejectLogged) return;
    if (key !== null) {
      log.error(`Cannot subscribe notification topics: ${key}`, {
        missingPermissions: missingOf(rejected),
        topics: rejected.slice(0, 10).map((r) => r.id),
      });
    } else log.info("Genesys permits every notification topic again");
    rejectLogged = key;
  }

  return {
    maintain,
    verdict,
    dueAt,
    status: () => ({
      ...channelFacts(session?.health() ?? []),
      reason: verdict().reason,
    }),
    close() {
      drop();
      replace = null;
      attemptAt = 0;
      failures = 0;
      failing = null;
      openError = null;
      rejectedAt = null;
      rejectLogged = null;
      wanted = null;
      silences = 0;
      silentRetryAt = 0;
    },
  };
}
