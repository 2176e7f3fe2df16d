/**
 * The poll loop's events as figures: leadership, commits, failures by
 * part, HTTP status and Genesys code, 429s, the duration of committed
 * poll steps, and the interval plan. Status and code are read off any error that carries them (the
 * Genesys client's errors do); other failures count as status `none` with
 * the error's class name as code.
 *
 * @module
 */

import type { PollEvent } from "../poller/mod.ts";
import { ISOLATE_FAMILIES as F } from "./_families.ts";
import type { Recorder } from "./recorder.ts";

/** Records `event` into `recorder`. */
export function recordPollEvent(recorder: Recorder, event: PollEvent): void {
  switch (event.type) {
    case "leader":
      recorder.set(F.leader, {}, 1);
      break;
    case "standby":
    case "deposed":
      recorder.set(F.leader, {}, 0);
      break;
    case "committed":
      recorder.add(F.commits);
      recorder.set(F.committedVersion, {}, event.version);
      recorder.observe(F.pollCycle, {}, event.durationMs / 1000);
      break;
    case "plan":
      recorder.set(F.pollInterval, {}, event.pollIntervalMs / 1000);
      recorder.set(F.aggregateInterval, {}, event.aggregateIntervalMs / 1000);
      break;
    case "error":
      recorder.add(F.pollErrors, {
        part: event.part,
        ...errorLabels(event.error),
      });
      if (event.kind === "rate-limited") recorder.add(F.rateLimited);
      break;
  }
}

function errorLabels(error: unknown): { status: string; code: string } {
  const record = typeof error === "object" && error !== null
    ? error as Record<string, unknown>
    : {};
  const status = typeof record.status === "number" ? record.status : null;
  const code = typeof record.code === "string" ? record.code : null;
  if (status !== null) {
    return { status: String(status), code: code ?? "unknown" };
  }
  return {
    status: "none",
    code: error instanceof Error ? error.name : "unknown",
  };
}
