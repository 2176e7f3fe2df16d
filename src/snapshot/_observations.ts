/**
 * Live queue figures from a queue observation answer (private).
 * Shapes, meanings and their sources: docs/genesys.md.
 *
 * @module
 */

import type {
  ObservationMetricData,
  QueueObservationQueryResponse,
} from "../genesys/types.ts";
import { isoOfOrNull } from "./_time.ts";
import type { MediaCounts, QueueAgents } from "./model.ts";

/** The observed live figures of one queue. */
export interface LiveQueue extends MediaCounts {
  byMedia: Record<string, MediaCounts>;
  oldestWaitingSince: string | null;
  oldestInteractingSince: string | null;
  agents: QueueAgents;
}

/** Per queue: earliest timestamps found (ms), by source. */
interface Oldest {
  calculated: number | null;
  observed: number | null;
}

interface Work {
  live: LiveQueue;
  waiting: Oldest;
  interacting: Oldest;
}

/**
 * Values above this are epoch-ms timestamps, below durations: live orgs
 * report `oLongestWaiting` as an epoch-ms time (docs/genesys.md).
 */
const EPOCH_MS_FLOOR = 1e12;

const ROUTING_QUALIFIERS: Record<string, keyof QueueAgents> = {
  IDLE: "idle",
  INTERACTING: "interacting",
  COMMUNICATING: "communicating",
  NOT_RESPONDING: "notResponding",
};

function emptyLive(): LiveQueue {
  return {
    waiting: 0,
    interacting: 0,
    alerting: 0,
    byMedia: {},
    oldestWaitingSince: null,
    oldestInteractingSince: null,
    agents: {
      members: 0,
      active: 0,
      onQueue: 0,
      offQueue: 0,
      idle: 0,
      interacting: 0,
      communicating: 0,
      notResponding: 0,
    },
  };
}

function countOf(entry: ObservationMetricData): number {
  const n = entry.stats?.count;
  return typeof n === "number" && Number.isFinite(n) ? n : 0;
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function oldestObservation(entry: ObservationMetricData): number | null {
  let out: number | null = null;
  for (const o of entry.observations ?? []) {
    const ms = Date.parse(o.observationDate);
    if (!Number.isNaN(ms)) out = earliest(out, ms);
  }
  return out;
}

function noteOldest(
  oldest: Oldest,
  entry: ObservationMetricData,
  fetchedAt: number,
): void {
  const value = entry.stats?.calculatedMetricValue;
  if (typeof value === "number" && Number.isFinite(value)) {
    const at = value > EPOCH_MS_FLOOR ? value : fetchedAt - value;
    oldest.calculated = earliest(oldest.calculated, at);
  }
  oldest.observed = earliest(oldest.observed, oldestObservation(entry));
}

function addMetric(
  work: Work,
  media: MediaCounts | null,
  entry: ObservationMetricData,
  fetchedAt: number,
): void {
  const { live } = work;
  const n = countOf(entry);
  switch (entry.metric) {
    case "oWaiting":
    case "oInteracting":
    case "oAlerting": {
      const field = entry.metric === "oWaiting"
        ? "waiting"
        : entry.metric === "oInteracting"
        ? "interacting"
        : "alerting";
      live[field] += n;
      if (media) media[field] += n;
      // Detail observations are the fallback for the oldest timestamps.
      if (field === "waiting") {
        work.waiting.observed = earliest(
          work.waiting.observed,
          oldestObservation(entry),
        );
      } else if (field === "interacting") {
        work.interacting.observed = earliest(
          work.interacting.observed,
          oldestObservation(entry),
        );
      }
      break;
    }
    case "oLongestWaiting":
      noteOldest(work.waiting, entry, fetchedAt);
      break;
    case "oLongestInteracting":
      noteOldest(work.interacting, entry, fetchedAt);
      break;
    case "oMemberUsers":
      live.agents.members += n;
      break;
    case "oActiveUsers":
      live.agents.active += n;
      break;
    case "oOnQueueUsers":
      live.agents.onQueue += n;
      break;
    case "oOffQueueUsers":
      live.agents.offQueue += n;
      break;
    case "oUserRoutingStatuses": {
      const field = ROUTING_QUALIFIERS[(entry.qualifier ?? "").toUpperCase()];
      if (field) live.agents[field] += n;
      break;
    }
  }
}

function resolveOldest(oldest: Oldest): string | null {
  const ms = oldest.calculated ?? oldest.observed;
  return ms === null ? null : isoOfOrNull(ms);
}

/**
 * Sums the observation answer per queue of `queueIds` (other queues are
 * ignored): media groups summed, user metrics summed over qualifiers.
 */
export function liveQueues(
  observations: QueueObservationQueryResponse,
  queueIds: ReadonlySet<string>,
  fetchedAt: number,
): Map<string, LiveQueue> {
  const work = new Map<string, Work>();
  for (const id of queueIds) {
    work.set(id, {
      live: emptyLive(),
      waiting: { calculated: null, observed: null },
      interacting: { calculated: null, observed: null },
    });
  }
  for (const group of observations.results ?? []) {
    const w = work.get(group.group?.queueId ?? "");
    if (!w) continue;
    const mediaType = group.group.mediaType;
    let media: MediaCounts | null = null;
    if (typeof mediaType === "string" && mediaType !== "") {
      media = w.live.byMedia[mediaType] ??= {
        waiting: 0,
        interacting: 0,
        alerting: 0,
      };
    }
    for (const entry of group.data ?? []) addMetric(w, media, entry, fetchedAt);
  }
  const out = new Map<string, LiveQueue>();
  for (const [id, w] of work) {
    w.live.oldestWaitingSince = resolveOldest(w.waiting);
    w.live.oldestInteractingSince = resolveOldest(w.interacting);
    w.live.byMedia = sortedRecord(w.live.byMedia);
    out.set(id, w.live);
  }
  return out;
}

/** A copy of `record` with keys in sorted order. */
export function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}
