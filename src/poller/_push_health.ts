/**
 * Whether the notification channels can feed the snapshot (private): every
 * socket open, heard from within `silentMs` (a heartbeat, a pong or any
 * event after it opened), its channel not expired, and no topic rejected.
 * A socket quiet for `quietMs` is pinged, so a silent one is found within
 * `silentMs` even between Genesys's 30-second heartbeats.
 *
 * @module
 */

import type { ChannelHealth, ChannelTopic } from "../genesys/mod.ts";
import type { PushStatus } from "./status.ts";

/** Rejected topics listed in the status record. */
const LISTED = 20;

/** The thresholds of a judgement. */
export interface Thresholds {
  /** Quiet this long: ping. */
  quietMs: number;
  /** Quiet this long (or no frame this long after opening): silent. */
  silentMs: number;
}

/** What the channels say now. */
export interface Verdict {
  /** True when every channel can feed the snapshot. */
  alive: boolean;
  /** Why not, one clause; null when alive. */
  reason: string | null;
  /** Not alive only for want of a first frame: nothing failed. */
  pending: boolean;
  /** Some socket is closed or its channel expired: reopen it. */
  closed: boolean;
  /** Some open socket went silent: replace the session. */
  silent: boolean;
  /** Some socket is quiet and was not pinged within `quietMs`. */
  ping: boolean;
  /** Topics Genesys rejected, over every channel. */
  rejected: ChannelTopic[];
  /** When the verdict changes if no frame arrives, epoch ms. */
  changesAt: number;
}

/**
 * Judges `channels` at `now`; `pingedAt` is when the sockets were last
 * pinged (null if never).
 *
 * @example
 * ```ts ignore
 * const verdict = judgeChannels(session.health(), clock.now(), null, {
 *   quietMs: 2500,
 *   silentMs: 5000,
 * });
 * if (verdict.ping) session.ping();
 * ```
 */
export function judgeChannels(
  channels: readonly ChannelHealth[],
  now: number,
  pingedAt: number | null,
  t: Thresholds,
): Verdict {
  const verdict: Verdict = {
    alive: channels.length > 0,
    reason: channels.length > 0 ? null : "no notification channel is open",
    pending: false,
    closed: false,
    silent: false,
    ping: false,
    rejected: channels.flatMap((c) => c.rejected),
    changesAt: Infinity,
  };
  let failed = channels.length === 0;
  const fail = (reason: string) => {
    verdict.reason ??= reason;
    verdict.alive = false;
    failed = true;
  };
  for (const channel of channels) {
    if (!channel.open || channel.expiresAt <= now) {
      verdict.closed = true;
      fail(closedReason(channel, now));
      continue;
    }
    const opened = channel.openedAt ?? now;
    const heard = channel.lastMessageAt !== null &&
        channel.lastMessageAt >= opened
      ? channel.lastMessageAt
      : null;
    const since = heard ?? opened;
    verdict.changesAt = Math.min(verdict.changesAt, channel.expiresAt);
    if (now - since >= t.silentMs) {
      verdict.silent = true;
      fail(
        `the notification socket sent nothing for ${t.silentMs} ms` +
          (heard === null ? " after it opened" : ""),
      );
      continue;
    }
    verdict.changesAt = Math.min(verdict.changesAt, since + t.silentMs);
    if (heard === null) {
      verdict.alive = false;
      verdict.reason ??= "waiting for the first frame of the socket";
    }
    if (heard === null || now - heard >= t.quietMs) {
      const pingAt = pingedAt === null || pingedAt < since
        ? now
        : pingedAt + t.quietMs;
      if (pingAt <= now) verdict.ping = true;
      else verdict.changesAt = Math.min(verdict.changesAt, pingAt);
    } else {
      verdict.changesAt = Math.min(verdict.changesAt, heard + t.quietMs);
    }
  }
  if (verdict.rejected.length > 0) {
    failed = true;
    verdict.alive = false;
    verdict.reason = rejectedReason(verdict.rejected);
  }
  verdict.pending = !verdict.alive && !failed;
  return verdict;
}

/** The status record's facts about `channels` (state and reason aside). */
export function channelFacts(
  channels: readonly ChannelHealth[],
): Omit<PushStatus, "state" | "reason"> {
  const rejected = channels.flatMap((c) => c.rejected);
  return {
    channels: channels.length,
    open: channels.filter((c) => c.open).length,
    topics: channels.reduce((n, c) => n + c.topics.length, 0),
    rejectedCount: rejected.length,
    rejected: rejected.slice(0, LISTED).map((r) => ({
      topic: r.id,
      reason: r.rejectionReason ?? null,
    })),
    missingPermissions: missingOf(rejected),
  };
}

/** The missing permissions Genesys named over `rejected`, sorted. */
export function missingOf(rejected: readonly ChannelTopic[]): string[] {
  return [...new Set(rejected.flatMap((r) => r.missingPermissions ?? []))]
    .sort();
}

/** One clause on rejected topics: how many, and the permissions or reasons. */
export function rejectedReason(rejected: readonly ChannelTopic[]): string {
  const missing = missingOf(rejected);
  const reasons = [
    ...new Set(rejected.map((r) => r.rejectionReason ?? "no reason given")),
  ].sort();
  const why = missing.length > 0
    ? `missing permission ${missing.join(", ")}`
    : reasons.map((r) => `"${r}"`).join(", ");
  return `Genesys rejected ${rejected.length} notification topic(s) (${why})`;
}

function closedReason(channel: ChannelHealth, now: number): string {
  if (channel.open) return `notification channel "${channel.id}" expired`;
  if (channel.closeCode === null) {
    return `the socket of notification channel "${channel.id}" is not open`;
  }
  const reason = channel.closeReason ? ` "${channel.closeReason}"` : "";
  return `the notification socket closed with ${channel.closeCode}${reason}` +
    (channel.expiresAt <= now ? " (the channel expired)" : "");
}
