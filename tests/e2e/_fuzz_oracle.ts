/**
 * The oracle of the fuzz end-to-end test: what the contract
 * (docs/protocol.md, sections 2 and 3) says the server must answer to one
 * client frame, and the check of
 * the answer actually received (parse errors byte for byte, `pong`, a
 * snapshot or resumed delta within the token's scope, `forbidden`,
 * `unauthorized` + 1008, `too_large` + 1009, 4001 on an expired token).
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  type Authenticator,
  AuthError,
  type Principal,
} from "../../src/auth/mod.ts";
import { redactText } from "../../src/log.ts";
import { parseClientMessage } from "../../src/realtime/mod.ts";
import {
  FRAME_LIMIT,
  type FuzzContext,
  type FuzzFrame,
} from "./_fuzz_frames.ts";
import { type Msg, type WsClient } from "../_support/mod.ts";

/** What the server must answer to one frame. */
type Expected =
  | { kind: "frame"; frame: Msg }
  | { kind: "close-after"; frame: Msg; code: number; reason: string }
  | { kind: "close"; code: number; reason: string }
  | { kind: "answer"; principal: Principal; message: Record<string, unknown> };

/** One fuzzing connection and what the server knows about it. */
export interface Connection {
  ws: WsClient;
  openedAt: number;
  subscribed: boolean;
  expiresAt: number | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Predicts the answer to `frame` from the contract (docs/protocol.md). */
async function expect(
  frame: FuzzFrame,
  auth: Authenticator,
  now: number,
): Promise<Expected> {
  const error = (code: string, message: string) => ({
    type: "error",
    code,
    message,
  });
  // What the server receives: lone surrogates become U+FFFD on the wire.
  const bytes = typeof frame.data === "string"
    ? encoder.encode(frame.data)
    : frame.data;
  if (bytes.length > FRAME_LIMIT) {
    return {
      kind: "close-after",
      frame: error(
        "too_large",
        `Cannot accept frame: ${bytes.length} bytes is over the limit of ${FRAME_LIMIT} bytes`,
      ),
      code: 1009,
      reason: "Frame too large",
    };
  }
  if (typeof frame.data !== "string") {
    return {
      kind: "frame",
      frame: error(
        "bad_request",
        "Cannot parse message: binary frames are not accepted",
      ),
    };
  }
  const message = parseClientMessage(decoder.decode(bytes));
  if (message.type === "error") return { kind: "frame", frame: { ...message } };
  if (message.type === "ping") {
    return { kind: "frame", frame: { type: "pong" } };
  }
  let principal: Principal;
  try {
    principal = await auth.verify(message.token);
  } catch (failure) {
    assert.ok(failure instanceof AuthError);
    if (failure.code === "token_expired") {
      return { kind: "close", code: 4001, reason: "Token expired" };
    }
    return {
      kind: "close-after",
      frame: error("unauthorized", failure.message),
      code: 1008,
      reason: "Unauthorized",
    };
  }
  if (principal.expiresAt !== null && principal.expiresAt <= now) {
    return { kind: "close", code: 4001, reason: "Token expired" };
  }
  if (principal.queues !== "*" && message.queues) {
    const outside = message.queues.find((id) => !principal.queues.includes(id));
    if (outside !== undefined) {
      return {
        kind: "frame",
        frame: error(
          "forbidden",
          `Cannot subscribe: queue ${
            clip(outside)
          } is outside the token's scope`,
        ),
      };
    }
  }
  if (message.agents && !principal.agents) {
    return {
      kind: "frame",
      frame: error(
        "forbidden",
        "Cannot subscribe: the token does not grant the agent board",
      ),
    };
  }
  return { kind: "answer", principal, message: { ...message } };
}

/** A client value as error messages quote it: cut to 64 characters. */
function clip(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** Checks a snapshot / resumed delta against the subscriber's scope. */
function checkAnswer(
  answer: Msg,
  expected: Extract<Expected, { kind: "answer" }>,
  ctx: FuzzContext,
  current: number,
): void {
  const { principal, message } = expected;
  const since = message.since as { epoch: string; version: number } | undefined;
  if (answer.type === "delta") {
    assert.equal(answer.resumed, true);
    assert.equal(since?.epoch, ctx.epoch);
    assert.equal(answer.prev, since?.version);
  } else {
    assert.equal(answer.type, "snapshot", JSON.stringify(answer));
    assert.equal(answer.resumed, false);
  }
  assert.equal(answer.version, current);
  const scope = principal.queues === "*" ? ctx.queueIds : principal.queues;
  const filter = (message.queues as string[] | undefined) ?? ctx.queueIds;
  const visible = new Set(scope.filter((id) => filter.includes(id)));
  for (const [id, queue] of Object.entries(answer.queues as object)) {
    // A resumed re-subscribe marks the queues that left the view with null.
    if (queue !== null) {
      assert.ok(visible.has(id), `queue ${id} outside the view`);
    }
  }
  assert.equal("agents" in answer, message.agents === true);
  const agents = Object.values(
    answer.agents ?? {},
  ) as ({ queueIds: string[] } | null)[];
  for (const agent of agents) {
    // A resumed delta marks agents that left the view with null.
    for (const id of agent?.queueIds ?? []) {
      assert.ok(visible.has(id), `agent queue ${id} outside the view`);
    }
  }
}

/** Reads the next frame other than an unsolicited `status`. */
async function reply(ws: WsClient): Promise<string | null> {
  while (true) {
    const text = await ws.nextRaw();
    if (text === null || !text.startsWith('{"type":"status"')) return text;
  }
}

/** Sends one frame and checks the answer; false when the socket closed. */
export async function exchange(
  now: number,
  ctx: FuzzContext,
  auth: Authenticator,
  conn: Connection,
  frame: FuzzFrame,
  current: number,
  stats: Map<string, number>,
): Promise<boolean> {
  const expected = await expect(frame, auth, now);
  conn.ws.socket.send(frame.data);
  const text = await reply(conn.ws);
  const where = redactText(
    `frame ${JSON.stringify(String(frame.data).slice(0, 120))}`,
    [],
  );
  if (text === null) {
    // Closed without an answer: the contract's close, or an unsolicited
    // one (subscribe deadline, token expiry) that raced with this frame.
    const closed = conn.ws.closedWith!;
    const late = !conn.subscribed && now - conn.openedAt >= 10_000;
    const expired = conn.expiresAt !== null && conn.expiresAt <= now;
    if (expected.kind === "close") {
      assert.deepEqual(closed, {
        code: expected.code,
        reason: expected.reason,
      });
    } else if (late) {
      assert.deepEqual(closed, { code: 1008, reason: "No subscribe in time" });
    } else {
      assert.ok(expired, `${where}: unexpected close ${closed.code}`);
      assert.deepEqual(closed, { code: 4001, reason: "Token expired" });
    }
    count(stats, `close ${closed.code}`);
    return false;
  }
  const answer = JSON.parse(text) as Msg;
  if (answer.code === "rate_limited") {
    count(stats, "rate_limited");
    return true;
  }
  if (expected.kind === "answer") {
    checkAnswer(answer, expected, ctx, current);
    conn.subscribed = true;
    conn.expiresAt = expected.principal.expiresAt;
    count(stats, answer.type as string);
    return true;
  }
  assert.notEqual(expected.kind, "close", `${where}: answered ${text}`);
  const want = expected as Extract<Expected, { frame: Msg }>;
  assert.deepEqual(answer, want.frame, where);
  count(stats, `${answer.type}${answer.code ? ` ${answer.code}` : ""}`);
  if (want.kind === "close-after") {
    assert.deepEqual(await conn.ws.waitClosed(), {
      code: want.code,
      reason: want.reason,
    });
    count(stats, `close ${want.code}`);
    return false;
  }
  return true;
}

/** Adds one to `stats[key]`. */
export function count(stats: Map<string, number>, key: string): void {
  stats.set(key, (stats.get(key) ?? 0) + 1);
}
