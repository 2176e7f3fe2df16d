/**
 * One notification channel of a session and its WebSocket: create,
 * subscribe (`PUT …/subscriptions?ignoreErrors=true`, so refused topics
 * come back as rejected entries), open the socket, track health, reopen.
 *
 * @module
 */

import { GenesysApiError } from "./errors.ts";
import { parseNotification } from "./_notification_parse.ts";
import { list } from "./_request.ts";
import type {
  Channel,
  ChannelHealth,
  ChannelTopic,
  NotificationSocket,
} from "./notification_types.ts";
import type { ShardContext } from "./notifications.ts";

const CHANNELS = "/api/v2/notifications/channels";

interface Pending {
  resolve(): void;
  reject(error: unknown): void;
}

/** One channel and its socket. */
export class Shard {
  readonly #ctx: ShardContext;
  #channel: Channel | null = null;
  #lifetimeMs = 0;
  #socket: NotificationSocket | null = null;
  #pending: Pending | null = null;
  #health: ChannelHealth = {
    id: "",
    connectUri: "",
    topics: [],
    rejected: [],
    open: false,
    expiresAt: 0,
    openedAt: null,
    lastHeartbeatAt: null,
    lastMessageAt: null,
    closedAt: null,
    closeCode: null,
    closeReason: null,
  };

  constructor(context: ShardContext) {
    this.#ctx = context;
  }

  /** Topics asked for on this channel. */
  get topics(): string[] {
    return this.#health.topics;
  }

  /** A copy of the health facts. */
  health(): ChannelHealth {
    const h = this.#health;
    return { ...h, topics: [...h.topics], rejected: [...h.rejected] };
  }

  /** Creates the channel, opens its socket and subscribes `topics`. */
  async start(topics: string[], signal?: AbortSignal): Promise<void> {
    await this.#create(signal);
    await this.#open(signal);
    await this.subscribe(topics, signal);
  }

  /** Replaces the channel's topics; moves `expiresAt` on by a lifetime. */
  async subscribe(topics: string[], signal?: AbortSignal): Promise<void> {
    const id = this.#channel!.id;
    const answer = await this.#ctx.requests.json(
      "PUT",
      `${CHANNELS}/${encodeURIComponent(id)}/subscriptions?ignoreErrors=true`,
      topics.map((topic) => ({ id: topic })),
      signal,
    );
    const entities = list<ChannelTopic>(answer, "entities", false);
    this.#health.topics = [...topics];
    this.#health.rejected = entities.filter((e) => e.state === "Rejected");
    this.#health.expiresAt = Math.max(
      this.#health.expiresAt,
      this.#ctx.clock.now() + this.#lifetimeMs,
    );
  }

  /** Removes every subscription of the channel. */
  async clear(signal?: AbortSignal): Promise<void> {
    const id = encodeURIComponent(this.#channel!.id);
    await this.#ctx.requests.send(
      "DELETE",
      `${CHANNELS}/${id}/subscriptions`,
      undefined,
      signal,
    );
    this.#health.topics = [];
    this.#health.rejected = [];
  }

  /** Reopens a closed socket: same channel if it still exists, else a new one. */
  async reopen(signal?: AbortSignal): Promise<void> {
    if (this.#health.open) return;
    const id = encodeURIComponent(this.#channel!.id);
    try {
      await this.#ctx.requests.send(
        "HEAD",
        `${CHANNELS}/${id}`,
        undefined,
        signal,
      );
    } catch (error) {
      if (!(error instanceof GenesysApiError) || error.status !== 404) {
        throw error;
      }
      const topics = this.#health.topics;
      await this.#create(signal);
      await this.#open(signal);
      await this.subscribe(topics, signal);
      return;
    }
    await this.#open(signal);
  }

  /** Sends a ping on the open socket. */
  ping(): void {
    if (this.#health.open) {
      this.#socket?.send(JSON.stringify({ message: "ping" }));
    }
  }

  /** Closes the socket. */
  close(): void {
    const socket = this.#socket;
    if (socket && socket.readyState < 2) socket.close(1000, "Client closing");
  }

  async #create(signal?: AbortSignal): Promise<void> {
    const answer = await this.#ctx.requests.json(
      "POST",
      CHANNELS,
      undefined,
      signal,
    );
    const { id, connectUri, expires } = answer.body;
    const expiresAt = typeof expires === "string" ? Date.parse(expires) : NaN;
    if (
      typeof id !== "string" || typeof connectUri !== "string" ||
      !Number.isFinite(expiresAt)
    ) {
      throw new GenesysApiError(
        `Cannot parse Genesys answer: POST ${CHANNELS} answered ${answer.status} without id, connectUri and expires`,
        { status: answer.status, code: "malformed.response" },
      );
    }
    this.#channel = { id, connectUri, expires: expires as string };
    this.#lifetimeMs = Math.max(0, expiresAt - this.#ctx.clock.now());
    Object.assign(this.#health, {
      id,
      connectUri,
      expiresAt,
      rejected: [],
      openedAt: null,
      lastHeartbeatAt: null,
      lastMessageAt: null,
    });
  }

  #open(signal?: AbortSignal): Promise<void> {
    const { clock, onEvent } = this.#ctx;
    const channelId = this.#channel!.id;
    const socket = this.#ctx.connect(this.#channel!.connectUri);
    this.#socket = socket;
    const mine = () => this.#socket === socket;
    socket.onopen = () => {
      if (!mine()) return;
      Object.assign(this.#health, {
        open: true,
        openedAt: clock.now(),
        closedAt: null,
        closeCode: null,
        closeReason: null,
      });
      this.#pending?.resolve();
    };
    socket.onmessage = (event) => {
      if (!mine()) return;
      const now = clock.now();
      this.#health.lastMessageAt = now;
      for (
        const parsed of parseNotification(String(event.data), channelId, now)
      ) {
        if (parsed.kind === "heartbeat") this.#health.lastHeartbeatAt = now;
        onEvent(parsed);
      }
    };
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (!mine()) return;
      const now = clock.now();
      const wasOpen = this.#health.open;
      Object.assign(this.#health, {
        open: false,
        closedAt: now,
        closeCode: event.code,
        closeReason: event.reason,
      });
      this.#pending?.reject(
        new GenesysApiError(
          `Cannot open notification socket: channel "${channelId}" closed with ${event.code}${
            event.reason ? ` "${event.reason}"` : ""
          }`,
          { status: 0, code: "socket.error" },
        ),
      );
      if (wasOpen) {
        onEvent({
          kind: "closed",
          channelId,
          receivedAt: now,
          code: event.code,
          reason: event.reason,
        });
      }
    };
    return this.#awaitOpen(socket, channelId, signal);
  }

  #awaitOpen(
    socket: NotificationSocket,
    channelId: string,
    signal?: AbortSignal,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = new AbortController();
      const onAbort = () => {
        socket.close(1000, "Client closing");
        settle(signal!.reason);
      };
      const settle = (error?: unknown) => {
        if (this.#pending !== pending) return;
        this.#pending = null;
        timer.abort();
        signal?.removeEventListener("abort", onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const pending: Pending = { resolve: () => settle(), reject: settle };
      this.#pending = pending;
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#ctx.clock.sleep(this.#ctx.timeoutMs, timer.signal).then(() => {
        socket.close(1000, "Client closing");
        settle(
          new GenesysApiError(
            `Cannot open notification socket: channel "${channelId}" did not open within ${this.#ctx.timeoutMs} ms`,
            { status: 0, code: "request.timeout" },
          ),
        );
      }, () => {});
    });
  }
}
