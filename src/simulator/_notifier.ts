/**
 * The notification WebSockets of the simulator: one socket per channel (a
 * second connection closes the first), heartbeats every `heartbeatMs`,
 * `{"message":"ping"}` → pong, and once a second the changes of every
 * subscribed topic since the previous look: at most one message per group
 * of a queue per second, only when it changed. Everything runs on the
 * injected clock and only while a socket is open; the state is read with
 * `world.at(now)`, so the HTTP answers stay a function of seed and time.
 *
 * A topic's first look on a connection only notes its state, so changes
 * are sent from then on; changes while a socket is away or silent are not
 * sent later (as with Genesys, a client reconciles by polling).
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { ChannelRegistry, SimChannel } from "./_channels.ts";
import {
  envelope,
  metadataMessage,
  observationBody,
  presenceBody,
  type QueueGroup,
  queueGroups,
  routingBody,
  socketClosing,
} from "./_events.ts";
import type { Org, QueueDef } from "./_org.ts";
import type { DayRun } from "./_run.ts";
import type { SocketHandlers, SocketPeer } from "./_socket_pair.ts";
import { ChangeStamps, memberStamp } from "./_stamps.ts";
import type { Topic } from "./_topics.ts";

/** Close codes the simulator uses (the WebSocket API allows 1000, 3000–4999). */
export const CLOSE = {
  replaced: [4000, "Another connection opened on this channel"],
  dropped: [4001, "Dropped by the simulator"],
  expired: [4002, "The channel expired"],
  down: [4003, "Notifications are down"],
  removed: [4004, "The channel was removed"],
  shutdown: [1000, "The simulator is closing"],
} as const satisfies Record<string, readonly [number, string]>;

/** Interval of the change look. */
export const TICK_MS = 1000;
/** Longest single sleep (a `setTimeout` overflows past 2^31−1 ms). */
const MAX_SLEEP_MS = 2 ** 31 - 1;

/** What the notifier needs. */
export interface NotifierOptions {
  org: Org;
  clock: Clock;
  /** The world advanced to a time. */
  at(t: number): DayRun;
  channels(): ChannelRegistry;
  heartbeatMs: number;
  /** True while `silentSockets` is set. */
  silent(): boolean;
}

interface Connection {
  channel: SimChannel;
  peer: SocketPeer;
  nextHeartbeat: number;
  /** Last content sent per topic part; undefined = not looked at yet. */
  sent: Map<string, string>;
}

/** Counters of the sockets. */
export interface NotifierCounts {
  sockets: number;
  messages: number;
  heartbeats: number;
}

/** Runs the sockets of all channels. */
export class Notifier {
  readonly #o: NotifierOptions;
  readonly #open = new Map<string, Connection>();
  readonly #stamps = new ChangeStamps();
  /** Latest member change per queue index, at the previous look. */
  readonly #members = new Map<number, number>();
  #running = false;
  #nap: AbortController | null = null;
  #nextLook = 0;
  #wasSilent = false;
  #messages = 0;
  #heartbeats = 0;

  constructor(options: NotifierOptions) {
    this.#o = options;
  }

  /** Attaches a socket to a live channel, closing the channel's previous one. */
  accept(channel: SimChannel, peer: SocketPeer): SocketHandlers {
    this.#open.get(channel.id)?.peer.close(...CLOSE.replaced);
    const now = this.#o.clock.now();
    const conn: Connection = {
      channel,
      peer,
      nextHeartbeat: now + this.#o.heartbeatMs,
      sent: new Map(),
    };
    this.#open.set(channel.id, conn);
    channel.connected = true;
    this.#start();
    return {
      message: (text) => this.#onMessage(conn, text),
      closed: () => this.#forget(conn),
    };
  }

  /** Closes the socket of `channel`, if any, with `code` and `reason`. */
  disconnect(channel: SimChannel, close: readonly [number, string]): void {
    const conn = this.#open.get(channel.id);
    if (!conn) return;
    if (close === CLOSE.expired) {
      conn.peer.send(JSON.stringify(socketClosing(channel.id, close[1])));
    }
    this.#forget(conn);
    conn.peer.close(...close);
  }

  /** Closes every open socket. */
  disconnectAll(close: readonly [number, string]): void {
    for (const conn of [...this.#open.values()]) {
      this.disconnect(conn.channel, close);
    }
  }

  /** Counters so far. */
  counts(): NotifierCounts {
    return {
      sockets: this.#open.size,
      messages: this.#messages,
      heartbeats: this.#heartbeats,
    };
  }

  #forget(conn: Connection): void {
    if (this.#open.get(conn.channel.id) !== conn) return;
    this.#open.delete(conn.channel.id);
    conn.channel.connected = false;
    if (this.#open.size === 0) this.#nap?.abort();
  }

  #onMessage(conn: Connection, text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    const ping = typeof value === "object" && value !== null &&
      (value as { message?: unknown }).message === "ping";
    if (ping && !this.#o.silent()) {
      conn.peer.send(JSON.stringify(metadataMessage("pong")));
    }
  }

  /** Re-plans the next wake-up (after a subscription change). */
  poke(): void {
    this.#nap?.abort();
  }

  #start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#nextLook = this.#o.clock.now() + TICK_MS;
    (async () => {
      try {
        while (this.#open.size > 0) {
          const nap = new AbortController();
          this.#nap = nap;
          try {
            await this.#o.clock.sleep(this.#wait(), nap.signal);
          } catch (error) {
            if (nap.signal.aborted) continue;
            throw error;
          }
          this.#tick();
        }
      } finally {
        this.#running = false;
        this.#nap = null;
      }
    })();
  }

  /** Until the next heartbeat, expiry or (with topics) change look. */
  #wait(): number {
    let next = Infinity;
    for (const conn of this.#open.values()) {
      next = Math.min(next, conn.nextHeartbeat, conn.channel.expiresAt);
      if (conn.channel.topics.size > 0) next = Math.min(next, this.#nextLook);
    }
    return Math.min(MAX_SLEEP_MS, Math.max(1, next - this.#o.clock.now()));
  }

  #tick(): void {
    const now = this.#o.clock.now();
    this.#o.channels().expire();
    const silent = this.#o.silent();
    if (silent) {
      this.#wasSilent = true;
      for (const conn of this.#open.values()) {
        while (conn.nextHeartbeat <= now) {
          conn.nextHeartbeat += this.#o.heartbeatMs;
        }
      }
    } else {
      for (const conn of this.#open.values()) {
        if (this.#wasSilent) conn.sent.clear();
        while (conn.nextHeartbeat <= now) {
          conn.nextHeartbeat += this.#o.heartbeatMs;
          this.#heartbeats++;
          conn.peer.send(
            JSON.stringify(metadataMessage("WebSocket Heartbeat")),
          );
        }
      }
      this.#wasSilent = false;
    }
    if (now < this.#nextLook) return;
    while (this.#nextLook <= now) this.#nextLook += TICK_MS;
    if (!silent) this.#look(now);
  }

  /**
   * Sends the changes of every subscribed topic. A queue's groups are
   * computed only when its conversations or members changed since the
   * previous look, or when a connection has not looked at it yet.
   */
  #look(now: number): void {
    const run = this.#o.at(now);
    const groups = new Map<QueueDef, QueueGroup[] | null>();
    const groupsOf = (q: QueueDef, topic: string, conn: Connection) => {
      if (!groups.has(q)) {
        const convs = this.#stamps.update(run, q);
        const members = memberStamp(run, q);
        const moved = members !== this.#members.get(q.index);
        this.#members.set(q.index, members);
        groups.set(q, convs || moved ? queueGroups(this.#o.org, run, q) : null);
      }
      const found = groups.get(q);
      if (found || conn.sent.has(`${topic}|`)) return found ?? [];
      const fresh = queueGroups(this.#o.org, run, q);
      groups.set(q, fresh);
      return fresh;
    };
    for (const conn of this.#open.values()) {
      for (const [id, topic] of conn.channel.topics) {
        if (topic.kind === "queue") {
          for (const g of groupsOf(topic.queue, id, conn)) {
            const stamp = g.mediaType === ""
              ? this.#members.get(topic.queue.index)!
              : this.#stamps.stamp(topic.queue, g.mediaType) ?? now;
            this.#offer(
              conn,
              `${id}|${g.mediaType}`,
              g.metrics,
              () => envelope(id, observationBody(g, stamp)),
            );
          }
        } else this.#offerUser(conn, id, topic, run);
      }
    }
  }

  #offerUser(
    conn: Connection,
    id: string,
    topic: Extract<Topic, { kind: "user" }>,
    run: DayRun,
  ): void {
    const agent = run.agents[topic.agent.index];
    const base = `v2.users.${topic.agent.id}`;
    if (topic.presence) {
      this.#offer(
        conn,
        `${id}|presence`,
        [agent.presence, agent.presenceSince],
        () => envelope(`${base}.presence`, presenceBody(this.#o.org, agent)),
      );
    }
    if (topic.routingStatus) {
      this.#offer(
        conn,
        `${id}|routingStatus`,
        [agent.routing, agent.routingSince],
        () => envelope(`${base}.routingStatus`, routingBody(agent)),
      );
    }
  }

  /** Sends `message()` when `content` differs from what `key` last had. */
  #offer(
    conn: Connection,
    key: string,
    content: unknown,
    message: () => unknown,
  ): void {
    const text = JSON.stringify(content);
    const last = conn.sent.get(key);
    conn.sent.set(key, text);
    if (last === undefined || last === text) return;
    this.#messages++;
    conn.peer.send(JSON.stringify(message()));
  }
}
