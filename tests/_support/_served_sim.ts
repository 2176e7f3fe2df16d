/**
 * The standalone simulator served in the test process on a free port of
 * 127.0.0.1, for tests that run queuepulse as real processes.
 *
 * @module
 */

import {
  createSimulator,
  serveSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../src/simulator/mod.ts";

/** A served simulator; disposing it stops the server. */
export interface ServedSimulator extends AsyncDisposable {
  sim: Simulator;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

/** Serves a fresh simulator made with `options` until disposed. */
export function serveSim(options: SimulatorOptions): ServedSimulator {
  const sim = createSimulator(options);
  const controller = new AbortController();
  const server = serveSimulator(sim, {
    port: 0,
    hostname: "127.0.0.1",
    signal: controller.signal,
  });
  return {
    sim,
    url: `http://127.0.0.1:${server.addr.port}`,
    async [Symbol.asyncDispose]() {
      controller.abort();
      await server.finished;
    },
  };
}
