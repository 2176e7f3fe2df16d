/**
 * A fake notification client for the push ingest tests: it records every
 * call, keeps one channel per session whose health the test sets, and lets
 * the test deliver events (frames) at will.
 *
 * @module
 */

import assert from "node:assert/strict";
import type {
  ChannelHealth,
  ChannelTopic,
  GenesysNotifications,
  NotificationEvent,
  NotificationSession,
  QueueObservationMetric,
} from "../../src/genesys/mod.ts";
import type { Clock } from "../../src/clock.ts";
import type { PollerStatus } from "../../src/poller/mod.ts";
import { PollerClock } from "../_support/mod.ts";
import { type Harness, startPoller } from "./_fakes.ts";

/** An event without the fields the fake stamps on it. */
export type Frame = NotificationEvent extends infer E
  ? E extends NotificationEvent ? Omit<E, "channelId" | "receivedAt"> : never
  : never;

/** One recorded call of the fake. */
export interface PushCall {
  method: "open" | "setTopics" | "renew" | "reconnect" | "ping" | "close";
  at: number;
  topics?: readonly string[];
}

/** A fake `GenesysNotifications` on fake time. */
export class FakePush implements GenesysNotifications {
  readonly calls: PushCall[] = [];
  /** The channel of the open session (null before `open`). */
  channel: ChannelHealth | null = null;
  /** Channel lifetime the fake announces, ms. */
  lifetimeMs = 24 * 60 * 60 * 1000;
  /** Errors the next calls of a method throw, in order. */
  readonly failures = new Map<PushCall["method"], unknown[]>();
  /** Topics rejected at every subscription. */
  reject: (topic: string) => ChannelTopic | null = () => null;
  /** Answer pings with a pong (at once, after the caller returns). */
  answerPings = true;
  #onEvent: ((event: NotificationEvent) => void) | null = null;
  #sessions = 0;

  constructor(readonly clock: Clock) {}

  /** Calls of one method. */
  callsOf(method: PushCall["method"]): PushCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Makes the next calls of `method` throw `errors`, one per call. */
  fail(method: PushCall["method"], ...errors: unknown[]): void {
    this.failures.set(method, [
      ...(this.failures.get(method) ?? []),
      ...errors,
    ]);
  }

  /** Delivers `event` (stamped with the channel and now) as a frame. */
  emit(event: Frame): void {
    const channel = this.channel!;
    const now = this.clock.now();
    channel.lastMessageAt = now;
    if (event.kind === "heartbeat") channel.lastHeartbeatAt = now;
    this.#onEvent?.({
      ...event,
      channelId: channel.id,
      receivedAt: now,
    } as NotificationEvent);
  }

  /** A heartbeat frame. */
  heartbeat(): void {
    this.emit({ kind: "heartbeat" });
  }

  /** A queue observation frame for the group of `mediaType` (null: users). */
  observation(
    queueId: string,
    mediaType: string | null,
    metrics: QueueObservationMetric[],
    observedAt = this.clock.now(),
  ): void {
    const t = new Date(observedAt).toISOString();
    this.emit({
      kind: "queueObservation",
      topicName: `v2.analytics.queues.${queueId}.observations`,
      queueId,
      mediaType,
      interval: `${t}/${t}`,
      observedAt,
      metrics,
    });
  }

  /** Closes the socket the way Genesys does (the `closed` event). */
  drop(code = 4001, reason = "Dropped"): void {
    const channel = this.channel!;
    Object.assign(channel, {
      open: false,
      closedAt: this.clock.now(),
      closeCode: code,
      closeReason: reason,
    });
    this.#onEvent?.({
      kind: "closed",
      channelId: channel.id,
      receivedAt: this.clock.now(),
      code,
      reason,
    });
  }

  // deno-lint-ignore require-await
  async open(
    topics: readonly string[],
    options: { onEvent(event: NotificationEvent): void },
  ): Promise<NotificationSession> {
    this.#record("open", topics);
    const now = this.clock.now();
    this.#onEvent = options.onEvent;
    this.channel = {
      id: `channel-${++this.#sessions}`,
      connectUri: "wss://streaming.test/channel",
      topics: [],
      rejected: [],
      open: true,
      expiresAt: now + this.lifetimeMs,
      openedAt: now,
      lastHeartbeatAt: null,
      lastMessageAt: null,
      closedAt: null,
      closeCode: null,
      closeReason: null,
    };
    this.#subscribe(topics);
    const channel = this.channel;
    const session: NotificationSession = {
      health: () => [{ ...channel, topics: [...channel.topics] }],
      setTopics: (next) =>
        this.#call("setTopics", next, () => this.#subscribe(next)),
      renew: () =>
        this.#call(
          "renew",
          channel.topics,
          () => this.#subscribe(channel.topics),
        ),
      reconnect: () =>
        this.#call("reconnect", undefined, () => {
          if (channel.open) return;
          Object.assign(channel, { open: true, openedAt: this.clock.now() });
        }),
      ping: () => {
        this.#record("ping");
        if (this.answerPings && channel.open) {
          queueMicrotask(() => {
            if (this.channel === channel) this.emit({ kind: "pong" });
          });
        }
      },
      close: () => {
        this.#record("close");
        channel.open = false;
      },
    };
    return session;
  }

  #subscribe(topics: readonly string[]): void {
    const channel = this.channel!;
    channel.topics = [...topics];
    channel.rejected = topics.flatMap((t) => this.reject(t) ?? []);
    channel.expiresAt = this.clock.now() + this.lifetimeMs;
  }

  #call(
    method: PushCall["method"],
    topics: readonly string[] | undefined,
    work: () => void,
  ): Promise<void> {
    try {
      this.#record(method, topics);
      work();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #record(method: PushCall["method"], topics?: readonly string[]): void {
    this.calls.push({
      method,
      at: this.clock.now(),
      ...(topics ? { topics: [...topics] } : {}),
    });
    const error = this.failures.get(method)?.shift();
    if (error !== undefined) throw error;
  }
}

/** Start of fake time. */
export const T0 = Date.parse("2026-11-27T10:00:00.000Z");
/** Reconcile interval of the harness, ms. */
export const RECONCILE = 60_000;
/** Commit coalescing of the harness, ms. */
export const COMMIT = 250;

/** A poller on fakes fed by a fake notification client. */
export interface PushHarness extends Harness {
  clock: PollerClock;
  push: FakePush;
  /** Times (since T0) of one API method's calls. */
  at(method: Parameters<Harness["api"]["callsOf"]>[0]): number[];
  /** The status record after the last change. */
  status(): PollerStatus;
  /** Times (since T0) at which versions were committed. */
  commitTimes(): number[];
}

/** Starts `poll()` on fakes with push (5 s polls). */
export async function startPush(
  prepare: (push: FakePush) => void = () => {},
): Promise<PushHarness> {
  const clock = new PollerClock(T0);
  const push = new FakePush(clock);
  prepare(push);
  const commits: number[] = [];
  const h = await startPoller({
    clock,
    push: {
      notifications: push,
      reconcileIntervalMs: RECONCILE,
      commitMs: COMMIT,
    },
  });
  const store = h.store;
  const commit = store.commit.bind(store);
  store.commit = (data, fence) => {
    commits.push(clock.now() - T0);
    return commit(data, fence);
  };
  await clock.advance(0);
  return Object.assign(h, {
    clock,
    push,
    at: (method: Parameters<Harness["api"]["callsOf"]>[0]) =>
      h.api.callsOf(method).map((c) => c.at - T0),
    status: () => h.of("status").at(-1)!.status,
    commitTimes: () => commits,
  });
}

/** The status record's `ingest` and push state, as they changed. */
export function states(h: PushHarness): string[] {
  const out: string[] = [];
  for (const { status } of h.of("status")) {
    const state = `${status.ingest} ${status.push?.state}`;
    if (out.at(-1) !== state) out.push(state);
  }
  return out;
}

/**
 * Runs to 10 s: the socket opened at 0 is pinged at once and answers, so
 * push takes over at the poll of 5 s.
 */
export async function live(h: PushHarness): Promise<void> {
  await h.clock.advance(10_000);
  assert.equal(h.status().ingest, "push");
}
