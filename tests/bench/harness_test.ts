import assert from "node:assert/strict";
import { foldResults, split } from "../../bench/_harness.ts";
import type { PoolResult } from "../../bench/_pool.ts";

function pool(over: Partial<PoolResult>): PoolResult {
  return {
    sockets: 0,
    opened: 0,
    ready: 0,
    failed: 0,
    retries: 0,
    closedEarly: 0,
    closeCodes: {},
    window: [0, 1],
    eligible: 0,
    versions: {},
    deliveredHist: {},
    frames: 0,
    snapshots: 0,
    gaps: 0,
    duplicates: 0,
    coalesced: 0,
    latency: {},
    ...over,
  };
}

Deno.test("split spreads n over k parts", () => {
  assert.deepEqual(split(10, 4), [3, 3, 2, 2]);
  assert.deepEqual(split(2, 4), [1, 1, 0, 0]);
  assert.deepEqual(split(0, 2), [0, 0]);
});

Deno.test("foldResults takes the union of versions as expected per socket", () => {
  const v = (committedAt: number) => ({ committedAt, bytes: 100 });
  const fold = foldResults([
    pool({
      eligible: 3,
      versions: { "5": v(1), "6": v(2) },
      deliveredHist: { "2": 2, "1": 1 },
      latency: { "4": 5 },
    }),
    pool({
      eligible: 2,
      versions: { "6": v(2), "7": v(3) },
      deliveredHist: { "3": 2 },
      latency: { "4": 1, "9": 1 },
    }),
  ]);
  assert.deepEqual(Object.keys(fold.versions), ["5", "6", "7"]);
  assert.equal(fold.eligible, 5);
  assert.equal(fold.expected, 15);
  assert.equal(fold.delivered, 2 * 2 + 1 + 3 * 2);
  assert.deepEqual(fold.latency, { "4": 6, "9": 1 });
});

Deno.test("foldResults of no reports expects nothing", () => {
  assert.deepEqual(foldResults([]), {
    versions: {},
    eligible: 0,
    expected: 0,
    delivered: 0,
    latency: {},
  });
});
