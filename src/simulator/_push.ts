/**
 * The simulator's Notifications API in one piece: channels and their
 * subscriptions over HTTP, the WebSocket at each channel's `connectUri`
 * (in process through `connect(url)`, or upgraded by the standalone
 * server), and the `notificationsDown` and `dropSockets` faults.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { NotificationSocket } from "../genesys/mod.ts";
import { ChannelRegistry, type SimChannel } from "./_channels.ts";
import { jsonResponse, SimError } from "./_errors.ts";
import {
  channelOfSocketPath,
  type NotificationAnswer,
  notificationRoute,
} from "./_notifications.ts";
import { CLOSE, Notifier } from "./_notifier.ts";
import type { Org } from "./_org.ts";
import type { DayRun } from "./_run.ts";
import {
  connectInProcess,
  servedPeer,
  type SocketHandlers,
  type SocketPeer,
} from "./_socket_pair.ts";
import type { SimFaults, SimNotificationStats } from "./_types.ts";

/** What the push side needs. */
export interface PushOptions {
  org: Org;
  clock: Clock;
  at(t: number): DayRun;
  heartbeatMs: number;
  channelLifetimeMs: number;
  faults(): SimFaults;
}

/** The Notifications API of one simulator. */
export interface Push {
  /** Answers `/api/v2/notifications/...`; 503 while `notificationsDown`. */
  route(req: Request, url: URL): Promise<NotificationAnswer>;
  /** True for a WebSocket upgrade at a channel's path. */
  isSocketRequest(req: Request, url: URL): boolean;
  /** Upgrades a served request (standalone server) to a channel socket. */
  upgrade(req: Request, url: URL): Response;
  /** Opens a channel socket in process. */
  connect(url: string): NotificationSocket;
  /** Applies the socket side of new faults (one-shot `dropSockets`, `notificationsDown`). */
  applyFaults(faults: SimFaults): void;
  /** Channels, sockets, subscriptions and messages so far. */
  stats(): SimNotificationStats;
  /** Closes every socket and stops the timers. */
  close(): void;
}

/** Creates the Notifications API of a simulator. */
export function createPush(options: PushOptions): Push {
  const { clock, faults } = options;
  const channels: ChannelRegistry = new ChannelRegistry({
    org: options.org,
    now: () => clock.now(),
    lifetimeMs: options.channelLifetimeMs,
    onRemove: (channel, why) =>
      notifier.disconnect(
        channel,
        why === "expired" ? CLOSE.expired : CLOSE.removed,
      ),
  });
  const notifier = new Notifier({
    org: options.org,
    clock,
    at: options.at,
    channels: () => channels,
    heartbeatMs: options.heartbeatMs,
    silent: () => faults().silentSockets === true,
  });

  function accept(id: string | null, peer: SocketPeer): SocketHandlers | null {
    if (faults().notificationsDown || id === null) return null;
    const channel: SimChannel | null = channels.get(id);
    return channel ? notifier.accept(channel, peer) : null;
  }

  return {
    async route(req, url) {
      if (faults().notificationsDown) {
        throw new SimError(
          503,
          "service.unavailable",
          "Cannot serve request: simulated notification outage",
        );
      }
      const answer = await notificationRoute(
        req,
        url,
        channels,
        faults().missingPermissions,
      );
      notifier.poke();
      return answer;
    },
    isSocketRequest(req, url) {
      return channelOfSocketPath(url.pathname) !== null &&
        req.headers.get("upgrade")?.toLowerCase() === "websocket";
    },
    upgrade(req, url) {
      const id = channelOfSocketPath(url.pathname);
      if (faults().notificationsDown || !id || !channels.get(id)) {
        return jsonResponse(404, {
          message: "Cannot connect: unknown or expired channel",
          code: "not.found",
          status: 404,
        });
      }
      const { socket, response } = Deno.upgradeWebSocket(req);
      let handlers: SocketHandlers | null = null;
      handlers = accept(id, servedPeer(socket, () => handlers));
      return response;
    },
    connect(url) {
      return connectInProcess(
        channelOfSocketPath(new URL(url).pathname),
        accept,
      );
    },
    applyFaults(next) {
      if (next.notificationsDown) notifier.disconnectAll(CLOSE.down);
      else if (next.dropSockets) notifier.disconnectAll(CLOSE.dropped);
    },
    stats() {
      channels.expire();
      const all = channels.all();
      return {
        channels: all.length,
        subscriptions: all.reduce((n, c) => n + c.topics.size, 0),
        ...notifier.counts(),
      };
    },
    close() {
      notifier.disconnectAll(CLOSE.shutdown);
    },
  };
}
