/**
 * The screen of `bench/ingest.ts`: one WebSocket subscriber to every queue
 * and agent that measures change → screen latency from the simulator's
 * change stamps (an agent's `routingStatusSince` / `presenceSince`) to the
 * moment the frame carrying the change arrived.
 *
 * @module
 */

import { addSample, type Histogram } from "./_stats.ts";

/** What the screen remembers of one agent: its two change stamps. */
export type Stamps = Map<string, { routing: string; presence: string }>;

/** An agent as a frame carries it (the fields the screen reads). */
interface AgentStamp {
  routingStatusSince: string | null;
  presenceSince: string | null;
}

/**
 * Adds to `hist` the latency of every change stamp in `agents` that is new
 * to `known` and not older than `from` (epoch ms), received at
 * `receivedAt`; updates `known`. Returns how many samples it added.
 */
export function sampleChanges(
  known: Stamps,
  agents: Record<string, AgentStamp | null>,
  receivedAt: number,
  from: number,
  hist: Histogram,
): number {
  let added = 0;
  for (const [id, agent] of Object.entries(agents)) {
    if (agent === null) {
      known.delete(id);
      continue;
    }
    const before = known.get(id);
    const routing = agent.routingStatusSince ?? "";
    const presence = agent.presenceSince ?? "";
    known.set(id, { routing, presence });
    if (before === undefined) continue;
    for (
      const [now, was] of [[routing, before.routing], [
        presence,
        before.presence,
      ]]
    ) {
      const at = Date.parse(now);
      if (now === was || !Number.isFinite(at) || at < from) continue;
      addSample(hist, receivedAt - at);
      added++;
    }
  }
  return added;
}

/** A connected screen. */
export interface IngestScreen {
  /** Latencies of changes stamped at or after `from`, ms. */
  readonly hist: Histogram;
  /** Starts counting changes stamped from now on. */
  startWindow(): void;
  /** Stops counting (frames are still read). */
  stopWindow(): void;
  close(): void;
}

/** Connects to `url`, subscribes to every queue and agent, and measures. */
export function openIngestScreen(url: string): Promise<IngestScreen> {
  const socket = new WebSocket(url);
  const known: Stamps = new Map();
  const hist: Histogram = {};
  let from = Infinity;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Cannot subscribe to ${url}: no snapshot`)),
      30_000,
    );
    socket.onerror = () => reject(new Error(`Cannot connect to ${url}`));
    socket.onmessage = (event) => {
      const receivedAt = Date.now();
      const frame = JSON.parse(String(event.data));
      if (frame.type === "hello") {
        socket.send(JSON.stringify({ type: "subscribe", agents: true }));
      } else if (frame.type === "snapshot" || frame.type === "delta") {
        sampleChanges(known, frame.agents ?? {}, receivedAt, from, hist);
        if (frame.type === "snapshot") {
          clearTimeout(timer);
          resolve({
            hist,
            startWindow: () => from = Date.now(),
            stopWindow: () => from = Infinity,
            close: () => socket.close(),
          });
        }
      }
    };
  });
}
