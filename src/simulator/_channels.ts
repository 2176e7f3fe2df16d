/**
 * Notification channels and their subscriptions, with Genesys's limits:
 * 20 channels per client (a 21st removes the one used longest ago, idle
 * ones first), 1,000 topics per channel (more is a 400), channels live
 * `lifetimeMs` (24 h) and every subscription change extends that, since
 * Genesys says to resubscribe to keep a channel past 24 hours.
 *
 * @module
 */

import type { ChannelTopic } from "../genesys/mod.ts";
import { badRequest } from "./_errors.ts";
import type { Org } from "./_org.ts";
import { permissionError, refusedTopic } from "./_permissions.ts";
import { lookUpTopic, REJECTIONS, type Topic } from "./_topics.ts";

/** Most channels per OAuth client. */
export const MAX_CHANNELS = 20;
/** Most topics per channel. */
export const MAX_TOPICS = 1000;

/** One channel. */
export interface SimChannel {
  id: string;
  createdAt: number;
  expiresAt: number;
  lastUsed: number;
  /** Permitted subscriptions by topic, in subscription order. */
  topics: Map<string, Topic>;
  /** True while a WebSocket is connected. */
  connected: boolean;
}

/** What the registry needs. */
export interface ChannelOptions {
  org: Org;
  now(): number;
  lifetimeMs: number;
  /** Called when a channel goes (evicted or expired), to close its socket. */
  onRemove(channel: SimChannel, why: "evicted" | "expired"): void;
}

/** The channels of the simulator's one OAuth client. */
export class ChannelRegistry {
  readonly #options: ChannelOptions;
  readonly #channels = new Map<string, SimChannel>();
  #seq = 0;

  constructor(options: ChannelOptions) {
    this.#options = options;
  }

  /** Creates a channel, removing the least recently used beyond 20. */
  create(): SimChannel {
    const now = this.#options.now();
    this.expire();
    if (this.#channels.size >= MAX_CHANNELS) {
      const all = [...this.#channels.values()];
      const pool = all.some((c) => !c.connected)
        ? all.filter((c) => !c.connected)
        : all;
      pool.sort((a, b) => a.lastUsed - b.lastUsed);
      this.#remove(pool[0], "evicted");
    }
    const id = `streaming-${this.#seq++}-${
      crypto.randomUUID().replaceAll("-", "").slice(0, 26)
    }`;
    const channel: SimChannel = {
      id,
      createdAt: now,
      expiresAt: now + this.#options.lifetimeMs,
      lastUsed: now,
      topics: new Map(),
      connected: false,
    };
    this.#channels.set(id, channel);
    return channel;
  }

  /** The live channel `id` (marked used), or null when unknown or expired. */
  get(id: string): SimChannel | null {
    this.expire();
    const channel = this.#channels.get(id) ?? null;
    if (channel) channel.lastUsed = this.#options.now();
    return channel;
  }

  /** Every live channel. */
  all(): SimChannel[] {
    return [...this.#channels.values()];
  }

  /** Removes channels whose time is up. */
  expire(): void {
    const now = this.#options.now();
    for (const channel of this.#channels.values()) {
      if (channel.expiresAt <= now) this.#remove(channel, "expired");
    }
  }

  /**
   * Adds (`replace` false) or replaces the subscriptions of `channel` with
   * `topics`; answers every permitted topic of the channel plus the
   * rejected ones of this request. A topic whose permission the client
   * lacks is a 403 unless `ignoreErrors`, then a rejected entry.
   */
  subscribe(
    channel: SimChannel,
    topics: string[],
    options: { replace: boolean; ignoreErrors: boolean; missing?: string[] },
  ): ChannelTopic[] {
    const wanted = [...new Set(topics)];
    const total = new Set([
      ...(options.replace ? [] : channel.topics.keys()),
      ...wanted,
    ]).size;
    if (total > MAX_TOPICS) {
      throw badRequest(
        `Cannot subscribe: ${total} topics exceed the maximum of ${MAX_TOPICS} per channel`,
      );
    }
    const rejected: ChannelTopic[] = [];
    const permitted = new Map<string, Topic>();
    for (const id of wanted) {
      const refused = refusedTopic(id, options.missing);
      if (refused && !options.ignoreErrors) throw permissionError(refused);
      const topic = lookUpTopic(this.#options.org, id);
      if (refused) {
        rejected.push({
          id,
          state: "Rejected",
          rejectionReason: REJECTIONS.permissions,
          missingPermissions: refused,
        });
      } else if (topic.kind === "rejected") {
        rejected.push({ id, state: "Rejected", rejectionReason: topic.reason });
      } else {
        permitted.set(id, topic);
      }
    }
    if (options.replace) channel.topics.clear();
    for (const [id, topic] of permitted) channel.topics.set(id, topic);
    channel.expiresAt = this.#options.now() + this.#options.lifetimeMs;
    return [...listing(channel), ...rejected];
  }

  #remove(channel: SimChannel, why: "evicted" | "expired"): void {
    this.#channels.delete(channel.id);
    this.#options.onRemove(channel, why);
  }
}

/** The permitted subscriptions of a channel as `ChannelTopic`s. */
export function listing(channel: SimChannel): ChannelTopic[] {
  return [...channel.topics.keys()].map((id) => ({ id, state: "Permitted" }));
}
