/**
 * Per-queue gauges from the newest snapshot, labelled `queue_id` and
 * `queue_name`: live counts, the oldest wait, agents, and today's service
 * level, abandon rate, ASA and AHT in base units. `METRICS_QUEUES` switches
 * them: true always, false never, unset up to {@linkcode MAX_DEFAULT_QUEUES}
 * queues (beyond that the series would swamp a Prometheus server).
 *
 * @module
 */

import type { QueueState, Snapshot } from "../snapshot/mod.ts";
import { type Family, QUEUE_FAMILIES as Q } from "./_families.ts";
import type { ValueSample } from "./_exposition.ts";

/** Queue count up to which per-queue gauges are on when METRICS_QUEUES is unset. */
export const MAX_DEFAULT_QUEUES = 500;

/** Whether per-queue gauges are rendered for `queueCount` queues. */
export function queueGaugesOn(
  setting: boolean | null,
  queueCount: number,
): boolean {
  return setting ?? queueCount <= MAX_DEFAULT_QUEUES;
}

const READ: [Family, (q: QueueState, now: number) => number | null][] = [
  [Q.waiting, (q) => q.waiting],
  [
    Q.oldestWait,
    (q, now) =>
      q.oldestWaitingSince === null
        ? 0
        : Math.max(0, now - Date.parse(q.oldestWaitingSince)) / 1000,
  ],
  [Q.interacting, (q) => q.interacting],
  [Q.agentsIdle, (q) => q.agents.idle],
  [Q.agentsOnQueue, (q) => q.agents.onQueue],
  [Q.agentsNotResponding, (q) => q.agents.notResponding],
  [Q.serviceLevel, (q) => q.today.serviceLevel],
  [Q.abandonRate, (q) => q.today.abandonRate],
  [Q.asa, (q) => seconds(q.today.asaMs)],
  [Q.aht, (q) => seconds(q.today.ahtMs)],
];

/** The samples of every per-queue family, by family name (queues sorted by id). */
export function queueSamples(
  snapshot: Snapshot | null,
  now: number,
): Map<string, ValueSample[]> {
  const out = new Map<string, ValueSample[]>(
    READ.map(([family]) => [family.name, []]),
  );
  if (!snapshot) return out;
  const queues = Object.values(snapshot.queues).sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  );
  for (const queue of queues) {
    const labels = { queue_id: queue.id, queue_name: queue.name };
    for (const [family, read] of READ) {
      const value = read(queue, now);
      if (value !== null) out.get(family.name)!.push({ labels, value });
    }
  }
  return out;
}

function seconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}
