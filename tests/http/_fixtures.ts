/**
 * Fixtures of the HTTP tests: a hand-built snapshot, a fake `Realtime` that
 * records what reaches it, a config, and an app wired to them.
 *
 * @module
 */

import type { Hono } from "hono";
import { createAuthenticator } from "../../src/auth/mod.ts";
import type { Principal } from "../../src/auth/mod.ts";
import type { AuthConfig } from "../../src/auth/mod.ts";
import type { Logger } from "../../src/log.ts";
import type {
  Realtime,
  RealtimeMetrics,
  SubscriptionFilter,
} from "../../src/realtime/contracts.ts";
import type { Freshness } from "../../src/realtime/mod.ts";
import type {
  AgentState,
  QueueState,
  Snapshot,
} from "../../src/snapshot/mod.ts";
import { type AppEnv, type AppOptions, createApp } from "../../src/http/mod.ts";
import { agentState, FakeClock, queueState } from "../_support/mod.ts";
import { NOW, secretConfig } from "../auth/tokens.ts";

/** Queue `n` of the test snapshot: its figures are multiples of `n`. */
function queue(id: string, name: string, n: number): QueueState {
  return queueState(id, {
    name,
    divisionId: "d-1",
    waiting: n,
    interacting: 2 * n,
    alerting: 1,
    oldestWaitingSince: `2026-11-27T09:5${n}:00.000Z`,
    byMedia: { voice: { waiting: n, interacting: 2 * n, alerting: 1 } },
    agents: {
      members: 4 * n,
      active: 3 * n,
      onQueue: 2 * n,
      offQueue: n,
      idle: n,
      interacting: n,
    },
    today: {
      offered: 10 * n,
      answered: 9 * n,
      abandoned: n,
      serviceLevel: 0.8,
      serviceLevelTarget: 0.8,
      abandonRate: 0.1,
      ahtMs: 300_000,
      asaMs: 20_000,
    },
  });
}

/** Agent `id` of the test snapshot, idle since 09:00, on queue since 08:00. */
function agent(id: string, queueIds: string[]): AgentState {
  return agentState(id, queueIds, {
    routingStatusSince: "2026-11-27T09:00:00.000Z",
    presenceSince: "2026-11-27T08:00:00.000Z",
  });
}

/** Three queues (Support q-1, Billing q-2, Sales q-3) and three agents. */
export function testSnapshot(): Snapshot {
  const sums = (n: number) => ({
    slNumerator: 8 * n,
    slDenominator: 10 * n,
    handleSumMs: 300_000 * 9 * n,
    handleCount: 9 * n,
    answeredSumMs: 20_000 * 9 * n,
    answeredCount: 9 * n,
  });
  return {
    epoch: "ep-1",
    version: 41,
    fetchedAt: "2026-11-27T09:59:58.000Z",
    committedAt: "2026-11-27T09:59:58.500Z",
    source: "simulator",
    queues: {
      "q-1": queue("q-1", "Support", 1),
      "q-2": queue("q-2", "Billing", 2),
      "q-3": queue("q-3", "Sales", 3),
    },
    agents: {
      "u-1": agent("u-1", ["q-1", "q-2"]),
      "u-2": agent("u-2", ["q-2"]),
      "u-3": agent("u-3", ["q-3"]),
    },
    sums: { "q-1": sums(1), "q-2": sums(2), "q-3": sums(3) },
    trend: {},
    trendSums: {},
  };
}

/** A `Realtime` holding a hand-built snapshot and recording every call. */
export class FakeRealtime implements Realtime {
  snapshot: Snapshot | null;
  isStale = false;
  staleReason: string | null = null;
  upgrades: { req: Request; remoteAddr: string }[] = [];
  streams: {
    principal: Principal;
    filter: SubscriptionFilter;
    lastEventId: string | null;
  }[] = [];
  counters: RealtimeMetrics = {
    websockets: 2,
    sseStreams: 1,
    framesSent: 120,
    bytesSent: 45_678,
    slowClosed: 1,
    rateLimitClosed: 3,
    resumed: 5,
    resumeMissed: 2,
    version: 41,
  };

  constructor(snapshot: Snapshot | null = testSnapshot()) {
    this.snapshot = snapshot;
  }

  upgrade(req: Request, remoteAddr: string): Response {
    this.upgrades.push({ req, remoteAddr });
    return new Response("upgraded", { status: 200 });
  }

  stream(
    _req: Request,
    principal: Principal,
    filter: SubscriptionFilter,
    lastEventId: string | null,
  ): Response {
    this.streams.push({ principal, filter, lastEventId });
    return new Response("data: {}\n\n", {
      headers: { "content-type": "text/event-stream" },
    });
  }

  current(): Snapshot | null {
    return this.snapshot;
  }

  stale(): boolean {
    return this.isStale;
  }

  freshness(): Freshness {
    return { stale: this.isStale, reason: this.staleReason };
  }

  connections(): number {
    return this.counters.websockets + this.counters.sseStreams;
  }

  metrics(): RealtimeMetrics {
    return this.counters;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The HTTP settings `createApp` reads. */
export type AppSettings = AppOptions["settings"];

/** HTTP settings of the tests: one allowed origin, no metrics token. */
export function testSettings(extra: Partial<AppSettings> = {}): AppSettings {
  return {
    allowedOrigins: ["https://board.example"],
    metricsToken: null,
    frameAncestors: "'none'",
    ...extra,
  };
}

/** A logger that keeps every line as written, without redaction. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  function write(level: string) {
    return (msg: string, fields?: Record<string, unknown>) => {
      lines.push(
        JSON.stringify(
          { level, msg, ...fields },
          (_k, v) =>
            v instanceof Error
              ? { name: v.name, message: v.message, stack: v.stack }
              : v,
        ),
      );
    };
  }
  return {
    lines,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    redact: () => {},
  };
}

/** The app under test and what it was built on. */
export interface TestApp {
  app: Hono<AppEnv>;
  realtime: FakeRealtime;
  clock: FakeClock;
  log: Logger & { lines: string[] };
}

/** Builds an app on a fake realtime, a fake clock and HS256 auth (unless `authConfig` or `auth` says otherwise). */
export function testApp(
  options: Partial<AppOptions> & {
    settingsExtra?: Partial<AppSettings>;
    authConfig?: AuthConfig;
  } = {},
): TestApp {
  const clock = new FakeClock(NOW);
  const realtime = options.realtime as FakeRealtime ?? new FakeRealtime();
  const log = captureLogger();
  const auth = options.auth ??
    createAuthenticator(options.authConfig ?? secretConfig(), { clock });
  const app = createApp({
    realtime,
    auth,
    settings: options.settings ?? testSettings(options.settingsExtra),
    clock,
    log,
    page: options.page,
    boards: options.boards,
    connectRate: options.connectRate,
    metrics: options.metrics,
  });
  return { app, realtime, clock, log };
}

/** `Authorization` header for `token`. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** A finished answer: status, headers and body text. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // deno-lint-ignore no-explicit-any
  json: any;
}

/** Sends one request through `app.request` and reads the whole answer. */
export async function call(
  app: Hono<AppEnv>,
  path: string,
  headers: Record<string, string> = {},
  env?: AppEnv["Bindings"],
): Promise<Answer> {
  const res = await app.request(path, { headers }, env);
  const text = await res.text();
  let json: unknown = undefined;
  if (res.headers.get("content-type")?.startsWith("application/json")) {
    json = JSON.parse(text);
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Fails when any of `secrets` appears in `texts`. */
export function assertNoSecrets(
  texts: readonly string[],
  secrets: readonly string[],
): void {
  for (const text of texts) {
    for (const secret of secrets) {
      if (text.includes(secret)) {
        throw new Error(`Secret leaked into: ${text.slice(0, 200)}`);
      }
    }
  }
}
