/**
 * Helpers of the push end-to-end tests: an in-process service fed by
 * push, a screen (WebSocket client) that applies every frame and notes the
 * fake time it arrived at, a fresh poll of the simulator to compare with,
 * and the simulator's request log.
 *
 * @module
 */

import assert from "node:assert/strict";
import { createGenesysClient } from "../../src/genesys/mod.ts";
import { buildSnapshot, type SnapshotData } from "../../src/snapshot/mod.ts";
import type { Simulator } from "../../src/simulator/mod.ts";
import {
  type Msg,
  startTestService,
  subscribe,
  type TestService,
  type TestServiceOptions,
  type WsClient,
} from "../_support/mod.ts";

/** Poll interval of the push tests, ms. */
export const POLL_MS = 5000;
/** Commit coalescing of the push tests (the default), ms. */
export const COMMIT_MS = 250;

const OBSERVATIONS = "/api/v2/analytics/queues/observations/query";

/** Starts the service on push (5 s polls, 60 s reconcile, 250 ms commits). */
export function startPushService(
  options: TestServiceOptions = {},
): Promise<TestService> {
  return startTestService({
    ...options,
    env: {
      GENESYS_NOTIFICATIONS: "true",
      POLL_INTERVAL_MS: String(POLL_MS),
      ...options.env,
    },
  });
}

/** What `/readyz` says fed the latest snapshot. */
export async function ingestOf(svc: TestService): Promise<string | undefined> {
  return (await svc.getJson("/readyz")).body.ingest;
}

/** Advances fake time in `stepMs` steps until `/readyz` says `ingest`. */
export async function untilIngest(
  svc: TestService,
  ingest: "push" | "poll",
  maxMs = 300_000,
  stepMs = 250,
): Promise<number> {
  const start = svc.clock.now();
  while ((await ingestOf(svc)) !== ingest) {
    if (svc.clock.now() - start > maxMs) {
      throw new Error(`Cannot see ingest "${ingest}" within ${maxMs} ms`);
    }
    await svc.clock.advance(stepMs);
  }
  return svc.clock.now();
}

/** Fake times of the simulator's observation calls at or after `from`. */
export function observationCalls(sim: Simulator, from: number): number[] {
  return sim.stats().log.filter((e) => e.path === OBSERVATIONS && e.at >= from)
    .map((e) => e.at);
}

/** Subscribes a screen to every queue and agent, timed in fake time. */
export async function openScreen(svc: TestService): Promise<WsClient> {
  const { client, first } = await subscribe(svc.wsUrl, { agents: true }, {
    clock: svc.clock,
  });
  assert.equal(first.type, "snapshot");
  return client;
}

/** The live part of a queue: what push and polls feed. */
function live(queue: Msg): Msg {
  const { today: _today, alerts: _alerts, ...rest } = queue;
  return rest;
}

/** Polls the simulator now (its own client and token) and builds the data. */
export async function freshPoll(
  sim: Simulator,
  at: number,
): Promise<SnapshotData> {
  const api = createGenesysClient({
    apiUrl: "http://sim.test",
    loginUrl: "http://sim.test",
    credentials: sim.credentials,
    fetch: sim.fetch,
    clock: { now: () => at, sleep: () => Promise.resolve() },
  });
  const queues = await api.listQueues();
  const ids = queues.map((q) => q.id);
  const [observations, activity] = await Promise.all([
    api.queueObservations(ids),
    api.routingActivity(ids),
  ]);
  const userIds = new Set(
    (activity.results ?? []).flatMap((g) =>
      (g.entities ?? []).map((e) => e.userId)
    ),
  );
  const users = Object.fromEntries(
    (await api.getUsers([...userIds])).map((u) => [u.id, u]),
  );
  return buildSnapshot({
    queues,
    observations,
    aggregates: null,
    aggregateInterval: null,
    activity,
    users,
  }, { source: "simulator", fetchedAt: at, rules: [] });
}

/**
 * Steps fake time to the simulator's next change look, polls the
 * simulator at that instant, lets the service commit what the look pushed,
 * and checks that the screen shows what the fresh poll says (queues'
 * live figures and every agent). A look with a service poll right after
 * it is skipped (that poll could see later changes).
 */
export async function assertScreenEqualsFreshPoll(
  svc: TestService,
  screen: WsClient,
): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const messages = svc.sim.stats().notifications.messages;
    while (svc.sim.stats().notifications.messages === messages) {
      await svc.clock.advance(Math.max(1, svc.clock.nextAt! - svc.clock.now()));
    }
    const look = svc.clock.now();
    const reference = await freshPoll(svc.sim, look);
    await svc.clock.advance(COMMIT_MS + 1);
    if (observationCalls(svc.sim, look + 1).length > 0) continue;
    const { body } = await svc.getJson("/api/v1/snapshot?agents=true");
    await screen.until(
      () => screen.view!.version >= body.version,
      "receive the newest version",
    );
    const queues = (view: Msg) =>
      Object.fromEntries(
        Object.entries(view.queues as Record<string, Msg>).map((
          [id, q],
        ) => [id, live(q)]),
      );
    assert.equal(screen.broken, null);
    assert.deepEqual(queues(screen.view!), queues(reference));
    assert.deepEqual(screen.view!.agents, reference.agents);
    assert.deepEqual(queues(body), queues(reference));
    return;
  }
  throw new Error("Cannot find a quiet look to compare at");
}
