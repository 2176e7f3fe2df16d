/**
 * Scope leak end-to-end tests (issue 5): a client scoped to one queue sees,
 * over hundreds of versions, nothing of any other queue or of agents outside
 * its queue, on WebSocket, SSE and REST, and its totals (and, with the
 * trend, its totals per interval) are the totals of its queue alone.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  applyDelta,
  applyTrend,
  computeTotals,
  flatTrend,
  type Snapshot,
  trendViewOf,
  type View,
  viewOf,
} from "../../src/snapshot/mod.ts";
import { makeData, makeOrg, membersOf, prng } from "./_security_data.ts";
import {
  Evidence,
  type Harness,
  mint,
  startHarness,
} from "./_security_helpers.ts";
import { request } from "./_security_clients.ts";
import { type Msg, SseClient, WsClient } from "../_support/mod.ts";

const evidence = new Evidence();
const VERSIONS = 250;
const LIVE_CYCLES = 25;

/**
 * Follows one scoped client's frames: checks every raw frame for foreign
 * ids, continuity, and that the view it builds equals the server's view of
 * the scoped queue (totals over that queue alone).
 */
class ScopedView {
  view: View | null = null;
  version = 0;
  frames = 0;

  constructor(
    readonly name: string,
    readonly queueId: string,
    readonly agents: boolean,
    readonly forbidden: readonly string[],
    readonly trend = false,
  ) {}

  check(raw: string, snapshots: Map<number, Snapshot>): void {
    for (const word of this.forbidden) {
      assert.ok(
        !raw.includes(word),
        `${this.name}: frame v${this.version + 1} leaks ${word}`,
      );
    }
    const frame = JSON.parse(raw) as Msg;
    const now = snapshots.get(frame.version as number)!;
    assert.ok(now, `${this.name}: unknown version ${frame.version}`);
    // Agents may appear only if in the queue before or after this frame.
    const allowed = membersOf(now, this.queueId);
    if (frame.type === "delta") {
      assert.equal(frame.prev, this.version, `${this.name}: continuity`);
      for (const id of membersOf(snapshots.get(this.version)!, this.queueId)) {
        allowed.add(id);
      }
      this.view = applyDelta(this.view!, frame as never);
    } else {
      assert.equal(frame.type, "snapshot", `${this.name}: ${raw}`);
      this.view = {
        queues: frame.queues,
        totals: frame.totals,
        ...(frame.agents ? { agents: frame.agents } : {}),
        ...(frame.trend
          ? {
            trend: applyTrend({}, frame.trend as never),
            trendTotals: frame.trendTotals,
          }
          : {}),
      } as View;
    }
    for (const agent of Object.values(now.agents)) {
      if (!allowed.has(agent.id)) {
        assert.ok(!raw.includes(agent.id), `${this.name}: leaks ${agent.id}`);
      }
    }
    for (const queue of Object.values(now.queues)) {
      if (queue.id === this.queueId) continue;
      assert.ok(!raw.includes(queue.id), `${this.name}: leaks ${queue.id}`);
    }
    const expected = viewOf(
      now,
      new Set([this.queueId]),
      this.agents,
      this.trend,
    );
    assert.deepEqual(
      this.view,
      expected,
      `${this.name}: view at ${now.version}`,
    );
    assert.deepEqual(
      (frame as { totals: unknown }).totals,
      computeTotals(now, [this.queueId]),
    );
    this.version = now.version;
    this.frames++;
  }
}

/** REST answers of a one-queue token: only that queue, 403 for the rest. */
async function checkRest(
  h: Harness,
  token: string,
  queueId: string,
  now: Snapshot,
  others: readonly string[],
  forbidden: readonly string[],
): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const get = (path: string) =>
    request(evidence, `${h.base}${path}`, { headers });
  const answers = [
    await get("/api/v1/snapshot?agents=true"),
    await get("/api/v1/queues"),
    await get("/api/v1/agents"),
    await get(`/api/v1/queues/${queueId}`),
    await get("/api/v1/trend"),
  ];
  for (const answer of answers) {
    assert.equal(answer.status, 200, answer.text);
    for (const word of forbidden) {
      assert.ok(!answer.text.includes(word), `REST leaks ${word}`);
    }
  }
  const view = viewOf(now, new Set([queueId]), true);
  const snapshot = answers[0].json as Msg;
  assert.equal(snapshot.version, now.version);
  assert.deepEqual(
    [snapshot.queues, snapshot.agents, snapshot.totals],
    [view.queues, view.agents, computeTotals(now, [queueId])],
  );
  const q = now.queues[queueId];
  assert.deepEqual(answers[1].json, [
    { id: q.id, name: q.name, divisionId: q.divisionId },
  ]);
  assert.deepEqual(answers[2].json, view.agents);
  assert.deepEqual(answers[3].json, q);
  const trend = trendViewOf(now, new Set([queueId]));
  assert.deepEqual(answers[4].json, {
    epoch: now.epoch,
    version: now.version,
    fetchedAt: now.fetchedAt,
    trend: flatTrend(trend.trend),
    trendTotals: trend.trendTotals,
  });
  for (const other of others) {
    const one = await get(`/api/v1/queues/${other}`);
    assert.equal(one.status, 403);
    assert.deepEqual(one.json, {
      error: {
        code: "forbidden",
        message: `Cannot read queue ${
          JSON.stringify(other.slice(0, 64) + (other.length > 64 ? "…" : ""))
        }: outside the token's scope`,
      },
    });
    const filtered = await get(`/api/v1/snapshot?queues=${queueId},${other}`);
    assert.equal(filtered.status, 403);
    const stream = await get(`/api/v1/stream?queues=${other}`);
    assert.equal(stream.status, 403);
    const intervals = await get(`/api/v1/trend?queues=${other}`);
    assert.equal(intervals.status, 403);
  }
}

Deno.test(`a one-queue client sees only its queue over ${VERSIONS} versions (WS, SSE, REST)`, async () => {
  const seed = 20261127;
  const random = prng(seed);
  const org = makeOrg(random);
  const scoped = org.queues[0].id;
  const others = org.queues.slice(1).map((q) => q.id);
  const forbidden = [
    ...org.queues.slice(1).flatMap((q) => [q.id, q.name, q.divisionId]),
    ...org.agents.slice(0, 8).flatMap((a) => [a.id, a.name]),
  ];
  const h = await startHarness({ evidence, poller: "held" });
  const snapshots = new Map<number, Snapshot>();
  const commit = async (version: number) => {
    const snapshot = await h.commit(makeData(org, random, version));
    snapshots.set(snapshot.version, snapshot);
    return snapshot;
  };
  try {
    let now = await commit(1);
    const token = await mint(evidence, h.clock.now(), {
      claims: { queues: [scoped], agents: true },
      expIn: 86_400,
    });
    const wide = await WsClient.connect(h.wsUrl, { record: evidence.outputs });
    const narrow = await WsClient.connect(h.wsUrl, {
      record: evidence.outputs,
    });
    assert.equal((await wide.next()).type, "hello");
    assert.equal((await narrow.next()).type, "hello");
    wide.send({ type: "subscribe", token, agents: true, trend: true });
    narrow.send({ type: "subscribe", token, queues: [scoped] });
    const sse = await SseClient.open(
      `${h.base}/api/v1/stream?agents=true&trend=true`,
      {
        headers: { authorization: `Bearer ${token}` },
        record: evidence.outputs,
      },
    );
    const views = {
      wide: new ScopedView("ws (all in scope)", scoped, true, forbidden, true),
      narrow: new ScopedView("ws (queues filter)", scoped, false, forbidden),
      sse: new ScopedView("sse", scoped, true, forbidden, true),
    };
    for (let version = 1; version <= VERSIONS; version++) {
      if (version > 1) now = await commit(version);
      views.wide.check((await wide.nextRaw())!, snapshots);
      views.narrow.check((await narrow.nextRaw())!, snapshots);
      const event = await sse.next();
      assert.equal(event?.id, `${now.epoch}:${now.version}`);
      views.sse.check(event.data!, snapshots);
      if (version % 50 === 0) {
        // Asking for a queue outside the scope changes nothing.
        wide.send({ type: "subscribe", token, queues: [scoped, others[0]] });
        assert.deepEqual(await wide.next(), {
          type: "error",
          code: "forbidden",
          message: `Cannot subscribe: queue "${
            others[0]
          }" is outside the token's scope`,
        });
      }
      if (version % 25 === 0) {
        await checkRest(h, token, scoped, now, others, forbidden);
      }
    }
    for (const view of Object.values(views)) {
      assert.equal(view.frames, VERSIONS, view.name);
    }
    assert.equal(wide.unread + narrow.unread, 0);
    await sse.cancel();
    await wide.close();
    await narrow.close();
  } finally {
    await h.close();
  }
});

Deno.test("a one-queue client of the live poller sees only its queue (WS, SSE)", async () => {
  const h = await startHarness({
    evidence,
    env: { POLL_INTERVAL_MS: "5000", AGGREGATE_INTERVAL_MS: "5000" },
    agents: 40,
  });
  const snapshots = new Map<number, Snapshot>();
  try {
    await h.waitVersion(1);
    const first = (await h.latest())!;
    snapshots.set(first.version, first);
    // The busiest queue, so that its own deltas are frequent: a quiet queue
    // may not change for minutes (its today figures keep their interval).
    const scoped = Object.values(first.queues).reduce((a, b) =>
      b.today.offered > a.today.offered ? b : a
    ).id;
    const others = h.simulator.queueIds().filter((id) =>
      id !== scoped
    );
    const token = await mint(evidence, h.clock.now(), {
      claims: { queues: [scoped], agents: true },
      expIn: 86_400,
    });
    const ws = await WsClient.connect(h.wsUrl, { record: evidence.outputs });
    await ws.next();
    ws.send({ type: "subscribe", token, agents: true });
    const sse = await SseClient.open(`${h.base}/api/v1/stream?agents=true`, {
      headers: { authorization: `Bearer ${token}` },
      record: evidence.outputs,
    });
    const wsView = new ScopedView("ws", scoped, true, others);
    const sseView = new ScopedView("sse", scoped, true, others);
    let changed = 0;
    for (let cycle = 0; cycle < LIVE_CYCLES; cycle++) {
      if (cycle > 0) {
        await h.clock.tickAsync(5000);
        await h.waitVersion(cycle + 1);
        const now = (await h.latest())!;
        assert.equal(now.version, cycle + 1);
        snapshots.set(now.version, now);
      }
      const raw = (await ws.nextRaw())!;
      const frame = JSON.parse(raw) as {
        queues: Record<string, unknown>;
        agents?: Record<string, unknown>;
      };
      const entities = Object.keys(frame.queues).length +
        Object.keys(frame.agents ?? {}).length;
      if (cycle > 0 && entities > 0) changed++;
      wsView.check(raw, snapshots);
      sseView.check((await sse.next())!.data!, snapshots);
    }
    assert.equal(wsView.frames, LIVE_CYCLES);
    assert.equal(sseView.frames, LIVE_CYCLES);
    // Live traffic moves the scoped queue or its agents only now and then
    // (unchanged today figures are not a change); the check must still have
    // seen several real deltas of it.
    assert.ok(changed >= 3, `the scoped view changed ${changed} times`);
    await sse.cancel();
    await ws.close();
  } finally {
    await h.close();
  }
});

Deno.test("the leak checker itself catches a planted leak", () => {
  const random = prng(7);
  const org = makeOrg(random);
  const scoped = org.queues[0].id;
  const snapshot: Snapshot = {
    ...makeData(org, random, 1),
    epoch: "e-1",
    version: 1,
    committedAt: "2026-11-27T10:00:00.000Z",
  };
  const snapshots = new Map([[1, snapshot]]);
  const checker = () => new ScopedView("planted", scoped, true, []);
  const mine = viewOf(snapshot, new Set([scoped]), true);
  const frame = (view: View) =>
    JSON.stringify({ type: "snapshot", ...view, version: 1 });
  checker().check(frame(mine), snapshots);
  // Every queue; an agent with its queueIds uncut; another queue's totals.
  const uncut = Object.values(snapshot.agents).find((a) =>
    a.queueIds.includes(scoped) && a.queueIds.length > 1
  )!;
  const planted = [
    viewOf(snapshot, null, true),
    { ...mine, agents: { ...mine.agents, [uncut.id]: uncut } },
    { ...mine, totals: computeTotals(snapshot, [scoped, org.queues[1].id]) },
  ];
  for (const view of planted) {
    assert.throws(() => checker().check(frame(view), snapshots));
  }
});

Deno.test("scope tests leak no secret in logs, bodies or frames", () => {
  assert.ok(evidence.outputs.length > 500);
  assert.deepEqual(evidence.leaks(), []);
});
