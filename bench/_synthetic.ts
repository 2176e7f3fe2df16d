/**
 * A seeded synthetic contact centre for the byte and micro benchmarks: it
 * renders Genesys-shaped poll answers (shapes as docs/genesys.md describes
 * them, "today" in 30-minute buckets) and moves a chosen fraction of queues
 * and agents per tick, or refreshes "today" of a fraction of queues, so the real
 * snapshot builder, diff and frame builders can be measured on realistic
 * input without the simulator.
 *
 * @module
 */

import type { Queue, User } from "../src/genesys/types.ts";
import type { Snapshot, SnapshotData } from "../src/snapshot/mod.ts";

export { aggregateGroup, pollInput } from "./_poll_input.ts";

const MEDIA = ["voice", "chat", "email"] as const;
const STATUSES = [
  "IDLE",
  "INTERACTING",
  "INTERACTING",
  "COMMUNICATING",
  "NOT_RESPONDING",
  "OFF_QUEUE",
] as const;
const PRESENCES = ["ON_QUEUE", "ON_QUEUE", "ON_QUEUE", "AVAILABLE", "BREAK"];
const GROUP_SIZE = 5;
const NAMES = ["Support", "Sales", "Billing", "Claims", "Retention", "Tech"];

/** A small seeded PRNG (mulberry32) returning numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(rand: () => number): string {
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16))
      .join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** One 30-minute interval of a queue's "today", in voice. */
export interface IntervalSim {
  /** Epoch ms of the interval start. */
  start: number;
  offered: number;
  abandoned: number;
  flowOut: number;
}

/** One simulated queue. */
export interface QueueSim {
  queue: Queue;
  media: Record<
    string,
    { waiting: number; interacting: number; alerting: number }
  >;
  oldestWaiting: number | null;
  members: string[];
  /** Today's intervals from midnight (UTC) to now, in time order. */
  intervals: IntervalSim[];
}

const HALF_HOUR_MS = 30 * 60_000;

/** Intervals of queue `i` from midnight to `now`: figures from `i` and the interval only. */
function intervalsOf(i: number, now: number): IntervalSim[] {
  const midnight = now - now % (24 * 60 * 60_000);
  const out: IntervalSim[] = [];
  for (let start = midnight, k = 0; start < now; start += HALF_HOUR_MS, k++) {
    out.push({
      start,
      offered: 4 + (i + k) % 6,
      abandoned: (i + k) % 3 === 0 ? 1 : 0,
      flowOut: (i + k) % 10 === 0 ? 1 : 0,
    });
  }
  return out;
}

/** One simulated agent. */
export interface AgentSim {
  user: User;
  group: number;
  status: string;
  statusSince: number;
  presence: string;
  presenceSince: number;
  queueIds: string[];
}

/** A synthetic org whose state moves one tick at a time. */
export interface SyntheticOrg {
  /** Current time of the org, epoch ms. */
  now: number;
  queues: QueueSim[];
  agents: AgentSim[];
  /** Interval of the "today" figures (fixed: aggregates refresh rarely). */
  aggregateInterval: string;
  /** Number of skill groups (queues `g*5 … g*5+4` form group `g`). */
  groups: number;
  rand: () => number;
}

/** Options of {@linkcode createOrg}. */
export interface OrgOptions {
  queues: number;
  agents: number;
  seed?: number;
  /** Start time, epoch ms. */
  now?: number;
}

/**
 * Creates an org of `queues` queues and `agents` agents, each agent a
 * member of one to three queues.
 *
 * @example
 * ```ts
 * const org = createOrg({ queues: 200, agents: 1000 });
 * const input = pollInput(org);
 * ```
 */
export function createOrg(options: OrgOptions): SyntheticOrg {
  const rand = prng(options.seed ?? 42);
  const now = options.now ?? Date.parse("2026-11-27T10:00:00.000Z");
  const divisions = [uuid(rand), uuid(rand), uuid(rand)];
  const queues: QueueSim[] = [];
  for (let i = 0; i < options.queues; i++) {
    const id = uuid(rand);
    const media: QueueSim["media"] = {};
    for (const m of MEDIA) {
      media[m] = {
        waiting: Math.floor(rand() * 4),
        interacting: Math.floor(rand() * 8),
        alerting: Math.floor(rand() * 2),
      };
    }
    queues.push({
      queue: {
        id,
        name: `${pick(rand, NAMES)} ${String(i + 1).padStart(4, "0")}`,
        division: { id: pick(rand, divisions), name: "Home" },
        mediaSettings: {
          call: { serviceLevel: { percentage: 0.8, durationMs: 20_000 } },
          chat: { serviceLevel: { percentage: 0.8, durationMs: 60_000 } },
        },
      },
      media,
      oldestWaiting: now - Math.floor(rand() * 90_000),
      members: [],
      intervals: intervalsOf(i, now),
    });
  }
  // Skill groups of GROUP_SIZE queues; an agent serves one to three queues
  // of its group, so a group's changes stay inside the group.
  const groups = Math.max(1, Math.ceil(queues.length / GROUP_SIZE));
  const agents: AgentSim[] = [];
  for (let i = 0; i < options.agents; i++) {
    const id = uuid(rand);
    const group = i % groups;
    const inGroup = queues.slice(group * GROUP_SIZE, (group + 1) * GROUP_SIZE);
    const n = 1 + Math.floor(rand() * 3);
    const queueIds = new Set<string>();
    for (let k = 0; k < n && inGroup.length; k++) {
      const q = inGroup[Math.floor(rand() * inGroup.length)];
      if (!queueIds.has(q.queue.id)) {
        queueIds.add(q.queue.id);
        q.members.push(id);
      }
    }
    agents.push({
      user: { id, name: `Agent ${String(i + 1).padStart(5, "0")}` },
      group,
      status: pick(rand, STATUSES),
      statusSince: now - Math.floor(rand() * 600_000),
      presence: pick(rand, PRESENCES),
      presenceSince: now - Math.floor(rand() * 3_600_000),
      queueIds: [...queueIds],
    });
  }
  const start = new Date(now).toISOString();
  const aggregateInterval = `${start.slice(0, 10)}T00:00:00.000Z/${start}`;
  return { now, queues, agents, aggregateInterval, groups, rand };
}

/**
 * Advances the org by `ms` and changes about `fraction` of its queues and
 * of its agents: whole skill groups are picked, their queues get new live
 * counts and agents of those groups a new routing status (so queue agent
 * counts move only in changed queues). "Today" figures stay as they are,
 * as between two aggregate refreshes.
 */
export function tick(org: SyntheticOrg, fraction: number, ms = 1000): void {
  const { rand } = org;
  org.now += ms;
  const groups = new Set(
    sample(
      Array.from({ length: org.groups }, (_, g) => g),
      fraction,
      rand,
    ),
  );
  for (const [i, q] of org.queues.entries()) {
    if (!groups.has(Math.floor(i / GROUP_SIZE))) continue;
    const m = q.media[pick(rand, MEDIA)];
    m.waiting = Math.max(0, m.waiting + (rand() < 0.5 ? -1 : 1));
    m.interacting = Math.max(0, m.interacting + (rand() < 0.5 ? -1 : 1));
    q.oldestWaiting = org.now - Math.floor(rand() * 90_000);
  }
  const candidates = org.agents.filter((a) => groups.has(a.group));
  const wanted = Math.round(org.agents.length * fraction);
  for (
    const a of sample(candidates, wanted / Math.max(1, candidates.length), rand)
  ) {
    let next = pick(rand, STATUSES);
    while (next === a.status) next = pick(rand, STATUSES);
    a.status = next;
    a.statusSince = org.now;
  }
}

/**
 * Gives `fraction` of the queues (picked with `rand`) one more answered
 * conversation in their current interval, as an aggregate refresh of a
 * batch does; the org's time does not move.
 */
export function refreshToday(
  org: SyntheticOrg,
  fraction: number,
  rand: () => number,
): void {
  for (const q of org.queues) {
    if (rand() < fraction) q.intervals[q.intervals.length - 1].offered++;
  }
}

function sample<T>(items: T[], fraction: number, rand: () => number): T[] {
  const n = Math.min(items.length, Math.round(items.length * fraction));
  const pool = [...items];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

/** The synthetic org's fixed epoch, so frames are the same size every run. */
const EPOCH = "0d6a4c1e-7b43-4c3e-9a3a-2f1b5c6d7e8f";

/** `data` as committed version `version` (committed when it was fetched). */
export function asSnapshot(data: SnapshotData, version: number): Snapshot {
  return { ...data, epoch: EPOCH, version, committedAt: data.fetchedAt };
}
