/**
 * End-to-end tests of one queuepulse isolate: `startService` in-process on
 * a `FakeClock` and a `:memory:` KV, served by a real `Deno.serve`, with
 * real WebSocket, SSE and REST clients (docs/protocol.md, sections 2 and 4).
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import {
  applyFrame,
  content,
  guard,
  type Msg,
  type ScreenView,
  startTestService,
  subscribe,
  type TestService,
  WsClient,
} from "../_support/mod.ts";

/** Polls once, then waits until `client` holds the new version. */
async function pollAndReceive(
  svc: TestService,
  client: WsClient,
  view: ScreenView,
): Promise<{ view: ScreenView; frame: Msg }> {
  const version = await svc.startNextPoll();
  const frame = await client.next();
  assert.equal(frame.type, "delta", JSON.stringify(frame).slice(0, 200));
  assert.equal(frame.version, version);
  return { view: applyFrame(view, frame), frame };
}

/** The REST snapshot with `query`, checked to be at `version`. */
async function restAt(
  svc: TestService,
  version: number,
  query = "",
): Promise<Msg> {
  const { status, body } = await svc.getJson(`/api/v1/snapshot${query}`);
  assert.equal(status, 200);
  assert.equal(body.version, version);
  return body;
}

Deno.test("service: applying every delta to the snapshot gives the REST snapshot (property over seeds)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 2_000_000_000 }),
      fc.boolean(),
      fc.option(fc.uniqueArray(fc.nat(11), { minLength: 1, maxLength: 4 })),
      async (seed, agents, picked) => {
        const svc = await startTestService({ seed });
        const ids = svc.sim.queueIds();
        const queues = picked === null ? undefined : picked.map((i) => ids[i]);
        const query = `?agents=${agents}` +
          (queues ? `&queues=${queues.join(",")}` : "");
        const { client, hello, first } = await subscribe(svc.wsUrl, {
          agents,
          ...(queues ? { queues } : {}),
        });
        try {
          assert.equal(hello.source, "simulator");
          assert.equal(hello.authRequired, false);
          assert.equal(first.type, "snapshot");
          assert.equal(first.resumed, false);
          let view = applyFrame(null, first);
          assert.deepEqual(
            content(view),
            content(await restAt(svc, view.version, query)),
          );
          for (let i = 0; i < 10; i++) {
            ({ view } = await pollAndReceive(svc, client, view));
            const rest = await restAt(svc, view.version, query);
            assert.equal(rest.epoch, view.epoch);
            assert.deepEqual(content(view), content(rest));
          }
          assert.equal(view.version, first.version + 10);
        } finally {
          await client.close();
          await svc.close();
        }
      },
    ),
    { numRuns: 5, seed: 20261127 },
  );
});

Deno.test("service: prev chains without gaps over 50 versions", async () => {
  const svc = await startTestService({ seed: 77 });
  const { client, first } = await subscribe(svc.wsUrl, { agents: true });
  try {
    assert.equal(first.type, "snapshot");
    assert.equal(first.version, 1);
    let view = applyFrame(null, first);
    let changedQueues = 0;
    for (let i = 0; i < 50; i++) {
      const before = view.version;
      const step = await pollAndReceive(svc, client, view);
      assert.equal(step.frame.prev, before);
      assert.equal(step.frame.version, before + 1);
      assert.equal(step.frame.epoch, first.epoch);
      changedQueues += Object.keys(step.frame.queues).length;
      view = step.view;
    }
    assert.equal(view.version, 51);
    // The simulated traffic moves: deltas are not all empty.
    assert.ok(changedQueues > 0);
    assert.deepEqual(
      content(view),
      content(await restAt(svc, 51, "?agents=true")),
    );
    // Nothing else arrived: exactly one snapshot and 50 deltas.
    assert.deepEqual(
      client.received.map((m) => m.type),
      ["hello", "snapshot", ...Array(50).fill("delta")],
    );
  } finally {
    await client.close();
    await svc.close();
  }
});

Deno.test("service: a queue filter sees that queue alone; agents on and off", async () => {
  const svc = await startTestService({ seed: 5 });
  const ids = svc.sim.queueIds();
  const id = ids[2];
  const one = await subscribe(svc.wsUrl, { queues: [id], agents: true });
  const none = await subscribe(svc.wsUrl, { queues: [id] });
  const all = await subscribe(svc.wsUrl, {});
  const clients = [one.client, none.client, all.client];
  try {
    const snapshot = one.first;
    assert.deepEqual(Object.keys(snapshot.queues), [id]);
    const queue = snapshot.queues[id];
    const totals = snapshot.totals;
    // Totals of that queue alone.
    assert.equal(totals.waiting, queue.waiting);
    assert.equal(totals.interacting, queue.interacting);
    assert.equal(totals.alerting, queue.alerting);
    assert.equal(totals.oldestWaitingSince, queue.oldestWaitingSince);
    assert.equal(totals.agentsOnQueue, queue.agents.onQueue);
    assert.equal(totals.agentsIdle, queue.agents.idle);
    assert.equal(totals.agentsNotResponding, queue.agents.notResponding);
    assert.equal(totals.offered, queue.today.offered);
    assert.equal(totals.answered, queue.today.answered);
    assert.equal(totals.abandoned, queue.today.abandoned);
    assert.equal(totals.serviceLevel, queue.today.serviceLevel);
    assert.equal(totals.abandonRate, queue.today.abandonRate);
    // Agents: only members of the queue, their queueIds cut to it.
    const agents = Object.values(snapshot.agents as Record<string, Msg>);
    assert.ok(agents.length > 0);
    for (const agent of agents) assert.deepEqual(agent.queueIds, [id]);
    assert.equal(none.first.agents, undefined);
    assert.deepEqual(Object.keys(none.first.queues), [id]);
    assert.deepEqual(none.first.totals, totals);
    assert.equal(Object.keys(all.first.queues).length, ids.length);
    assert.equal(all.first.agents, undefined);

    let views = [one.first, none.first, all.first].map((f) =>
      applyFrame(null, f)
    );
    for (let i = 0; i < 5; i++) {
      const version = await svc.startNextPoll();
      const frames = await Promise.all(clients.map((c) => c.next()));
      for (const frame of frames) {
        assert.equal(frame.type, "delta");
        assert.equal(frame.version, version);
      }
      for (const key of Object.keys(frames[0].queues)) assert.equal(key, id);
      for (const key of Object.keys(frames[1].queues)) assert.equal(key, id);
      assert.ok(frames[0].agents !== undefined);
      assert.equal(frames[1].agents, undefined);
      assert.equal(frames[2].agents, undefined);
      for (const agent of Object.values(frames[0].agents as Msg)) {
        if (agent !== null) assert.deepEqual(agent.queueIds, [id]);
      }
      views = views.map((v, n) => applyFrame(v, frames[n]));
    }
    const version = views[0].version;
    for (
      const [n, query] of [
        `?queues=${id}&agents=true`,
        `?queues=${id}`,
        "",
      ].entries()
    ) {
      assert.deepEqual(
        content(views[n]),
        content(await restAt(svc, version, query)),
      );
    }
  } finally {
    for (const client of clients) await client.close();
    await svc.close();
  }
});

Deno.test("service: resume inside the ring is one resumed delta; outside it a snapshot", async () => {
  const svc = await startTestService({ seed: 9 });
  const first = await subscribe(svc.wsUrl, { agents: true });
  const saved = applyFrame(null, first.first);
  await first.client.close();
  // A second screen stays connected and tells when a version arrived.
  const watcher = await subscribe(svc.wsUrl, {});
  try {
    let watched = applyFrame(null, watcher.first);
    for (let i = 0; i < 3; i++) {
      ({ view: watched } = await pollAndReceive(svc, watcher.client, watched));
    }
    const current = saved.version + 3;
    assert.equal(watched.version, current);
    const rest = await restAt(svc, current, "?agents=true");

    const back = await subscribe(svc.wsUrl, {
      agents: true,
      since: { epoch: saved.epoch, version: saved.version },
    });
    try {
      assert.equal(back.hello.version, current);
      assert.equal(back.first.type, "delta");
      assert.equal(back.first.resumed, true);
      assert.equal(back.first.prev, saved.version);
      assert.equal(back.first.version, current);
      assert.deepEqual(content(applyFrame(saved, back.first)), content(rest));
    } finally {
      await back.client.close();
    }

    for (
      const since of [
        { epoch: "another-epoch", version: saved.version },
        { epoch: saved.epoch, version: 0 },
      ]
    ) {
      const fresh = await subscribe(svc.wsUrl, { agents: true, since });
      try {
        assert.equal(fresh.first.type, "snapshot");
        assert.equal(fresh.first.resumed, false);
        assert.equal(fresh.first.version, current);
        assert.deepEqual(content(fresh.first), content(rest));
      } finally {
        await fresh.client.close();
      }
    }
    const metrics = await (await fetch(`${svc.base}/metrics`)).text();
    assert.match(
      metrics,
      /^queuepulse_resumed_total\{isolate="e2e00001"\} 1$/m,
    );
    assert.match(
      metrics,
      /^queuepulse_resume_missed_total\{isolate="e2e00001"\} 2$/m,
    );
  } finally {
    await watcher.client.close();
    await svc.close();
  }
});

Deno.test("service: SSE with Last-Event-ID resumes with a resumed delta", async () => {
  const svc = await startTestService({ seed: 13 });
  const { client, first } = await subscribe(svc.wsUrl, {});
  try {
    let view = applyFrame(null, first);
    const saved = view;
    for (let i = 0; i < 2; i++) {
      ({ view } = await pollAndReceive(svc, client, view));
    }
    const res = await guard(
      fetch(`${svc.base}/api/v1/stream`, {
        headers: { "last-event-id": `${saved.epoch}:${saved.version}` },
      }),
      "open the event stream",
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      let text = "";
      while (!text.includes("\n\n")) {
        const { value, done } = await guard(reader.read(), "read an event");
        assert.equal(done, false);
        text += value;
      }
      const block = text.slice(0, text.indexOf("\n\n")).split("\n");
      assert.equal(block[0], "event: delta");
      assert.equal(block[1], `id: ${saved.epoch}:${view.version}`);
      assert.ok(block[2].startsWith("data: "));
      const data = JSON.parse(block[2].slice("data: ".length));
      assert.equal(data.type, "delta");
      assert.equal(data.resumed, true);
      assert.equal(data.prev, saved.version);
      assert.equal(data.version, view.version);
      assert.deepEqual(content(applyFrame(saved, data)), content(view));
    } finally {
      await reader.cancel();
    }
  } finally {
    await client.close();
    await svc.close();
  }
});

Deno.test({
  name:
    "service: shutdown() closes WebSockets with 1001 and leaves nothing running",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const svc = await startTestService({ seed: 21 });
    const a = await subscribe(svc.wsUrl, { agents: true });
    const b = await subscribe(svc.wsUrl, {});
    await svc.startNextPoll();
    await Promise.all([a.client.next(), b.client.next()]);
    await guard(svc.close(), "shut down", 2000);
    const codes = await Promise.all(
      [a.client, b.client].map((c) => guard(c.closed, "see the close")),
    );
    assert.deepEqual(codes, [
      { code: 1001, reason: "Server shutting down" },
      { code: 1001, reason: "Server shutting down" },
    ]);
    // A second shutdown is the same, finished one.
    await svc.service.shutdown();
    // Nothing waits on the fake clock any more.
    assert.equal(svc.clock.pending, 0);
  },
});

Deno.test("service: /healthz, /readyz before and after the first snapshot, /metrics", async () => {
  // An outage from the start: the first poll fails, so no snapshot yet.
  const svc = await startTestService({
    seed: 2,
    prepare: (sim) => sim.setFaults({ outage: true }),
  });
  try {
    assert.deepEqual(await svc.getJson("/healthz"), {
      status: 200,
      body: { status: "ok" },
    });
    assert.deepEqual(await svc.getJson("/readyz"), {
      status: 503,
      body: { status: "starting", fetchedAt: null },
    });
    const early = await svc.getJson("/api/v1/snapshot");
    assert.equal(early.status, 503);
    assert.equal(early.body.error.code, "starting");

    svc.sim.clearFaults();
    const version = await svc.startNextPoll();
    assert.equal(version, 1);
    const { client } = await subscribe(svc.wsUrl, {});
    await client.close();
    const ready = await svc.getJson("/readyz");
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, "ready");
    assert.equal(ready.body.version, 1);
    assert.equal(typeof ready.body.fetchedAt, "string");

    const res = await fetch(`${svc.base}/metrics`);
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get("content-type"),
      "text/plain; version=0.0.4; charset=utf-8",
    );
    const text = await res.text();
    assert.match(text, /^# TYPE queuepulse_snapshot_version gauge$/m);
    assert.match(text, /^queuepulse_snapshot_version 1$/m);
    // The in-process isolate is the only one: it leads and committed v1.
    assert.match(text, /^queuepulse_isolates 1$/m);
    assert.match(text, /^queuepulse_poller_leader\{isolate="e2e00001"\} 1$/m);
    assert.match(
      text,
      /^queuepulse_poller_commits_total\{isolate="e2e00001"\} 1$/m,
    );
    assert.match(text, /^queuepulse_genesys_rate_limit_per_minute 300$/m);
    // Planned from the default allowance: 80 % of 300 calls/min.
    assert.match(
      text,
      /^queuepulse_poller_rate_ceiling_calls_per_minute 240$/m,
    );
    assert.match(text, /^queuepulse_stale 0$/m);
  } finally {
    await svc.close();
  }
});
