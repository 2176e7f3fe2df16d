/**
 * `runPoller`: drains the poll loop for `src/service.ts` and logs what an operator
 * needs to see (leadership changes), not every commit.
 *
 * @module
 */

import { silentLogger } from "../log.ts";
import type { PollEvent } from "./events.ts";
import { poll, type PollOptions } from "./loop.ts";

/** Options of {@linkcode runPoller}. */
export interface RunPollerOptions extends PollOptions {
  /** Sees every event (metrics, tests). */
  onEvent?: (event: PollEvent) => void;
}

/**
 * Drains {@linkcode poll}, logging leadership changes at info level (not
 * every commit); resolves once `signal` aborts and the lease is released.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const done = runPoller({ ...options, signal: controller.signal });
 * Deno.addSignalListener("SIGTERM", () => controller.abort());
 * await done;
 * ```
 */
export async function runPoller(options: RunPollerOptions): Promise<void> {
  const log = options.log ?? silentLogger();
  const owner = options.lease.owner;
  let role: "leader" | "standby" | null = null;
  for await (const event of poll(options)) {
    options.onEvent?.(event);
    if (event.type === "leader") {
      role = "leader";
      log.info("Polling as leader", { owner });
    } else if (event.type === "deposed") {
      role = null;
      log.info("Stopped polling: another isolate holds the lease", { owner });
    } else if (event.type === "standby" && role !== "standby") {
      role = "standby";
      log.info("Standing by: another isolate polls", { owner });
    }
  }
}
