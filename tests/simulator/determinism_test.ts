import assert from "node:assert/strict";
import { createSimulator, type Simulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  ACTIVITY,
  activityBody,
  aggregateBody,
  AGGREGATES,
  get,
  observationBody,
  OBSERVATIONS,
  post,
  token,
} from "./_helpers.ts";

const MINUTE = 60_000;

/** Every answer whose bytes must depend only on (options, time). */
async function answers(sim: Simulator, now: number): Promise<string[]> {
  const t = await token(sim);
  const ids = sim.queueIds();
  const dayStart = now - now % 86_400_000;
  // From the warm-up before midnight to just after now: never empty.
  const interval = `${new Date(dayStart - 3_600_000).toISOString()}/${
    new Date(now + 1).toISOString()
  }`;
  const calls = [
    post(sim, t, OBSERVATIONS, observationBody(ids, true)),
    post(sim, t, AGGREGATES, aggregateBody(ids, interval)),
    post(sim, t, ACTIVITY, activityBody(ids)),
    get(sim, t, "/api/v2/users?expand=presence,routingStatus&pageSize=500"),
    get(sim, t, "/api/v2/routing/queues?pageSize=500"),
  ];
  const out: string[] = [];
  for (const res of await Promise.all(calls)) {
    assert.equal(res.status, 200);
    out.push(await res.text());
  }
  return out;
}

Deno.test("same seed and time give byte-identical answers, however often queried before", async () => {
  const start = Date.parse("2026-11-27T00:00:00.000Z");
  const end = Date.parse("2026-11-27T15:37:12.345Z");
  const busy = new FakeClock(start);
  const stepped = createSimulator({ seed: 9, clock: busy });
  for (let t = start; t < end; t += 17 * MINUTE) {
    await busy.tickAsync(t - busy.now());
    await answers(stepped, busy.now());
  }
  await busy.tickAsync(end - busy.now());
  const late = createSimulator({ seed: 9, clock: new FakeClock(end) });
  const a = await answers(stepped, end);
  const b = await answers(late, end);
  assert.equal(a.length, 5);
  for (let i = 0; i < a.length; i++) assert.equal(a[i], b[i]);
  assert.ok(a[1].includes('"nOffered"'));
});

Deno.test("determinism holds across local midnight", async () => {
  const clock = new FakeClock("2026-11-26T23:00:00.000Z");
  const crossing = createSimulator({ seed: 3, clock });
  for (let i = 0; i < 8; i++) {
    await answers(crossing, clock.now());
    await clock.tickAsync(15 * MINUTE);
  }
  const fresh = createSimulator({ seed: 3, clock: new FakeClock(clock.now()) });
  assert.deepEqual(
    await answers(crossing, clock.now()),
    await answers(fresh, clock.now()),
  );
});

Deno.test("a different seed gives a different org", async () => {
  const clock = new FakeClock();
  const one = createSimulator({ seed: 1, clock });
  const two = createSimulator({ seed: 2, clock });
  assert.notDeepEqual(one.queueIds(), two.queueIds());
  assert.deepEqual(
    one.queueIds(),
    createSimulator({ seed: 1, clock }).queueIds(),
  );
  const [a, b] = await Promise.all([one, two].map(async (sim) => {
    const res = await get(sim, await token(sim), "/api/v2/users?pageSize=500");
    return await res.text();
  }));
  assert.notEqual(a, b);
});

Deno.test("org size follows the options: ids are stable and unique", () => {
  const sim = createSimulator({ seed: 5, queues: 30, agents: 7 });
  const ids = sim.queueIds();
  assert.equal(ids.length, 30);
  assert.equal(new Set(ids).size, 30);
  for (const id of ids) {
    assert.match(
      id,
      /^q-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  }
});
