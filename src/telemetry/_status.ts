/**
 * The leader's status record (written to KV by whichever isolate polls) as
 * deployment-wide gauges: its plan, the back-off in force, refused parts,
 * queues with incomplete agent lists, and whether push feeds it. Every
 * isolate renders the same values, so a scrape of any of them agrees.
 *
 * @module
 */

import type { PollerStatus } from "../poller/mod.ts";
import type { ValueSample } from "./_exposition.ts";
import { DEPLOYMENT_FAMILIES as D, type Family } from "./_families.ts";

/** The samples of the status families, by family name (empty without a record). */
export function statusSamples(
  status: PollerStatus | null,
): Map<string, ValueSample[]> {
  const out = new Map<string, ValueSample[]>();
  const one = (family: Family, value: number) =>
    out.set(family.name, [{ labels: {}, value }]);
  if (status === null) return out;
  const { plan } = status;
  one(D.plannedCalls, plan.callsPerMinute);
  one(D.rateCeiling, plan.ceilingPerMinute);
  one(D.stretched, plan.stretched ? 1 : 0);
  one(D.slow, plan.slow ? 1 : 0);
  one(D.backoff, (status.backoff?.delayMs ?? 0) / 1000);
  one(D.incompleteQueues, status.incompleteQueueIds.length);
  one(D.ingestPush, status.ingest === "push" ? 1 : 0);
  out.set(
    D.forbidden.name,
    status.forbidden.map((f) => ({ labels: { part: f.part }, value: 1 })),
  );
  return out;
}
