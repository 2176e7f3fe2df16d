/**
 * One fault run (private to the fault tests): a fresh in-process service on
 * fake time and a `:memory:` KV behind a wrapper that can fail writes, one
 * subscribed screen, every log line, and a driver that moves fake time.
 *
 * @module
 */

import {
  type Driver,
  driver,
  type FaultyKv,
  faultyKv,
  type LogLine,
  recordingLogger,
  seedMathRandom,
  startTestService,
  subscribe,
  T0,
  type TestService,
  type TestServiceOptions,
  WsClient,
} from "../_support/mod.ts";

/** Fake time of the start, epoch ms. */
export const START = Date.parse(T0);

/** A running fault scenario. */
export interface FaultRun extends AsyncDisposable {
  svc: TestService;
  faulty: FaultyKv;
  drive: Driver;
  /** Subscribed to every queue before the first step. */
  screen: WsClient;
  lines: LogLine[];
  /** Fake ms since the start. */
  elapsed(): number;
}

/**
 * Starts a service with a 5 s poll interval (as configured by default).
 * The poller's jitter (retry pauses, probe gaps) comes from `Math.random`,
 * seeded here with the simulator's seed for the whole run, so each run is
 * the same.
 */
export async function startFaultRun(
  options: TestServiceOptions = {},
): Promise<FaultRun> {
  const seeded = seedMathRandom(options.seed ?? 1);
  const kv = await Deno.openKv(":memory:");
  const faulty = faultyKv(kv);
  const { log, lines } = recordingLogger();
  const svc = await startTestService({
    ...options,
    env: { POLL_INTERVAL_MS: "5000", ...options.env },
    kv: faulty.kv,
    log,
  });
  const drive = driver(svc, faulty);
  await drive.caughtUp();
  const screen = (await subscribe(svc.wsUrl, {}, { clock: svc.clock })).client;
  drive.screens.push(screen);
  return {
    svc,
    faulty,
    drive,
    screen,
    lines,
    elapsed: () => svc.clock.now() - START,
    async [Symbol.asyncDispose]() {
      await screen.close();
      await svc.close();
      kv.close();
      seeded[Symbol.dispose]();
    },
  };
}

/** Fake ms since the start of an ISO time. */
export function sinceStart(iso: string): number {
  return Date.parse(iso) - START;
}
