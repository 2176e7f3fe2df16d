/**
 * Public types of the simulator room (re-exported by `mod.ts`).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { NotificationSocket } from "../genesys/mod.ts";

/** Options of {@linkcode createSimulator}; every field has a default. */
export interface SimulatorOptions {
  /** Seed of the org and its traffic; default 1. */
  seed?: number;
  /** Number of queues, 1–1000; default 12. */
  queues?: number;
  /** Number of agents, 0–10000; default 80. */
  agents?: number;
  /** Time source (and sleeper for `latencyMs`); default the system clock. */
  clock?: Clock;
  /** OAuth client id; default `sim-client`. */
  clientId?: string;
  /** OAuth client secret; default `sim-secret`. */
  clientSecret?: string;
  /** Token lifetime (`expires_in`); default 86399. */
  tokenLifetimeSeconds?: number;
  /** Requests per token per 60-s window; default 300. */
  rateLimitPerMinute?: number;
  /** IANA zone whose midnight starts the simulated day; default `UTC`. */
  timeZone?: string;
  /**
   * Most routing-activity entities per group per page, standing in for
   * Genesys's undocumented cap (an assumption); 1–10000, default 100.
   */
  activityEntityCap?: number;
  /** Interval of `channel.metadata` heartbeats on notification sockets; default 30000. */
  heartbeatMs?: number;
  /** How long a notification channel lives after creation or a resubscription; default 24 h. */
  channelLifetimeMs?: number;
}

/** One answered request of the `/__sim/stats` log. */
export interface SimRequestLogEntry {
  /** When the request arrived, epoch ms of the simulator's clock. */
  at: number;
  method: string;
  /** Path without query string. */
  path: string;
  /** Status of the answer. */
  status: number;
}

/** Counters of `GET /__sim/stats`. */
export interface SimStats {
  /** Requests by `"<METHOD> <path>"` (path without query string). */
  requests: Record<string, number>;
  tokensIssued: number;
  /** Requests answered 429 by the rate limit. */
  rateLimited: number;
  /** The latest requests (at most 1000), oldest first, newest last. */
  log: SimRequestLogEntry[];
  /** The Notifications API. */
  notifications: SimNotificationStats;
}

/** Notification counters of `GET /__sim/stats`. */
export interface SimNotificationStats {
  /** Live channels. */
  channels: number;
  /** Open WebSockets. */
  sockets: number;
  /** Permitted subscriptions over all channels. */
  subscriptions: number;
  /** Topic event messages sent (queue observations, presence, routing status). */
  messages: number;
  /** Heartbeats sent. */
  heartbeats: number;
}

/** Injected faults (`PUT /__sim/faults`); each applies to API and token paths. */
export interface SimFaults {
  /** Fraction (0..1) of requests answered `errorStatus`. */
  errorRate?: number;
  /** Status of `errorRate` answers (400–599); default 503. */
  errorStatus?: number;
  /** Delay before every answer, on the injected clock. */
  latencyMs?: number;
  /** Fraction (0..1) of answers replaced by truncated JSON with status 200. */
  malformedRate?: number;
  /** Overrides the per-token limit of the options. */
  rateLimitPerMinute?: number;
  /** One-shot: every token issued so far becomes invalid. */
  revokeTokens?: boolean;
  /** Every request is answered 503 `service.unavailable`. */
  outage?: boolean;
  /**
   * Permissions the OAuth client's role lacks (`domain:entity:action`):
   * calls and topics needing one get 403 `missing.permissions`.
   */
  missingPermissions?: string[];
  /**
   * Notifications are down: channel creation and subscription calls get
   * 503, open sockets close and new ones are refused.
   */
  notificationsDown?: boolean;
  /** One-shot: every open notification socket closes once. */
  dropSockets?: boolean;
  /** Sockets stay open but send nothing: no heartbeats, no events, no pongs. */
  silentSockets?: boolean;
}

/**
 * Incidents of `PUT /__sim/scenario`: each starts now and lasts `minutes`
 * (1–1440). `queue` is a queue id or name (case-insensitive).
 */
export interface SimScenario {
  /** The queue gets `factor` (1–20) times its arrivals. */
  spike?: { queue: string; factor: number; minutes: number };
  /** `agents` of the queue's on-queue members go AWAY. */
  shortage?: { queue: string; agents: number; minutes: number };
  /** No new conversations of `media` (voice, chat, email, message, callback). */
  outage?: { media: string; minutes: number };
}

/** When an incident started and ends, ISO-8601 UTC. */
export interface SimIncidentTimes {
  minutes: number;
  startedAt: string;
  endsAt: string;
}

/** The incidents running now (`GET /__sim/scenario`); queues by id and name. */
export interface SimScenarioState {
  spike?: SimIncidentTimes & {
    queue: string;
    queueName: string;
    factor: number;
  };
  shortage?: SimIncidentTimes & {
    queue: string;
    queueName: string;
    agents: number;
  };
  outage?: SimIncidentTimes & { media: string };
}

/** A simulated Genesys Cloud org behind the Genesys HTTP API. */
export interface Simulator {
  /** Answers one request: the whole HTTP API including `/__sim`. */
  handler(req: Request): Promise<Response>;
  /** `fetch` that calls `handler` with `new Request(input, init)`; the host is ignored. */
  fetch: typeof fetch;
  /** Request counters so far. */
  stats(): SimStats;
  /** Replaces the active faults; throws TypeError/RangeError on a bad value. */
  setFaults(faults: SimFaults): void;
  /** Removes every fault. */
  clearFaults(): void;
  /** Ids of the org's queues, in org order. */
  queueIds(): string[];
  /** The OAuth client the simulator accepts (`clientId`, `clientSecret`). */
  readonly credentials: { clientId: string; clientSecret: string };
  /**
   * Opens the WebSocket of a channel's `connectUri` in process (any host;
   * the path names the channel), like `new WebSocket(url)` on the
   * standalone server.
   */
  connect(url: string): NotificationSocket;
  /** Closes every notification socket and stops the simulator's timers. */
  close(): void;
  /**
   * Ends the running incidents and starts those of `scenario` now; throws
   * TypeError/RangeError on a bad value (nothing changes then).
   */
  setScenario(scenario: SimScenario): SimScenarioState;
  /** Ends every running incident now. */
  clearScenario(): void;
  /** The incidents running now. */
  scenario(): SimScenarioState;
}
