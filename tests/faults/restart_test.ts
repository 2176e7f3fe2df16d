/**
 * kill -9 of a single process and a restart on the same KV file: the new
 * process polls within 6 s of the kill (it waits out the dead process's
 * lease), keeps the epoch, and continues the version: a screen that held
 * the last version resumes from it with a delta and sees every new
 * version once.
 *
 * @module
 */

import assert from "node:assert/strict";
import { systemClock } from "../../src/clock.ts";
import { createSnapshotStore } from "../../src/snapshot/mod.ts";
import { callsOf, OBSERVATIONS, subscribe, WsClient } from "../_support/mod.ts";
import { serveSim } from "../_support/mod.ts";
import { type Instance, startInstance } from "./_processes.ts";

Deno.test("restart after kill -9: polls within 6 s, same epoch, the version goes on", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-faults-" });
  await using served = serveSim({ seed: 21 });
  const kvPath = `${dir}/kv.sqlite3`;
  const all: Instance[] = [];
  let screen: WsClient | null = null;
  try {
    const first = await startInstance(served.url, kvPath);
    all.push(first);
    await first.proc.waitForLine(/"msg":"Polling as leader"/);
    const before =
      (await subscribe(first.wsUrl, {}, { clock: systemClock() })).client;
    await before.until(() => before.view!.version >= 2);
    await before.close();

    const killedAt = Date.now();
    first.proc.child.kill("SIGKILL");
    await first.proc.output();
    // What the dead process committed last, read from its KV file.
    const kv = await Deno.openKv(kvPath);
    const held = await createSnapshotStore({
      kv,
      clock: systemClock(),
      broadcast: false,
    }).latest();
    kv.close();
    assert.ok(held !== null);

    const second = await startInstance(served.url, kvPath);
    all.push(second);
    screen = (await subscribe(second.wsUrl, {}, {
      clock: systemClock(),
      view: {
        epoch: held.epoch,
        version: held.version,
        queues: held.queues as never,
        totals: {},
      },
    })).client;
    await second.proc.waitForLine(/"msg":"Polling as leader"/);
    await screen.until(() => screen!.view!.version >= held.version + 2);
    const polledAt = callsOf(served.sim, OBSERVATIONS, killedAt, 0)[0].at;
    const restart = polledAt - killedAt;
    console.log(`restart: first poll ${restart} ms after kill -9`);
    assert.ok(restart <= 6000, `${restart} ms`);

    const [answer, ...deltas] = screen.frames.slice(1).map((f) => f.msg);
    assert.deepEqual(
      [answer.type, answer.resumed, answer.epoch, answer.prev],
      ["delta", true, held.epoch, held.version],
    );
    assert.equal(screen.broken, null);
    assert.deepEqual(
      deltas.map((d) => [d.prev, d.version]),
      deltas.map((_, i) => [answer.version + i, answer.version + i + 1]),
    );
  } finally {
    await screen?.close();
    await Promise.all(all.map((instance) => instance.proc.stop()));
    await Deno.remove(dir, { recursive: true });
  }
});
