import assert from "node:assert/strict";
import {
  buildSnapshot,
  DEFAULT_ALERT_RULES,
  diffSnapshots,
  flatTrend,
  type SnapshotData,
} from "../../src/snapshot/mod.ts";
import {
  createOrg,
  pollInput,
  prng,
  refreshToday,
  tick,
} from "../../bench/_synthetic.ts";

const staticRules = DEFAULT_ALERT_RULES.filter((r) =>
  r.metric !== "oldestWaitingMs"
);

Deno.test("prng is deterministic per seed and stays in [0, 1)", () => {
  const a = prng(7);
  const b = prng(7);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(Array.from({ length: 1000 }, () => b()), xs);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notEqual(prng(8)(), prng(7)());
});

Deno.test("createOrg gives the asked sizes, every agent in one to three queues", () => {
  const org = createOrg({ queues: 200, agents: 1000 });
  assert.equal(org.queues.length, 200);
  assert.equal(org.agents.length, 1000);
  assert.equal(org.groups, 40);
  for (const a of org.agents) {
    assert.ok(a.queueIds.length >= 1 && a.queueIds.length <= 3);
  }
  const input = pollInput(org);
  assert.equal(input.queues.length, 200);
  assert.equal(Object.keys(input.users).length, 1000);
});

Deno.test("the same seed renders the same poll", () => {
  const a = createOrg({ queues: 20, agents: 50, seed: 3 });
  const b = createOrg({ queues: 20, agents: 50, seed: 3 });
  tick(a, 0.1);
  tick(b, 0.1);
  assert.deepEqual(pollInput(a), pollInput(b));
});

Deno.test("tick changes the asked fraction of queues and agents", () => {
  const org = createOrg({ queues: 200, agents: 1000 });
  const build = () =>
    buildSnapshot(pollInput(org), {
      source: "simulator",
      fetchedAt: org.now,
      rules: staticRules,
    });
  const before = build();
  tick(org, 0.1);
  const changes = diffSnapshots(before, build());
  assert.equal(changes.queues.size, 20);
  assert.equal(changes.agents.size, 100);
});

Deno.test("today is rendered in 30-minute buckets; refreshToday moves only the current one", () => {
  const org = createOrg({ queues: 200, agents: 100 });
  const build = (previous: SnapshotData | null = null) =>
    buildSnapshot(pollInput(org), {
      source: "simulator",
      fetchedAt: org.now,
      rules: staticRules,
      previous,
    });
  const before = build();
  // 10:00 UTC: 20 intervals since midnight per queue.
  assert.equal(Object.keys(flatTrend(before.trend)).length, 200 * 20);
  refreshToday(org, 1 / 3, prng(1));
  const changes = diffSnapshots(before, build(before));
  assert.ok(changes.trend.size > 40 && changes.trend.size < 100);
  for (const key of changes.trend) {
    assert.ok(key.endsWith("|2026-11-27T09:30:00.000Z"), key);
  }
  assert.equal(changes.queues.size, changes.trend.size);
});
