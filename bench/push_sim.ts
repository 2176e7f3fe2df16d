/**
 * Cost of the simulator's push side: every queue observation topic and
 * every agent's combined user topic subscribed through the notification
 * client, in process, on fake time; prints the wall time of one simulated
 * second (the change look included) and the events a second.
 *
 *   deno run bench/push_sim.ts [--queues 1000] [--agents 10000] [--seconds 20]
 *
 * @module
 */

import { parseArgs } from "node:util";
import type { Clock } from "../src/clock.ts";
import { createNotificationClient } from "../src/genesys/mod.ts";
import { createSimulator } from "../src/simulator/mod.ts";

/** A clock whose sleepers wake only when `advance` moves time past them. */
function steppedClock(start: number) {
  let now = start;
  let sleepers: { at: number; wake: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const sleeper = { at: now + ms, wake: resolve };
        sleepers.push(sleeper);
        signal?.addEventListener("abort", () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        }, { once: true });
      }),
  };
  async function advance(ms: number): Promise<void> {
    now += ms;
    const due = sleepers.filter((s) => s.at <= now);
    sleepers = sleepers.filter((s) => s.at > now);
    for (const s of due) s.wake();
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  }
  return { clock, advance };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      queues: { type: "string", default: "1000" },
      agents: { type: "string", default: "10000" },
      seconds: { type: "string", default: "20" },
    },
  });
  const { clock, advance } = steppedClock(Date.parse("2026-11-27T10:00:00Z"));
  const sim = createSimulator({
    seed: 1,
    queues: Number(values.queues),
    agents: Number(values.agents),
    clock,
  });
  const fetch = (request: Request) => sim.handler(request);
  const options = {
    apiUrl: "http://sim",
    loginUrl: "http://sim",
    credentials: { clientId: "sim-client", clientSecret: "sim-secret" },
    fetch,
    clock,
  };
  const token = (await (await fetch(
    new Request("http://sim/oauth/token", {
      method: "POST",
      headers: { authorization: `Basic ${btoa("sim-client:sim-secret")}` },
      body: "grant_type=client_credentials",
    }),
  )).json()).access_token;
  const users: string[] = [];
  for (let page = 1;; page++) {
    const answer = await (await fetch(
      new Request(`http://sim/api/v2/users?pageSize=500&pageNumber=${page}`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    )).json();
    users.push(...answer.entities.map((u: { id: string }) => u.id));
    if (!answer.nextUri) break;
  }
  const topics = [
    ...sim.queueIds().map((id) => `v2.analytics.queues.${id}.observations`),
    ...users.map((id) => `v2.users.${id}?presence&routingStatus`),
  ];
  let events = 0;
  const push = createNotificationClient({
    ...options,
    connect: (url) => sim.connect(url),
  });
  const session = await push.open(topics, { onEvent: () => events++ });
  await advance(1000);
  const seconds = Number(values.seconds);
  const before = events;
  const start = performance.now();
  for (let i = 0; i < seconds; i++) await advance(1000);
  const ms = (performance.now() - start) / seconds;
  console.log(
    `${topics.length} topics on ${session.health().length} channels: ` +
      `${ms.toFixed(1)} ms of wall time per simulated second, ` +
      `${((events - before) / seconds).toFixed(1)} events/s`,
  );
  session.close();
  sim.close();
}

if (import.meta.main) await main();
