/**
 * kill -9 of the leader with two processes on one KV file: the survivor
 * polls within 5 s (measured from the kill to the first observation call
 * the simulator sees), its `/readyz` never says stale, and a screen on the
 * survivor sees every version across the takeover, in order, once.
 *
 * @module
 */

import assert from "node:assert/strict";
import { systemClock } from "../../src/clock.ts";
import { callsOf, OBSERVATIONS, subscribe, WsClient } from "../_support/mod.ts";
import { serveSim } from "../_support/mod.ts";
import { startInstance } from "./_processes.ts";

Deno.test("leader kill -9: the survivor polls within 5 s and never turns stale", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-faults-" });
  await using served = serveSim({ seed: 21 });
  const kvPath = `${dir}/kv.sqlite3`;
  const all = await Promise.all([
    startInstance(served.url, kvPath),
    startInstance(served.url, kvPath),
  ]);
  let screen: WsClient | null = null;
  try {
    const leads = (i: number) =>
      all[i].proc.stdout.some((l) => l.includes('"msg":"Polling as leader"'));
    await all[0].proc.waitForLine(/"msg":"(Polling as leader|Standing by)/);
    await all[1].proc.waitForLine(/"msg":"(Polling as leader|Standing by)/);
    const [a, b] = leads(0) ? all : [all[1], all[0]];
    assert.ok(leads(all.indexOf(a)) && !leads(all.indexOf(b)));
    screen = (await subscribe(b.wsUrl, {}, { clock: systemClock() })).client;
    const before = screen.view!.version;
    await screen.until(() => screen!.view!.version > before);

    const killedAt = Date.now();
    a.proc.child.kill("SIGKILL");
    const ready: number[] = [];
    let polledAt: number | undefined;
    while (polledAt === undefined || Date.now() < polledAt + 1000) {
      assert.ok(Date.now() - killedAt < 15_000, "the survivor polls");
      ready.push((await fetch(`${b.base}/readyz`)).status);
      polledAt ??= callsOf(served.sim, OBSERVATIONS, killedAt, 0)[0]?.at;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const takeover = polledAt - killedAt;
    console.log(`takeover: first poll ${takeover} ms after kill -9`);
    assert.ok(takeover <= 5000, `${takeover} ms`);
    assert.ok(ready.every((s) => s === 200), `readyz ${ready.join(",")}`);
    await b.proc.waitForLine(/"msg":"Polling as leader"/);
    // The survivor's own commits reach its screen, after the leader's.
    const last = screen.view!.version;
    await screen.until(() => screen!.view!.version > last);
    assert.equal(screen.broken, null);
    const versions = screen.frames.flatMap((f) =>
      f.msg.type === "delta" ? [f.msg.version - f.msg.prev] : []
    );
    assert.ok(versions.every((step) => step === 1), "every version, once");
  } finally {
    await screen?.close();
    await Promise.all(all.map((instance) => instance.proc.stop()));
    await Deno.remove(dir, { recursive: true });
  }
});
