/**
 * What a leader remembers between poll cycles (private): the directory and
 * its batches, the last good answer of every part with its time, the live
 * observations and pushed agent states, the agents known per queue, names
 * asked for, and the parts Genesys refuses.
 *
 * @module
 */

import type { Queue, RoutingActivityResponse, User } from "../genesys/types.ts";
import type { SnapshotParts } from "../snapshot/model.ts";
import { aggregatesFetchedAt, type BatchState } from "./_batches.ts";
import type { AgentMemory } from "./_activity.ts";
import { createLiveBook, type LiveBook } from "./_live.ts";
import type { PollPart } from "./status.ts";

/** A part Genesys refused with 403 `missing.permissions`. */
export interface Forbidden {
  missingPermissions: string[];
  /** When the part is asked again, epoch ms. */
  recheckAt: number;
}

/** What a leader remembers between cycles. */
export interface CycleState extends BatchState {
  queues: Queue[] | null;
  directoryAt: number;
  /** Sorted queue ids of the directory, joined: a change rebuilds batches. */
  batchKey: string | null;
  users: Record<string, User>;
  askedUsers: Set<string>;
  /** Observations and pushed agent states (polls and pushes alike). */
  live: LiveBook;
  /** When the last observation poll that answered was asked, epoch ms. */
  observedAt: number | null;
  /** The last routing activity in use (merged) and when it answered. */
  activity: RoutingActivityResponse | null;
  activityAt: number | null;
  agents: AgentMemory;
  /** Queue id → oldest agent state kept for it, epoch ms. */
  incomplete: Record<string, number>;
  forbidden: Map<PollPart, Forbidden>;
}

/** A fresh state (nothing known yet). */
export function newCycleState(): CycleState {
  return {
    queues: null,
    directoryAt: 0,
    batchIds: [],
    batchKey: null,
    batches: null,
    aggregateAnchor: 0,
    aggregates: null,
    aggregateInterval: null,
    aggregateIntervals: {},
    aggregateDate: null,
    users: {},
    askedUsers: new Set(),
    live: createLiveBook(),
    observedAt: null,
    activity: null,
    activityAt: null,
    agents: new Map(),
    incomplete: {},
    forbidden: new Map(),
  };
}

/** True while `part` is refused and not due to be asked again. */
export function isHeld(state: CycleState, part: PollPart, now: number) {
  const held = state.forbidden.get(part);
  return held !== undefined && now < held.recheckAt;
}

/** The time of every part's answer in use, for the snapshot. */
export function partsOf(state: CycleState, fetchedAt: number): SnapshotParts {
  const iso = (ms: number | null) =>
    ms === null ? null : new Date(ms).toISOString();
  const parts: SnapshotParts = {
    observations: { fetchedAt: iso(fetchedAt) },
    activity: { fetchedAt: iso(state.activityAt) },
    aggregates: { fetchedAt: iso(aggregatesFetchedAt(state)) },
  };
  const incomplete = Object.entries(state.incomplete);
  if (incomplete.length > 0) {
    parts.activity.incomplete = Object.fromEntries(
      incomplete.map(([id, at]) => [id, iso(at)!]),
    );
  }
  return parts;
}

/**
 * Forgets what a new leader must load again: the directory, the answers,
 * the live state and the refusals (another isolate may hold other
 * permissions); the agent name cache stays.
 */
export function forgetLeaderState(state: CycleState): void {
  const fresh = newCycleState();
  state.live.clear();
  Object.assign(state, fresh, {
    users: state.users,
    askedUsers: state.askedUsers,
    live: state.live,
  });
}
