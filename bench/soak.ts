/**
 * The soak (not in CI): `--minutes` (10) of 1,000 screens (WebSocket, and
 * `--sse` of them on SSE) against the service served like `deno task start`
 * (`deno serve --parallel`, two isolates) on the standalone simulator,
 * while the simulator rotates faults every 30 s (outage, 503s, 429s,
 * dropped and silent notification sockets, token revocation, latency,
 * malformed answers) and a tenth of the screens leave and come back every
 * 20 s. Then `--rounds` (3) rounds in which every screen leaves and comes
 * back, measured while they are away.
 *
 * It reports crashes (must be 0), gaps and duplicates seen by the screens
 * (must be 0), RSS growth under load after the warm-up (target under 10 %),
 * and, with no screen connected, connections, timers, file descriptors and
 * the live heap after a forced GC at the start, after each round and at the
 * end (they must come back to the start's).
 *
 * ```sh
 * deno task bench:soak               # 10 minutes
 * deno task bench:soak --minutes 1 --clients 100 --sse 10   # smoke run
 * ```
 *
 * @module
 */

import { alive, assertProcAccess, freePort } from "./_proc.ts";
import { type Running, startService, startSimulator } from "./_servers.ts";
import {
  newCounts,
  type Screen,
  type ScreenCounts,
  sseScreen,
  viewOf,
  wsScreen,
} from "./_soak_clients.ts";
import { inspectAll, measure, type ServerFigures } from "./_soak_measure.ts";
import {
  CHURN_EVERY_MS,
  FAULT_ROTATION,
  FAULT_STEP_MS,
  parseSoakArgs,
  phasesOf,
  type SoakArgs,
} from "./_soak_plan.ts";
import { printReport } from "./_soak_report.ts";

/** How long screens stay away before the idle figures are read, ms. */
const AWAY_MS = 8000;
/** Shortest time the screens are back in a round, ms. */
const MIN_BACK_MS = 15_000;
/** Screens connecting at once. */
const BATCH = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
/** A progress line on stderr (the report goes to stdout). */
const note = (what: string) =>
  console.error(`${((Date.now() - started) / 1000).toFixed(0)} s: ${what}`);

async function openAll(screens: Screen[]): Promise<void> {
  for (let i = 0; i < screens.length; i += BATCH) {
    for (const screen of screens.slice(i, i + BATCH)) screen.open();
    await sleep(100);
  }
}

function screensFor(
  args: SoakArgs,
  port: number,
  ids: string[],
  counts: ScreenCounts,
) {
  return Array.from({ length: args.clients }, (_, i) => {
    const view = viewOf(i, ids);
    if (i >= args.sse) {
      return wsScreen(`ws://127.0.0.1:${port}/ws`, view, counts);
    }
    const query = new URLSearchParams();
    if (view.queues) query.set("queues", view.queues.join(","));
    if (view.agents) query.set("agents", "true");
    return sseScreen(`http://127.0.0.1:${port}/api/v1/stream?${query}`, counts);
  });
}

/** Runs the rotation and the churn until `ms` passed; samples RSS. */
async function load(
  ms: number,
  simUrl: string,
  screens: Screen[],
  sample: () => Promise<void>,
): Promise<void> {
  const end = Date.now() + ms;
  let step = 0;
  let nextFault = Date.now();
  let nextChurn = Date.now() + CHURN_EVERY_MS;
  let nextSample = Date.now() + FAULT_STEP_MS;
  while (Date.now() < end) {
    if (Date.now() >= nextFault) {
      const { name, faults } = FAULT_ROTATION[step++ % FAULT_ROTATION.length];
      note(`fault ${name}`);
      await fetch(`${simUrl}/__sim/faults`, { method: "DELETE" });
      await (await fetch(`${simUrl}/__sim/faults`, {
        method: "PUT",
        body: JSON.stringify(faults),
      })).body?.cancel();
      nextFault += FAULT_STEP_MS;
    }
    if (Date.now() >= nextChurn) {
      note("churn");
      const leaving = screens.filter((_, i) => (i + step) % 10 === 0);
      await Promise.all(leaving.map((s) => s.close()));
      setTimeout(() => leaving.forEach((s) => s.open()), 2000);
      nextChurn += CHURN_EVERY_MS;
    }
    if (Date.now() >= nextSample) {
      note("sample");
      await sample();
      nextSample += FAULT_STEP_MS;
    }
    await sleep(250);
  }
  await fetch(`${simUrl}/__sim/faults`, { method: "DELETE" });
}

async function main(): Promise<void> {
  const args = parseSoakArgs(Deno.args);
  assertProcAccess();
  const phases = phasesOf(args);
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-soak-" });
  const simPort = freePort();
  const port = freePort();
  const inspectPort = freePort();
  const running: Running[] = [];
  const counts = newCounts();
  let crashes = 0;
  try {
    const sim = await startSimulator({ port: simPort, seed: 11 });
    running.push(sim);
    const simUrl = `http://127.0.0.1:${simPort}`;
    const service = await startService({
      port,
      simPort,
      isolates: 2,
      pollMs: 5000,
      kvPath: `${dir}/kv.sqlite3`,
      inspectPort,
    });
    running.push(service);
    const pid = service.serverPids()[0];
    const sessions = await inspectAll(inspectPort);
    const metricsUrl = `http://127.0.0.1:${port}/metrics`;
    const read = (snapshot: boolean) =>
      measure(pid, metricsUrl, sessions, snapshot);
    const ids = (await (await fetch(`http://127.0.0.1:${port}/api/v1/queues`))
      .json()).map((q: { id: string }) => q.id);

    note("service ready");
    await sleep(10_000);
    const idle: ServerFigures[] = [await read(false)];
    const screens = screensFor(args, port, ids, counts);
    await openAll(screens);
    note("screens opened");
    await sleep(phases.warmupMs);
    const loaded: ServerFigures[] = [await read(false)];
    await load(phases.loadMs, simUrl, screens, async () => {
      if (alive(pid) && alive(sim.serverPids()[0])) {
        loaded.push(await read(false));
      } else crashes++;
    });
    await sleep(CHURN_EVERY_MS);
    loaded.push(await read(false));
    for (let round = 0; round < args.rounds; round++) {
      note(`round ${round + 1}`);
      await Promise.all(screens.map((s) => s.close()));
      await sleep(AWAY_MS);
      idle.push(await read(false));
      await openAll(screens);
      await sleep(Math.max(MIN_BACK_MS, phases.roundMs - AWAY_MS));
    }
    await Promise.all(screens.map((s) => s.close()));
    await sleep(AWAY_MS);
    idle.push(await read(false));
    const last = await read(true);
    const afterSnapshot = await read(false);
    if (!alive(pid)) crashes++;
    for (const session of sessions) session.close();
    printReport({
      args,
      counts,
      crashes,
      loaded,
      idle,
      snapshot: last,
      afterSnapshot,
      tail: service.tail(),
    });
  } finally {
    for (const r of running.reverse()) await r.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
