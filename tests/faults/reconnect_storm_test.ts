/**
 * A reconnect storm: 2,000 screens (four kinds of view) drop their
 * connections at once and come back together with `since`, while the
 * poller keeps committing. Every screen resumes with one delta from where
 * it was (or a full snapshot when its position names another epoch), then
 * sees every version once, in order, and ends with exactly what REST shows
 * for its view; the storm is answered in bounded time.
 *
 * @module
 */

import assert from "node:assert/strict";
import { content, type Msg, subscribe } from "../_support/mod.ts";
import { startFaultRun } from "./_run.ts";

const SCREENS = 2000;
/** Every tenth screen remembers a position of another deployment. */
const FOREIGN = 200;
/** At most this many connections are opened at once. */
const BATCH = 250;

/** The subscription of screen `i`: four kinds of view. */
function viewOf(i: number, ids: string[]): Msg {
  switch (i % 4) {
    case 0:
      return {};
    case 1:
      return { agents: true };
    case 2:
      return { queues: [ids[0]] };
    default:
      return { queues: [ids[1], ids[2]], agents: true };
  }
}

/** The REST query of the same view. */
function queryOf(view: Msg): string {
  const parts = [];
  if (view.queues) parts.push(`queues=${view.queues.join(",")}`);
  if (view.agents) parts.push("agents=true");
  return parts.length ? `?${parts.join("&")}` : "";
}

async function inBatches<T>(
  count: number,
  open: (i: number) => Promise<T>,
): Promise<T[]> {
  const out: T[] = [];
  for (let from = 0; from < count; from += BATCH) {
    const n = Math.min(BATCH, count - from);
    out.push(
      ...await Promise.all(
        Array.from({ length: n }, (_, k) => open(from + k)),
      ),
    );
  }
  return out;
}

Deno.test("reconnect storm: 2,000 screens resume with since, no gap, no duplicate", async () => {
  await using run = await startFaultRun({
    env: { CONNECT_RATE_BURST: "10000" },
  });
  const { svc, drive } = run;
  const ids = svc.sim.queueIds();
  const { clock, wsUrl } = svc;
  let screens = await inBatches(
    SCREENS,
    async (i) => (await subscribe(wsUrl, viewOf(i, ids), { clock })).client,
  );
  try {
    await drive.runFor(10_000);
    const at = (await svc.getJson("/api/v1/snapshot")).body.version;
    await Promise.all(
      screens.map((s) => s.until(() => s.view!.version === at)),
    );
    // The network drops every connection; two versions pass meanwhile.
    await Promise.all(screens.map((s) => s.close()));
    await drive.runFor(10_000);

    const started = performance.now();
    const views = screens.map((s, i) =>
      i % (SCREENS / FOREIGN) === 0 ? { ...s.view!, epoch: "gone" } : s.view!
    );
    const back = inBatches(
      SCREENS,
      async (i) =>
        (await subscribe(wsUrl, viewOf(i, ids), { clock, view: views[i] }))
          .client,
    );
    // A version is committed while the screens come back.
    await drive.runFor(5000);
    screens = await back;
    const answeredMs = performance.now() - started;
    console.log(
      `storm: ${SCREENS} resumes answered in ${answeredMs.toFixed(0)} ms`,
    );
    assert.ok(answeredMs < 20_000, `${answeredMs} ms`);

    // The poller goes on: more versions reach every screen.
    await drive.runFor(10_000);
    const head = await svc.getJson("/api/v1/snapshot");
    await Promise.all(
      screens.map((s) => s.until(() => s.view!.version === head.body.version)),
    );
    let resumed = 0;
    for (const [i, screen] of screens.entries()) {
      assert.equal(screen.broken, null, `screen ${i}`);
      const answer = screen.frames[1].msg;
      if (views[i].epoch === "gone") {
        assert.deepEqual([answer.type, answer.resumed], ["snapshot", false]);
      } else {
        assert.deepEqual(
          [answer.type, answer.resumed, answer.prev],
          ["delta", true, views[i].version],
        );
        resumed++;
      }
    }
    assert.equal(resumed, SCREENS - FOREIGN);
    for (let kind = 0; kind < 4; kind++) {
      const rest = await svc.getJson(
        `/api/v1/snapshot${queryOf(viewOf(kind, ids))}`,
      );
      for (let i = kind; i < SCREENS; i += 4) {
        assert.deepEqual(content(screens[i].view!), content(rest.body));
      }
    }
    const metrics = await (await fetch(`${svc.base}/metrics`)).text();
    assert.match(
      metrics,
      new RegExp(`queuepulse_resumed_total\\{[^}]*\\} ${resumed}\\n`),
    );
    assert.match(
      metrics,
      new RegExp(`queuepulse_resume_missed_total\\{[^}]*\\} ${FOREIGN}\\n`),
    );
  } finally {
    await Promise.all(screens.map((s) => s.close()));
  }
});
