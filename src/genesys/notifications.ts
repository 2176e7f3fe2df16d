/**
 * The Genesys Notifications client: channels (`POST
 * /api/v2/notifications/channels`), topics sharded over them (at most
 * 1,000 topics a channel, 20 channels a client), one WebSocket per channel
 * through an injected factory, every frame parsed into a typed event, and
 * the health facts a poller needs to decide between push and poll. It is
 * only a client: fallback, renewal timing and coalescing are the caller's.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { FetchLike } from "./_http.ts";
import { createRequester, type Requester } from "./_request.ts";
import type { GenesysCredentials } from "./settings.ts";
import type {
  ChannelHealth,
  NotificationEvent,
  SocketFactory,
} from "./notification_types.ts";
import { createTokenCache, type TokenCache } from "./token_cache.ts";
import { Shard } from "./_shard.ts";

/** Options of {@linkcode createNotificationClient}. */
export interface NotificationClientOptions {
  /** API base URL, e.g. `https://api.mypurecloud.ie`. */
  apiUrl: string;
  /** Login base URL, e.g. `https://login.mypurecloud.ie`. */
  loginUrl: string;
  credentials: GenesysCredentials;
  fetch: FetchLike;
  clock: Clock;
  /** Opens a channel's socket; default `(url) => new WebSocket(url)`. */
  connect?: SocketFactory;
  /** Timeout of each request and of each socket's opening. Default 10 000. */
  timeoutMs?: number;
  /** Share the REST client's token cache. */
  tokenCache?: TokenCache;
  /** Topics per channel, 1–1000. Default 1000. */
  topicsPerChannel?: number;
  /** Channels at most, 1–20. Default 20. */
  maxChannels?: number;
}

/** Options of one session. */
export interface SessionOptions {
  /** Receives every event, in arrival order per channel. */
  onEvent(event: NotificationEvent): void;
  /** Aborting closes every socket. */
  signal?: AbortSignal;
}

/** Open channels with their sockets. */
export interface NotificationSession {
  /** Health of every channel, in shard order. */
  health(): ChannelHealth[];
  /**
   * Replaces the topics: re-sharded over the channels (new channels made,
   * surplus ones cleared and closed); a resubscription also renews expiry.
   */
  setTopics(topics: readonly string[], signal?: AbortSignal): Promise<void>;
  /** Resubscribes every channel to its topics, which keeps it past expiry. */
  renew(signal?: AbortSignal): Promise<void>;
  /**
   * Reopens closed sockets: on the same channel while it exists (`HEAD`),
   * else on a new channel subscribed to the same topics.
   */
  reconnect(signal?: AbortSignal): Promise<void>;
  /** Sends `{"message":"ping"}` on every open socket (answered by `pong`). */
  ping(): void;
  /** Closes every socket. */
  close(): void;
}

/** Creates channels and opens sessions. */
export interface GenesysNotifications {
  /**
   * Creates channels for `topics`, subscribes them (rejected topics are
   * reported in health, not thrown), opens every socket and resolves once
   * all are open. A failure closes what was opened and rejects with a
   * `GenesysApiError`.
   */
  open(
    topics: readonly string[],
    options: SessionOptions,
  ): Promise<NotificationSession>;
}

/**
 * Creates the notification client.
 *
 * @example
 * ```ts
 * const push = createNotificationClient({ ...hosts, credentials, fetch, clock });
 * const session = await push.open(
 *   queueIds.map((id) => `v2.analytics.queues.${id}.observations`),
 *   { onEvent: (event) => console.log(event.kind), signal },
 * );
 * console.log(session.health());
 * ```
 */
export function createNotificationClient(
  options: NotificationClientOptions,
): GenesysNotifications {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const perChannel = bounded(
    "topicsPerChannel",
    options.topicsPerChannel,
    1000,
  );
  const maxChannels = bounded("maxChannels", options.maxChannels, 20);
  const tokens = options.tokenCache ?? createTokenCache({
    loginUrl: options.loginUrl,
    credentials: options.credentials,
    fetch: options.fetch,
    clock: options.clock,
    timeoutMs,
  });
  const requests = createRequester({
    apiUrl: options.apiUrl.replace(/\/+$/, ""),
    tokens,
    fetch: options.fetch,
    clock: options.clock,
    timeoutMs,
  });
  const connect: SocketFactory = options.connect ??
    ((url) => new WebSocket(url));

  function shardsOf(topics: readonly string[]): string[][] {
    const unique = [...new Set(topics)];
    const count = Math.ceil(unique.length / perChannel);
    if (count > maxChannels) {
      throw new RangeError(
        `Cannot subscribe: ${unique.length} topics need ${count} channels, more than ${maxChannels} of ${perChannel} topics`,
      );
    }
    const out: string[][] = [];
    for (let i = 0; i < unique.length; i += perChannel) {
      out.push(unique.slice(i, i + perChannel));
    }
    return out;
  }

  return {
    async open(topics, session) {
      const context = {
        requests,
        connect,
        clock: options.clock,
        timeoutMs,
        onEvent: session.onEvent,
      };
      const shards: Shard[] = [];
      const closeAll = () => {
        for (const s of shards) s.close();
      };
      session.signal?.addEventListener("abort", closeAll, { once: true });
      try {
        for (const part of shardsOf(topics)) {
          const shard = new Shard(context);
          shards.push(shard);
          await shard.start(part, session.signal);
        }
      } catch (error) {
        closeAll();
        throw error;
      }
      return {
        health: () => shards.map((s) => s.health()),
        async setTopics(next, signal) {
          const parts = shardsOf(next);
          for (const [i, part] of parts.entries()) {
            if (i < shards.length) await shards[i].subscribe(part, signal);
            else {
              const shard = new Shard(context);
              shards.push(shard);
              await shard.start(part, signal);
            }
          }
          for (const surplus of shards.splice(parts.length)) {
            await surplus.clear(signal);
            surplus.close();
          }
        },
        async renew(signal) {
          for (const s of shards) await s.subscribe(s.topics, signal);
        },
        async reconnect(signal) {
          for (const s of shards) await s.reopen(signal);
        },
        ping() {
          for (const s of shards) s.ping();
        },
        close: closeAll,
      };
    },
  };
}

/** What a shard needs from its client. */
export interface ShardContext {
  requests: Requester;
  connect: SocketFactory;
  clock: Clock;
  timeoutMs: number;
  onEvent(event: NotificationEvent): void;
}

function bounded(name: string, value: number | undefined, max: number): number {
  if (value === undefined) return max;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(
      `Cannot create notification client: ${name} must be an integer from 1 to ${max}, got ${value}`,
    );
  }
  return value;
}
