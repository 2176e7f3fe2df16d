import { deepEqual, ok } from "node:assert/strict";
import fc from "fast-check";
import {
  createSnapshotStore,
  diffSnapshots,
  type Fence,
  type Snapshot,
  type SnapshotData,
  type SnapshotStore,
  type SnapshotUpdate,
} from "../../src/snapshot/mod.ts";
import { agentState, FakeClock, guard, queueState } from "../_support/mod.ts";
import { snapshotData } from "./_fixtures.ts";
import { entitiesOf, lease } from "./_store_helpers.ts";

const QUEUES = ["q-1", "q-2", "q-3", "q-4", "q-5", "q-6"];
const AGENTS = ["u-1", "u-2", "u-3", "u-4", "u-5", "u-6", "u-7", "u-8"];

const queueArb = fc.option(
  fc.record({
    waiting: fc.nat(3),
    name: fc.constantFrom("A", "B", "Ünïcode ✓"),
    offered: fc.nat(3),
    sl: fc.nat(2),
  }),
  { freq: 4 },
);
const agentArb = fc.option(
  fc.record({
    queueIds: fc.subarray(QUEUES),
    status: fc.constantFrom("IDLE" as const, "INTERACTING" as const),
  }),
  { freq: 4 },
);

/** One version: the data, and what the test does around its commit. */
const stepArb = fc.record({
  queues: fc.array(queueArb, {
    minLength: QUEUES.length,
    maxLength: QUEUES.length,
  }),
  agents: fc.array(agentArb, {
    minLength: AGENTS.length,
    maxLength: AGENTS.length,
  }),
  /** The lagging follower reads this version (else it falls behind). */
  followerReads: fc.boolean(),
  /** The lease moves to the other store before this commit. */
  newLeader: fc.boolean(),
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function dataOf(step: Step, n: number): SnapshotData {
  const queues = [];
  for (let i = 0; i < QUEUES.length; i++) {
    const q = step.queues[i];
    if (!q) continue;
    const base = queueState(QUEUES[i]);
    queues.push(queueState(QUEUES[i], {
      waiting: q.waiting,
      name: q.name,
      today: { ...base.today, offered: q.offered },
    }));
  }
  const agents = [];
  for (let i = 0; i < AGENTS.length; i++) {
    const a = step.agents[i];
    if (a) {
      agents.push(
        agentState(AGENTS[i], a.queueIds, { routingStatus: a.status }),
      );
    }
  }
  const data = snapshotData(queues, agents);
  data.fetchedAt = new Date(Date.parse(data.fetchedAt) + n * 1000)
    .toISOString();
  for (let i = 0; i < QUEUES.length; i++) {
    const q = step.queues[i];
    if (q) data.sums[QUEUES[i]].slNumerator = q.sl;
  }
  return data;
}

async function replay(steps: Step[], keepVersions: number): Promise<void> {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const options = { kv, clock, keepVersions, broadcast: false };
  const stores: SnapshotStore[] = [
    createSnapshotStore(options),
    createSnapshotStore(options),
  ];
  const lagging = createSnapshotStore(options);
  const ac = new AbortController();
  const watch = createSnapshotStore(options).watch(ac.signal)[
    Symbol.asyncIterator
  ]();
  let leader = 0;
  let fence: Fence = await lease(kv, "store-0");
  let previous: Snapshot | null = null;
  try {
    for (let n = 0; n < steps.length; n++) {
      const step = steps[n];
      if (step.newLeader) {
        leader = 1 - leader;
        fence = await lease(kv, `store-${leader}`);
      }
      const data = dataOf(step, n);
      const committed = await stores[leader].commit(data, fence);
      ok(committed, `version ${n + 1} was refused`);
      deepEqual(entitiesOf(committed), entitiesOf(data));
      const fresh = await createSnapshotStore(options).latest();
      deepEqual(fresh, committed);
      if (step.followerReads) deepEqual(await lagging.latest(), committed);
      // The watching follower gets every version, with its exact changes.
      const update = (await guard(watch.next(), "see the next update"))
        .value as SnapshotUpdate;
      deepEqual(update.snapshot, committed);
      if (previous !== null && update.changes !== null) {
        deepEqual(update.changes, diffSnapshots(previous, committed));
      }
      previous = committed;
    }
  } finally {
    ac.abort();
    await watch.return?.();
  }
}

Deno.test("a random sequence of versions: every reader equals the leader after each", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(stepArb, { minLength: 1, maxLength: 60 }),
      fc.constantFrom(2, 5, 300),
      replay,
    ),
    { numRuns: 25 },
  );
});
