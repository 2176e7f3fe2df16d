/**
 * Helpers for notification tests: channel calls and a recording socket.
 *
 * @module
 */

import type { NotificationSocket } from "../../src/genesys/mod.ts";
import type { Simulator } from "../../src/simulator/mod.ts";
import { BASE, json } from "./_helpers.ts";

/** Path of channel creation. */
export const CHANNELS = "/api/v2/notifications/channels";

/** `POST /api/v2/notifications/channels` → the channel. */
export async function createChannel(
  sim: Simulator,
  token: string,
): Promise<{ connectUri: string; id: string; expires: string }> {
  return await json(
    await sim.fetch(`${BASE}${CHANNELS}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    }),
  );
}

/** A subscription call (`PUT`, `POST`, `GET`, `DELETE`) with topics. */
export function subscriptions(
  sim: Simulator,
  token: string,
  channelId: string,
  method: string,
  topics?: readonly string[],
  query = "",
): Promise<Response> {
  return sim.fetch(
    `${BASE}${CHANNELS}/${channelId}/subscriptions${query}`,
    {
      method,
      headers: { authorization: `Bearer ${token}` },
      body: topics === undefined
        ? undefined
        : JSON.stringify(topics.map((id) => ({ id }))),
    },
  );
}

/** What a socket received. */
export interface Recorded {
  socket: NotificationSocket;
  // deno-lint-ignore no-explicit-any
  frames: any[];
  opened: boolean;
  errors: number;
  closes: { code: number; reason: string }[];
  /** Frames of a topic. */
  // deno-lint-ignore no-explicit-any
  of(topicName: string): any[];
}

/** Records everything a socket receives. */
export function record(socket: NotificationSocket): Recorded {
  const out: Recorded = {
    socket,
    frames: [],
    opened: false,
    errors: 0,
    closes: [],
    of: (name) => out.frames.filter((f) => f.topicName === name),
  };
  socket.onopen = () => out.opened = true;
  socket.onmessage = (e) => out.frames.push(JSON.parse(String(e.data)));
  socket.onerror = () => out.errors++;
  socket.onclose = (e) => out.closes.push({ code: e.code, reason: e.reason });
  return out;
}
