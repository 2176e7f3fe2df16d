/**
 * Hub test support: a hub on fake time with small byte limits, and the
 * fold of a sink's frames into the view they describe.
 *
 * @module
 */

import assert from "node:assert/strict";
import { silentLogger } from "../../src/log.ts";
import { createHub, type HubOptions } from "../../src/realtime/hub.ts";
import {
  applyDelta,
  type View,
  type ViewDelta,
} from "../../src/snapshot/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import type { RecordingSink } from "./_fakes.ts";
import { T0 } from "./_snapshots.ts";

/** A hub on a fake clock: lag above 100 bytes waiting, 1013 above 1000. */
export function hubWith(overrides: Partial<HubOptions> = {}) {
  const clock = new FakeClock(T0);
  const hub = createHub({
    clock,
    log: silentLogger(),
    staleAfterMs: 12_000,
    ringSize: 120,
    maxBufferedBytes: 1000,
    lagBufferedBytes: 100,
    ...overrides,
  });
  return { hub, clock };
}

/** Folds a sink's snapshot/delta messages into the view they describe. */
export function replay(
  sink: RecordingSink,
): { view: View; versions: number[] } {
  let view: View | null = null;
  const versions: number[] = [];
  for (const message of sink.messages()) {
    if (message.type === "snapshot") {
      const { queues, agents, totals } = message as unknown as View;
      view = agents ? { queues, agents, totals } : { queues, totals };
    } else if (message.type === "delta") {
      assert.equal(message.prev, versions.at(-1), "prev chains without gaps");
      view = applyDelta(view!, message as unknown as ViewDelta);
    } else continue;
    versions.push(message.version as number);
  }
  return { view: view!, versions };
}
