/**
 * Client → server messages of the WebSocket protocol and
 * their parser. Unknown extra fields are ignored; anything else that does
 * not fit is a `bad_request` naming the field.
 *
 * @module
 */

import type { ErrorMessage } from "./protocol.ts";
import { quoted } from "./_quote.ts";

/** A position in the snapshot series: where a client resumes from. */
export interface Position {
  /** The KV series the version belongs to. */
  epoch: string;
  /** The last version the client holds. */
  version: number;
}

/** `subscribe`: asks for the view of `queues` (and agents) and its changes. */
export interface SubscribeMessage {
  /** Message type. */
  type: "subscribe";
  /** The subscriber's JWT (when auth is on). */
  token?: string;
  /** Queue ids asked for; omitted = every queue the token allows. */
  queues?: string[];
  /** Whether to receive the agent board. */
  agents?: boolean;
  /** Where to resume from: answered with one resumed delta when held. */
  since?: Position;
}

/** `ping`: answered with `pong`. */
export interface PingMessage {
  /** Message type. */
  type: "ping";
}

/** Any client → server message. */
export type ClientMessage = SubscribeMessage | PingMessage;

/** A message that could not be parsed: the `error` frame to answer with. */
export interface ParseFailure extends ErrorMessage {
  /** Always `bad_request`. */
  code: "bad_request";
}

/** Most queue ids one `subscribe` may name. */
export const MAX_SUBSCRIBE_QUEUES = 1000;

/**
 * Parses one text frame from a client.
 *
 * @example
 * ```ts
 * const message = parseClientMessage('{"type":"ping"}');
 * if (message.type === "error") console.log(message.message);
 * ```
 */
export function parseClientMessage(text: string): ClientMessage | ParseFailure {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return failure("Cannot parse message: invalid JSON");
  }
  if (!isRecord(value)) {
    return failure("Cannot parse message: expected a JSON object");
  }
  const type = value.type;
  if (typeof type !== "string") {
    return failure('Cannot parse message: "type" must be a string');
  }
  if (type === "ping") return { type: "ping" };
  if (type === "subscribe") return parseSubscribe(value);
  return failure(`Cannot parse message: unknown type ${quoted(type)}`);
}

/** Builds the `bad_request` answer of an unparsable message. */
export function parseFailure(message: string): ParseFailure {
  return failure(message);
}

function parseSubscribe(
  value: Record<string, unknown>,
): SubscribeMessage | ParseFailure {
  const message: SubscribeMessage = { type: "subscribe" };
  if (value.token !== undefined) {
    if (typeof value.token !== "string") {
      return subscribeFailure('"token" must be a string');
    }
    message.token = value.token;
  }
  if (value.queues !== undefined) {
    const queues = value.queues;
    if (
      !Array.isArray(queues) ||
      !queues.every((id) => typeof id === "string" && id.length > 0)
    ) {
      return subscribeFailure('"queues" must be an array of queue ids');
    }
    if (queues.length > MAX_SUBSCRIBE_QUEUES) {
      return subscribeFailure(
        `"queues" must list at most ${MAX_SUBSCRIBE_QUEUES} queue ids`,
      );
    }
    message.queues = [...new Set(queues as string[])];
  }
  if (value.agents !== undefined) {
    if (typeof value.agents !== "boolean") {
      return subscribeFailure('"agents" must be a boolean');
    }
    message.agents = value.agents;
  }
  if (value.since !== undefined) {
    const since = value.since;
    if (!isRecord(since)) {
      return subscribeFailure(
        '"since" must be an object with "epoch" and "version"',
      );
    }
    if (typeof since.epoch !== "string") {
      return subscribeFailure('"since.epoch" must be a string');
    }
    const version = since.version;
    if (
      typeof version !== "number" || !Number.isSafeInteger(version) ||
      version < 0
    ) {
      return subscribeFailure(
        '"since.version" must be a non-negative integer',
      );
    }
    message.since = { epoch: since.epoch, version };
  }
  return message;
}

function subscribeFailure(detail: string): ParseFailure {
  return failure(`Cannot parse subscribe: ${detail}`);
}

function failure(message: string): ParseFailure {
  return { type: "error", code: "bad_request", message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
