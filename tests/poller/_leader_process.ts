/**
 * One poller process for the real-process takeover test: the in-process
 * simulator behind the real client, the KV snapshot store and lease on a
 * shared KV file, the system clock. Prints one JSON line per event:
 * `{"t": epoch ms, "owner", "type", "version"?}`.
 *
 * ```sh
 * deno run -A tests/poller/_leader_process.ts <kv path> <owner> <ttl ms> <poll ms>
 * ```
 *
 * @module
 */

import { systemClock } from "../../src/clock.ts";
import { createGenesysClient } from "../../src/genesys/mod.ts";
import { createLease, runPoller } from "../../src/poller/mod.ts";
import { createSimulator } from "../../src/simulator/mod.ts";
import { buildSnapshot, createSnapshotStore } from "../../src/snapshot/mod.ts";

async function openKv(path: string): Promise<Deno.Kv> {
  for (let attempt = 1;; attempt++) {
    try {
      return await Deno.openKv(path);
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function main(): Promise<void> {
  const [path, owner, ttl, interval] = Deno.args;
  const print = (fields: Record<string, unknown>) =>
    console.log(JSON.stringify({ t: Date.now(), owner, ...fields }));
  print({ type: "started" });
  const clock = systemClock();
  const kv = await openKv(path);
  const sim = createSimulator({ seed: 1, clock });
  const api = createGenesysClient({
    apiUrl: "http://sim.test",
    loginUrl: "http://sim.test",
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch: sim.fetch,
    clock,
  });
  const stop = new AbortController();
  Deno.addSignalListener("SIGTERM", () => stop.abort());
  await runPoller({
    api,
    store: createSnapshotStore({ kv, clock }),
    build: buildSnapshot,
    lease: createLease({ kv, owner, clock, ttlMs: Number(ttl) }),
    kv,
    clock,
    signal: stop.signal,
    source: "simulator",
    pollIntervalMs: Number(interval),
    aggregateIntervalMs: 30_000,
    staleAfterMs: 12_000,
    timeZone: "UTC",
    onEvent: (event) =>
      print({
        type: event.type,
        ...(event.type === "committed" ? { version: event.version } : {}),
      }),
  });
  kv.close();
}

if (import.meta.main) await main();
