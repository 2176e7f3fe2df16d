/**
 * The figures of simulated days (private to `scripts/`, used by
 * `sim_report.ts`): a whole day polled every few minutes through the real
 * Genesys client, snapshots with the default alert rules, and the day's
 * aggregates per 30 minutes.
 *
 * @module
 */

import type { Clock } from "../src/clock.ts";
import {
  type AggregateDataContainer,
  createGenesysClient,
  type Queue,
} from "../src/genesys/mod.ts";
import { createSimulator } from "../src/simulator/mod.ts";
import {
  buildSnapshot,
  DEFAULT_ALERT_RULES,
  type SnapshotData,
} from "../src/snapshot/mod.ts";
import { createZone } from "../src/time_zone.ts";

/** What `dayFigures` simulates. */
export interface DayOptions {
  seed: number;
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  timeZone?: string;
  queues?: number;
  agents?: number;
  /** Minutes between polls (alert share and occupancy); default 1. */
  stepMinutes?: number;
}

/** One queue's day. */
export interface QueueDay {
  name: string;
  offered: number;
  serviceLevel: number | null;
  target: number | null;
  abandonRate: number | null;
}

/** The figures of one simulated day. */
export interface DayFigures {
  seed: number;
  offered: number;
  /** Queues whose day service level is within their target ± 15 points. */
  withinTarget: number;
  abandonRate: number;
  asaMs: number;
  voiceAhtMs: number;
  /** Interacting share of on-queue agent time in the busy half-hours. */
  busyOccupancy: number;
  /** Share of queue-minutes with at least one alert. */
  alertShare: number;
  /** Share of queue-minutes each alert rule fired, by rule name. */
  ruleShare: Record<string, number>;
  /** Offered per half-hour from 00:00 to 05:00, over the busiest 4's. */
  nightShare: number;
  /** Fewest conversations offered in any half-hour of the day. */
  quietestHalfHour: number;
  /** Wall-clock ms to build the org and simulate the whole day, unpolled. */
  simulateMs: number;
  queues: QueueDay[];
}

/** One minute, ms. */
export const MINUTE = 60_000;
const HALF_HOUR = 30 * MINUTE;
/** Half-hours whose offered is at least this share of the busiest are busy. */
const BUSY_SHARE = 0.75;
const WINDOW = 0.15;
const SIM = "http://sim.local";

interface Sums {
  offered: number;
  answered: number;
  answeredMs: number;
  abandoned: number;
  slNumerator: number;
  slDenominator: number;
  voiceHandleMs: number;
  voiceHandled: number;
  target: number | null;
}

function emptySums(): Sums {
  return {
    offered: 0,
    answered: 0,
    answeredMs: 0,
    abandoned: 0,
    slNumerator: 0,
    slDenominator: 0,
    voiceHandleMs: 0,
    voiceHandled: 0,
    target: null,
  };
}

function addGroup(sums: Sums, group: AggregateDataContainer): void {
  const voice = group.group.mediaType === "voice";
  for (const bucket of group.data) {
    for (const { metric, stats } of bucket.metrics) {
      if (metric === "nOffered") sums.offered += stats.count ?? 0;
      if (metric === "tAnswered") {
        sums.answered += stats.count ?? 0;
        sums.answeredMs += stats.sum ?? 0;
      }
      if (metric === "tAbandon") sums.abandoned += stats.count ?? 0;
      if (metric === "oServiceLevel") {
        sums.slNumerator += stats.numerator ?? 0;
        sums.slDenominator += stats.denominator ?? 0;
        if (voice || sums.target === null) sums.target = stats.target ?? null;
      }
      if (metric === "tHandle" && voice) {
        sums.voiceHandleMs += stats.sum ?? 0;
        sums.voiceHandled += stats.count ?? 0;
      }
    }
  }
}

/** A bearer-token `GET`/`POST` against the simulator. */
type Call = (path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** A caller that logs in again when its token expires (a 25-hour day). */
function caller(fetch: typeof globalThis.fetch): Call {
  let token = "";
  async function login(): Promise<void> {
    const res = await fetch(`${SIM}/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa("sim-client:sim-secret")}` },
      body: new URLSearchParams({ grant_type: "client_credentials" }),
    });
    token = (await res.json()).access_token;
  }
  return async function call(path, body) {
    if (token === "") await login();
    const res = await fetch(`${SIM}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status !== 401) return await res.json();
    await res.body?.cancel();
    token = "";
    return await call(path, body);
  };
}

/** On-queue agents now, and how many of them interact. */
async function agentStates(call: Call) {
  const page = await call(
    "/api/v2/users?expand=presence,routingStatus&pageSize=500",
  );
  let onQueue = 0;
  let interacting = 0;
  for (const u of page.entities as Record<string, Record<string, unknown>>[]) {
    const presence = u.presence?.presenceDefinition as {
      systemPresence: string;
    };
    if (presence.systemPresence !== "ON_QUEUE") continue;
    onQueue++;
    if (u.routingStatus?.status === "INTERACTING") interacting++;
  }
  return { onQueue, interacting };
}

/** The whole day's aggregates, per 30 minutes. */
async function wholeDay(
  call: Call,
  ids: string[],
  start: number,
  end: number,
  timeZone: string,
): Promise<AggregateDataContainer[]> {
  const answer = await call(
    "/api/v2/analytics/conversations/aggregates/query",
    {
      interval: `${new Date(start).toISOString()}/${
        new Date(end).toISOString()
      }`,
      granularity: "PT30M",
      timeZone,
      groupBy: ["queueId", "mediaType"],
      filter: {
        type: "or",
        predicates: ids.map((value) => ({ dimension: "queueId", value })),
      },
      metrics: [
        "nOffered",
        "tAnswered",
        "tAbandon",
        "tHandle",
        "oServiceLevel",
      ],
    },
  );
  return (answer.results ?? []) as AggregateDataContainer[];
}

interface Polls {
  interacting: number[];
  onQueue: number[];
  alerted: number;
  queueMinutes: number;
  rules: Record<string, number>;
}

/** Builds the simulator and simulates the day at once (one query at its end). */
async function timeDay(options: DayOptions, end: number): Promise<number> {
  const started = performance.now();
  const sim = createSimulator({
    seed: options.seed,
    queues: options.queues,
    agents: options.agents,
    timeZone: options.timeZone,
    clock: { now: () => end - 1, sleep: () => Promise.resolve() },
  });
  await caller(sim.fetch)("/api/v2/routing/queues?pageSize=1");
  await caller(sim.fetch)("/api/v2/users?expand=presence&pageSize=1");
  return performance.now() - started;
}

function summarise(
  seed: number,
  queues: Queue[],
  day: AggregateDataContainer[],
  polls: Polls,
  dayStart: number,
): Omit<DayFigures, "simulateMs"> {
  const all = emptySums();
  const perQueue = new Map(queues.map((q) => [q.id, emptySums()]));
  const bySlot = new Array<number>(polls.onQueue.length).fill(0);
  for (const group of day) {
    addGroup(all, group);
    addGroup(perQueue.get(group.group.queueId!)!, group);
    for (const bucket of group.data) {
      const slot = Math.floor(
        (Date.parse(bucket.interval.split("/")[0]) - dayStart) / HALF_HOUR,
      );
      for (const m of bucket.metrics) {
        if (m.metric === "nOffered") bySlot[slot] += m.stats.count ?? 0;
      }
    }
  }
  const busiest = Math.max(...bySlot);
  const top = [...bySlot].sort((a, b) => b - a).slice(0, 4);
  const night = bySlot.slice(0, 10);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  let busy = 0;
  let on = 0;
  bySlot.forEach((offered, slot) => {
    if (offered < BUSY_SHARE * busiest) return;
    busy += polls.interacting[slot];
    on += polls.onQueue[slot];
  });
  const ratio = (a: number, b: number) => b > 0 ? a / b : null;
  const days: QueueDay[] = queues.map((q) => {
    const s = perQueue.get(q.id)!;
    return {
      name: q.name,
      offered: s.offered,
      serviceLevel: ratio(s.slNumerator, s.slDenominator),
      target: s.target,
      abandonRate: ratio(s.abandoned, s.offered),
    };
  });
  const ruleShare: Record<string, number> = {};
  for (const [rule, n] of Object.entries(polls.rules).sort()) {
    ruleShare[rule] = n / polls.queueMinutes;
  }
  return {
    seed,
    offered: all.offered,
    withinTarget:
      days.filter((d) =>
        d.serviceLevel !== null && d.target !== null &&
        Math.abs(d.serviceLevel - d.target) <= WINDOW + 1e-9
      ).length,
    abandonRate: all.abandoned / all.offered,
    asaMs: all.answeredMs / all.answered,
    voiceAhtMs: all.voiceHandleMs / all.voiceHandled,
    busyOccupancy: busy / on,
    alertShare: polls.alerted / polls.queueMinutes,
    ruleShare,
    nightShare: mean(night) / mean(top),
    quietestHalfHour: Math.min(...bySlot),
    queues: days,
  };
}

/** Simulates one day and measures it. */
export async function dayFigures(options: DayOptions): Promise<DayFigures> {
  const timeZone = options.timeZone ?? "UTC";
  const zone = createZone(timeZone);
  const dayStart = zone.startOfDay(Date.parse(`${options.date}T12:00:00Z`));
  const dayEnd = zone.nextDayStart(dayStart);
  let now = dayStart;
  const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
  const sim = createSimulator({
    seed: options.seed,
    queues: options.queues,
    agents: options.agents,
    timeZone,
    clock,
  });
  const api = createGenesysClient({
    apiUrl: SIM,
    loginUrl: SIM,
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: sim.fetch,
    clock,
  });
  const call = caller(sim.fetch);
  const queues = await api.listQueues();
  const ids = queues.map((q) => q.id);
  const step = (options.stepMinutes ?? 1) * MINUTE;
  const from = zone.isoWithOffset(dayStart);
  const slots = Math.ceil((dayEnd - dayStart) / HALF_HOUR);
  const polls: Polls = {
    interacting: new Array<number>(slots).fill(0),
    onQueue: new Array<number>(slots).fill(0),
    alerted: 0,
    queueMinutes: 0,
    rules: {},
  };
  let previous: SnapshotData | null = null;
  for (now = dayStart + step; now < dayEnd; now += step) {
    const interval = `${from}/${zone.isoWithOffset(now)}`;
    const [observations, aggregates, agents] = await Promise.all([
      api.queueObservations(ids),
      api.todayAggregates(ids, interval, timeZone),
      agentStates(call),
    ]);
    previous = buildSnapshot({
      queues,
      observations,
      aggregates,
      aggregateInterval: interval,
      activity: { entityIdDimension: "userId", results: [] },
      users: {},
    }, {
      source: "simulator",
      fetchedAt: now,
      rules: [...DEFAULT_ALERT_RULES],
      previous,
    });
    for (const q of Object.values(previous.queues)) {
      polls.queueMinutes++;
      if (q.alerts.length > 0) polls.alerted++;
      for (const rule of new Set(q.alerts.map((a) => a.rule))) {
        polls.rules[rule] = (polls.rules[rule] ?? 0) + 1;
      }
    }
    const slot = Math.floor((now - dayStart) / HALF_HOUR);
    polls.interacting[slot] += agents.interacting;
    polls.onQueue[slot] += agents.onQueue;
  }
  now = dayEnd - 1;
  const day = await wholeDay(call, ids, dayStart, dayEnd, timeZone);
  return {
    ...summarise(options.seed, queues, day, polls, dayStart),
    simulateMs: await timeDay({ ...options, timeZone }, dayEnd),
  };
}
