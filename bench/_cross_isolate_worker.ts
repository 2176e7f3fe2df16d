/**
 * The module `bench/cross_isolate.ts` serves with `deno serve --parallel`:
 * every isolate opens the same KV file and watches the snapshot store; the
 * first to claim the bench key leads, commits `QP_VERSIONS` versions of a
 * synthetic org every `QP_INTERVAL_MS` and prints when it stamped each one.
 * Every isolate prints, as JSON lines, when its watch yielded each version
 * (`performance.timeOrigin + performance.now()`, ms). Configured by env:
 * `QP_KV_PATH`, `QP_BROADCAST` (`true`/`false`), `QP_QUEUES`, `QP_AGENTS`,
 * `QP_CHURN`, `QP_VERSIONS`, `QP_INTERVAL_MS`, and `QP_MODE=probe` to time
 * bare `BroadcastChannel` messages of several sizes instead.
 *
 * @module
 */

import type { Clock } from "../src/clock.ts";
import { systemClock } from "../src/clock.ts";
import {
  buildSnapshot,
  createSnapshotStore,
  DEFAULT_ALERT_RULES,
  type SnapshotData,
  type SnapshotStore,
} from "../src/snapshot/mod.ts";
import { createOrg, pollInput, tick } from "./_synthetic.ts";

const now = () => performance.timeOrigin + performance.now();

function env(name: string): string {
  const value = Deno.env.get(name);
  if (value === undefined) throw new TypeError(`Cannot run: ${name} is unset`);
  return value;
}

async function lead(
  store: SnapshotStore,
  kv: Deno.Kv,
  lastStamp: () => number,
): Promise<void> {
  const org = createOrg({
    queues: Number(env("QP_QUEUES")),
    agents: Number(env("QP_AGENTS")),
    seed: 1,
  });
  const churn = Number(env("QP_CHURN"));
  const versions = Number(env("QP_VERSIONS"));
  const interval = Number(env("QP_INTERVAL_MS"));
  const { versionstamp } = await kv.set(["bench", "lease"], "leader");
  const fence = { key: ["bench", "lease"], versionstamp };
  // Wait for the other isolates to watch (each sets a ready key).
  const isolates = Number(Deno.env.get("DENO_JOBS") ?? "2");
  while (true) {
    let ready = 0;
    for await (const _ of kv.list({ prefix: ["bench", "ready"] })) ready++;
    if (ready >= isolates) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  let previous: SnapshotData | null = null;
  for (let i = 0; i < versions; i++) {
    const started = now();
    tick(org, churn);
    const data: SnapshotData = buildSnapshot(pollInput(org), {
      source: "simulator",
      fetchedAt: org.now,
      rules: [...DEFAULT_ALERT_RULES],
      previous,
    });
    previous = data;
    const committed = await store.commit(data, fence);
    if (committed === null) throw new Error("Cannot commit: lease lost");
    const at = lastStamp();
    console.log(JSON.stringify({ stamp: committed.version, at }));
    const wait = interval - (now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await kv.set(["bench", "done"], true);
}

/** Sizes of the probe messages, characters. */
const PROBE_SIZES = [1_000, 10_000, 60_000, 300_000];

/**
 * `QP_MODE=probe`: the first isolate posts 30 strings of each size on a
 * `BroadcastChannel`; the others print how long each took to arrive.
 */
async function probe(kv: Deno.Kv, first: boolean): Promise<void> {
  const channel = new BroadcastChannel("queuepulse:probe");
  if (first) {
    await new Promise((r) => setTimeout(r, 1000));
    for (const size of PROBE_SIZES) {
      const text = "x".repeat(size);
      for (let i = 0; i < 30; i++) {
        channel.postMessage({ size, text, at: now() });
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  } else {
    let left = PROBE_SIZES.length * 30;
    await new Promise<void>((resolve) => {
      channel.onmessage = (e) => {
        console.log(
          JSON.stringify({ probe: e.data.size, ms: now() - e.data.at }),
        );
        if (--left === 0) resolve();
      };
    });
  }
  channel.close();
  console.log(JSON.stringify({ done: true }));
  kv.close();
}

async function run(): Promise<void> {
  const kv = await Deno.openKv(env("QP_KV_PATH"));
  const me = crypto.randomUUID();
  // `commit` reads the clock to stamp `committedAt`: remember when.
  let stamped = 0;
  const clock: Clock = {
    now: () => {
      stamped = now();
      return Date.now();
    },
    sleep: systemClock().sleep,
  };
  const store = createSnapshotStore({
    kv,
    clock,
    broadcast: env("QP_BROADCAST") === "true",
    pollMs: 1000,
  });
  const claim = await kv.atomic()
    .check({ key: ["bench", "leader"], versionstamp: null })
    .set(["bench", "leader"], me)
    .commit();
  if (Deno.env.get("QP_MODE") === "probe") return await probe(kv, claim.ok);
  const ac = new AbortController();
  const watching = (async () => {
    for await (const { snapshot } of store.watch(ac.signal)) {
      console.log(JSON.stringify({
        isolate: me,
        leader: claim.ok,
        version: snapshot.version,
        at: now(),
      }));
    }
  })();
  await kv.set(["bench", "ready", me], true);
  if (claim.ok) {
    await lead(store, kv, () => stamped);
  } else {
    for await (const [done] of kv.watch([["bench", "done"]])) {
      if (done.value === true) break;
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  ac.abort();
  await watching;
  console.log(JSON.stringify({ isolate: me, done: true }));
  kv.close();
}

run().catch((error) => {
  console.error(error);
  Deno.exit(1);
});

export default {
  fetch: () => new Response("cross-isolate bench"),
} satisfies Deno.ServeDefaultExport;
