/**
 * Fakes for the poller tests: a Genesys API that records its calls and
 * fails on demand, a build that records its inputs, and a poller started
 * on them with the shared `FakeStore` behind the lease fence.
 *
 * @module
 */

import type { Clock } from "../../src/clock.ts";
import type {
  ConversationAggregateQueryResponse,
  GenesysApi,
  Queue,
  QueueObservationQueryResponse,
  RateLimitState,
  RoutingActivityResponse,
  User,
} from "../../src/genesys/types.ts";
import type { BuildOptions, PollInput } from "../../src/snapshot/contracts.ts";
import type { SnapshotData } from "../../src/snapshot/model.ts";
import {
  createLease,
  type Lease,
  poll,
  type PollEvent,
  type PollOptions,
} from "../../src/poller/mod.ts";
import {
  FakeClock,
  FakeStore,
  type LogLine,
  recordingLogger,
  settle,
} from "../_support/mod.ts";

/** An API error shaped like `GenesysApiError`. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly retryAfterMs: number | null = null,
    readonly missingPermissions: string[] = [],
  ) {
    super(`Genesys answered ${status}: ${code}`);
    this.name = "GenesysApiError";
  }
}

/** A 403 `missing.permissions` naming `permissions`. */
export function forbidden(...permissions: string[]): FakeApiError {
  return new FakeApiError(403, "missing.permissions", null, permissions);
}

/** One recorded API call. */
export interface ApiCall {
  method: keyof Omit<GenesysApi, "rateLimit">;
  at: number;
  ids: readonly string[];
  interval?: string;
}

/** Options of {@linkcode FakeApi}. */
export interface FakeApiOptions {
  queues?: Queue[];
  /** User ids routing activity reports (all in the first queue). */
  agentIds?: string[];
  /** Fake time each call takes. */
  latencyMs?: number;
}

/** A `GenesysApi` on fake time that records calls and fails on demand. */
export class FakeApi implements GenesysApi {
  readonly calls: ApiCall[] = [];
  queues: Queue[];
  agentIds: string[];
  /** Replaces the routing activity answer (truncated lists, several queues). */
  activity: ((queueIds: readonly string[]) => RoutingActivityResponse) | null =
    null;
  latencyMs: number;
  /** Errors thrown by the next calls of a method, in order. */
  readonly failures = new Map<ApiCall["method"], unknown[]>();

  constructor(readonly clock: Clock, options: FakeApiOptions = {}) {
    this.queues = options.queues ?? makeQueues(3);
    this.agentIds = options.agentIds ?? ["u-1", "u-2"];
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Makes the next calls of `method` throw `errors`, one per call. */
  fail(method: ApiCall["method"], ...errors: unknown[]): void {
    this.failures.set(method, [
      ...(this.failures.get(method) ?? []),
      ...errors,
    ]);
  }

  /** Calls of one method. */
  callsOf(method: ApiCall["method"]): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async listQueues(signal?: AbortSignal): Promise<Queue[]> {
    await this.#call("listQueues", [], signal);
    return this.queues;
  }

  async queueObservations(
    queueIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<QueueObservationQueryResponse> {
    await this.#call("queueObservations", queueIds, signal);
    return {
      results: queueIds.map((queueId) => ({
        group: { queueId },
        data: [{ metric: "oWaiting", stats: { count: 1 } }],
      })),
    };
  }

  async todayAggregates(
    queueIds: readonly string[],
    interval: string,
    _timeZone: string,
    signal?: AbortSignal,
  ): Promise<ConversationAggregateQueryResponse> {
    await this.#call("todayAggregates", queueIds, signal, interval);
    return { results: [] };
  }

  async routingActivity(
    queueIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<RoutingActivityResponse> {
    await this.#call("routingActivity", queueIds, signal);
    if (this.activity) return this.activity(queueIds);
    return {
      results: [{
        group: { queueId: queueIds[0] },
        entities: this.agentIds.map((userId) => ({ userId })),
      }],
    };
  }

  async getUsers(
    userIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<User[]> {
    await this.#call("getUsers", userIds, signal);
    return userIds.map((id) => ({ id, name: `Agent ${id}` }));
  }

  /** Genesys sends no rate-limit headers any more: nothing to report. */
  rateLimit(): RateLimitState | null {
    return null;
  }

  async #call(
    method: ApiCall["method"],
    ids: readonly string[],
    signal?: AbortSignal,
    interval?: string,
  ): Promise<void> {
    signal?.throwIfAborted();
    this.calls.push({ method, at: this.clock.now(), ids: [...ids], interval });
    if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs, signal);
    const errors = this.failures.get(method);
    if (errors?.length) throw errors.shift();
  }
}

/** `n` queues `q-1…q-n` named `Queue 1…n`. */
export function makeQueues(n: number, name = (i: number) => `Queue ${i}`) {
  return Array.from({ length: n }, (_, k) => ({
    id: `q-${k + 1}`,
    name: name(k + 1),
  }));
}

/** A build that records its inputs and returns minimal snapshot data. */
export function fakeBuild() {
  const inputs: { input: PollInput; options: BuildOptions }[] = [];
  function build(input: PollInput, options: BuildOptions): SnapshotData {
    inputs.push({ input, options });
    return {
      fetchedAt: new Date(options.fetchedAt).toISOString(),
      source: options.source,
      queues: {},
      agents: {},
      sums: {},
      trend: {},
      trendSums: {},
    };
  }
  return { build, inputs };
}

/** Drains an event stream in the background. */
export function collect(events: AsyncIterable<PollEvent>) {
  const seen: PollEvent[] = [];
  const done = (async () => {
    for await (const event of events) seen.push(event);
  })();
  return { events: seen, done };
}

/** Lets pending KV I/O and promise chains finish at the current fake time. */
export async function quiesce(): Promise<void> {
  await settle(10);
}

/**
 * Advances fake time by `ms`, stopping at every sleeper's deadline and
 * letting the woken work (KV included) finish before time moves on, so
 * recorded times are exact.
 */
export async function advance(clock: FakeClock, ms: number): Promise<void> {
  const target = clock.now() + ms;
  while (true) {
    await quiesce();
    const at = clock.nextAt;
    if (at === null || at > target) break;
    await clock.tickAsync(at - clock.now());
  }
  await clock.tickAsync(target - clock.now());
  await quiesce();
}

/** Advances in deadline steps until `predicate()` holds; fails after `maxMs`. */
export async function advanceUntil(
  clock: FakeClock,
  predicate: () => boolean,
  maxMs = 600_000,
): Promise<void> {
  const limit = clock.now() + maxMs;
  await quiesce();
  while (!predicate()) {
    const at = clock.nextAt;
    if (at === null || at > limit) {
      throw new Error(
        `Cannot reach condition: still false after ${maxMs} ms of fake time`,
      );
    }
    await clock.tickAsync(at - clock.now());
    await quiesce();
  }
}

/** Options of {@linkcode startPoller}. */
export interface HarnessOptions extends Partial<PollOptions> {
  kv?: Deno.Kv;
  clock?: FakeClock;
  owner?: string;
  ttlMs?: number;
  apiOptions?: FakeApiOptions;
}

/** A running poller on fakes, and what it did. */
export interface Harness {
  kv: Deno.Kv;
  clock: FakeClock;
  api: FakeApi;
  store: FakeStore;
  inputs: ReturnType<typeof fakeBuild>["inputs"];
  lease: Lease;
  lines: LogLine[];
  controller: AbortController;
  events: PollEvent[];
  done: Promise<void>;
  /** Events of one type. */
  of<T extends PollEvent["type"]>(type: T): Extract<PollEvent, { type: T }>[];
  /** Aborts the loop and waits for it to end (closes the KV when it owns it). */
  stop(): Promise<void>;
}

/**
 * Starts `poll()` on fakes: 5 s polls, 30 s aggregates, 12 s staleness, UTC,
 * jitter at its middle (`random` 0.5), a fresh in-memory KV and fake clock
 * unless given, and a 15 s lease: renewed every 5 s, on the poll grid, so
 * renewals add no extra stops of fake time (leadership tests pass the
 * default `DEFAULT_LEASE_TTL_MS`).
 */
export async function startPoller(
  options: HarnessOptions = {},
): Promise<Harness> {
  const ownsKv = options.kv === undefined;
  const kv = options.kv ?? await Deno.openKv(":memory:");
  const clock = options.clock ?? new FakeClock();
  const api = (options.api as FakeApi | undefined) ??
    new FakeApi(clock, options.apiOptions);
  const store = (options.store as FakeStore | undefined) ??
    new FakeStore({ kv, clock });
  const { build, inputs } = fakeBuild();
  const lease = options.lease ?? createLease({
    kv,
    owner: options.owner ?? "owner-a",
    ttlMs: options.ttlMs ?? 15_000,
    clock,
  });
  const { log, lines } = recordingLogger();
  const controller = new AbortController();
  const { events, done } = collect(poll({
    build,
    log,
    source: "simulator",
    pollIntervalMs: 5000,
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
    timeZone: "UTC",
    random: () => 0.5,
    ...options,
    api,
    store,
    lease,
    kv,
    clock,
    signal: controller.signal,
  }));
  return {
    kv,
    clock,
    api,
    store,
    inputs,
    lease,
    lines,
    controller,
    events,
    done,
    of<T extends PollEvent["type"]>(type: T) {
      return events.filter((e) => e.type === type) as Extract<
        PollEvent,
        { type: T }
      >[];
    },
    async stop() {
      controller.abort();
      await done;
      if (ownsKv) kv.close();
    },
  };
}
