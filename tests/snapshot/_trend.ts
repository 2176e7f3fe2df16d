/**
 * Trend fixtures of the snapshot tests: granular aggregate answers built by
 * hand, and the real simulator's answers through the Genesys client.
 *
 * @module
 */

import type {
  AggregateMetric,
  ConversationAggregateQueryResponse,
  Queue,
} from "../../src/genesys/types.ts";
import { createGenesysClient } from "../../src/genesys/mod.ts";
import { todayInterval } from "../../src/poller/today.ts";
import { createSimulator } from "../../src/simulator/mod.ts";
import {
  buildSnapshot,
  type PollInput,
  type SnapshotData,
} from "../../src/snapshot/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { emptyInput } from "./_fixtures.ts";

/** Figures of one bucket of one media group. */
export interface Bucket {
  /** ISO `start/end`. */
  interval: string;
  offered: number;
  answered?: [count: number, sumMs: number];
  abandoned?: number;
  handled?: [count: number, sumMs: number];
  sl?: [numerator: number, denominator: number];
}

function metricsOf(b: Bucket): AggregateMetric[] {
  const out: AggregateMetric[] = [
    { metric: "nOffered", stats: { count: b.offered } },
  ];
  if (b.answered) {
    const [count, sum] = b.answered;
    out.push({ metric: "tAnswered", stats: { count, sum } });
  }
  if (b.abandoned) {
    out.push({ metric: "tAbandon", stats: { count: b.abandoned, sum: 1 } });
  }
  if (b.handled) {
    const [count, sum] = b.handled;
    out.push({ metric: "tHandle", stats: { count, sum } });
  }
  if (b.sl) {
    const [numerator, denominator] = b.sl;
    out.push({
      metric: "oServiceLevel",
      stats: { numerator, denominator, ratio: numerator / denominator },
    });
  }
  return out;
}

/** An aggregate answer of `queueId × mediaType` groups with the given buckets. */
export function granular(
  groups: Record<string, Record<string, Bucket[]>>,
): ConversationAggregateQueryResponse {
  return {
    results: Object.entries(groups).flatMap(([queueId, media]) =>
      Object.entries(media).map(([mediaType, buckets]) => ({
        group: { queueId, mediaType },
        data: buckets.map((b) => ({
          interval: b.interval,
          metrics: metricsOf(b),
        })),
      }))
    ),
  };
}

/** A poll of `queues` with `aggregates` over `interval`. */
export function aggregateInput(
  queues: Queue[],
  aggregates: ConversationAggregateQueryResponse,
  interval: string,
): PollInput {
  return { ...emptyInput(queues), aggregates, aggregateInterval: interval };
}

/** What the simulator answers at one instant, through the client. */
export interface SimDay {
  queues: Queue[];
  interval: string;
  /** The client's answer: PT30M buckets. */
  granular: ConversationAggregateQueryResponse;
  /** The same query without `granularity`: one bucket per group. */
  whole: ConversationAggregateQueryResponse;
}

/** The simulator's "today" answers at `at` in `timeZone`. */
export async function simDay(
  seed: number,
  at: string,
  timeZone = "UTC",
): Promise<SimDay> {
  const clock = new FakeClock(at);
  const sim = createSimulator({ seed, clock, timeZone });
  let whole = false;
  const api = createGenesysClient({
    apiUrl: "http://sim.test",
    loginUrl: "http://sim.test",
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: async (request) => {
      if (whole && request.method === "POST") {
        // The client's own request without `granularity`: one bucket.
        const { granularity: _, ...rest } = await request.json();
        request = new Request(request, { body: JSON.stringify(rest) });
      }
      return sim.fetch(request);
    },
    clock,
  });
  const queues = await api.listQueues();
  const ids = queues.map((q) => q.id);
  const interval = todayInterval(clock.now(), timeZone);
  const granularAnswer = await api.todayAggregates(ids, interval, timeZone);
  whole = true;
  const wholeAnswer = await api.todayAggregates(ids, interval, timeZone);
  return { queues, interval, granular: granularAnswer, whole: wholeAnswer };
}

/** `buildSnapshot` of aggregates only, at `at`. */
export function buildAt(
  input: PollInput,
  at: string,
  previous: SnapshotData | null = null,
): SnapshotData {
  return buildSnapshot(input, {
    source: "simulator",
    fetchedAt: Date.parse(at),
    rules: [],
    previous,
  });
}
