import {
  deepEqual,
  equal,
  notEqual,
  notStrictEqual,
  ok,
  strictEqual,
  throws,
} from "node:assert/strict";
import {
  createSnapshotStore,
  type Fence,
  type Snapshot,
  type SnapshotData,
} from "../../src/snapshot/mod.ts";
import { FakeClock, settle } from "../_fake_clock.ts";
import { agentState, queueState, snapshotData } from "./_fixtures.ts";

const MAX_VALUE = 64 * 1024;

/** A deterministic pseudo-random source (tests only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

function bigData(queues: number, agents: number, nameChars = 0): SnapshotData {
  const next = lcg(42);
  const qs = [];
  for (let i = 0; i < queues; i++) {
    const id = `q-${String(i).padStart(5, "0")}-${next().toString(36)}`;
    const base = queueState(id);
    qs.push(queueState(id, {
      name: `Queue ${next().toString(36)}`,
      divisionId: `d-${next() % 7}`,
      waiting: next() % 20,
      interacting: next() % 30,
      oldestWaitingSince: new Date(1_790_000_000_000 + (next() % 1e7))
        .toISOString(),
      byMedia: {
        voice: { waiting: next() % 9, interacting: next() % 9, alerting: 1 },
        chat: { waiting: next() % 9, interacting: next() % 9, alerting: 0 },
      },
      agents: { ...base.agents, onQueue: next() % 40, idle: next() % 10 },
      today: {
        ...base.today,
        offered: next() % 1000,
        serviceLevel: (next() % 1000) / 1000,
        ahtMs: next() % 600_000,
      },
    }));
  }
  const ids = qs.map((q) => q.id);
  const as = [];
  const alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < agents; i++) {
    let name = `Agent ${next().toString(36)}`;
    for (let c = 0; c < nameChars; c++) name += alphabet[next() >>> 26];
    as.push(agentState(
      `u-${String(i).padStart(5, "0")}`,
      [
        ids[next() % ids.length],
      ].sort(),
      {
        name,
        routingStatus: next() % 2 ? "IDLE" : "INTERACTING",
        routingStatusSince: new Date(1_790_000_000_000 + (next() % 1e7))
          .toISOString(),
      },
    ));
  }
  const data = snapshotData(qs, as);
  for (const id of ids) {
    data.sums[id] = {
      slNumerator: next() % 100,
      slDenominator: 100,
      handleSumMs: next(),
      handleCount: next() % 100,
      answeredSumMs: next(),
      answeredCount: next() % 100,
    };
  }
  return data;
}

async function lease(kv: Deno.Kv, owner = "poller-a"): Promise<Fence> {
  const res = await kv.set(["lease"], { owner });
  return { key: ["lease"], versionstamp: res.versionstamp };
}

async function listKeys(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
): Promise<Deno.KvEntry<unknown>[]> {
  const out = [];
  for await (const e of kv.list({ prefix })) out.push(e);
  return out;
}

async function chunkVersions(kv: Deno.Kv): Promise<number[]> {
  const versions = new Set<number>();
  for (const e of await listKeys(kv, ["qp", "chunk"])) {
    versions.add(e.key[2] as number);
  }
  return [...versions].sort((a, b) => a - b);
}

function small(waiting: number): SnapshotData {
  return snapshotData([queueState("q-1", { waiting })], [
    agentState("u-1", ["q-1"]),
  ]);
}

Deno.test("latest() is null on an empty KV", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  equal(await store.latest(), null);
});

Deno.test("a snapshot of 2,000 queues and 5,000 agents round-trips", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const store = createSnapshotStore({ kv, clock });
  const data = bigData(2000, 5000);
  const committed = await store.commit(data, await lease(kv));
  ok(committed);
  equal(committed.version, 1);
  equal(committed.committedAt, "2026-11-27T10:00:00.000Z");
  const { epoch: _e, version: _v, committedAt: _c, ...rest } = committed;
  deepEqual(rest, data);
  // Another isolate's store reads the chunks back and decodes them.
  const read = await createSnapshotStore({ kv, clock }).latest();
  notStrictEqual(read, committed);
  deepEqual(read, committed);
  equal(JSON.stringify(read), JSON.stringify(committed));
  // The committing store hands its own snapshot out without decoding.
  strictEqual(await store.latest(), committed);
  const manifest = await kv.get<{ chunks: number; bytes: number }>([
    "qp",
    "manifest",
  ]);
  const chunks = await listKeys(kv, ["qp", "chunk", 1]);
  equal(chunks.length, manifest.value!.chunks);
  ok(chunks.length >= 3, `expected several chunks, got ${chunks.length}`);
  let bytes = 0;
  for (const c of chunks) {
    ok(c.value instanceof Uint8Array);
    ok(c.value.length <= MAX_VALUE);
    bytes += c.value.length;
  }
  equal(bytes, manifest.value!.bytes);
});

Deno.test("a snapshot over the atomic limit is written ahead, then flipped", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const data = bigData(200, 4000, 250);
  const committed = await store.commit(data, await lease(kv));
  ok(committed);
  const manifest = await kv.get<{ chunks: number; bytes: number }>([
    "qp",
    "manifest",
  ]);
  ok(manifest.value!.bytes > 750 * 1024, `bytes ${manifest.value!.bytes}`);
  const reader = createSnapshotStore({ kv, clock: new FakeClock() });
  deepEqual(await reader.latest(), committed);
});

Deno.test("versions increase by one and the epoch is created once", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new FakeClock();
  const store = createSnapshotStore({
    kv,
    clock,
    randomId: () => "epoch-1",
  });
  const fence = await lease(kv);
  const versions = [];
  for (let i = 0; i < 3; i++) {
    const s = await store.commit(small(i), fence);
    versions.push([s!.epoch, s!.version, s!.committedAt]);
    await clock.tickAsync(1000);
  }
  deepEqual(versions, [
    ["epoch-1", 1, "2026-11-27T10:00:00.000Z"],
    ["epoch-1", 2, "2026-11-27T10:00:01.000Z"],
    ["epoch-1", 3, "2026-11-27T10:00:02.000Z"],
  ]);
  equal((await kv.get(["qp", "epoch"])).value, "epoch-1");
  deepEqual(await kv.get(["qp", "manifest"]).then((e) => e.value), {
    epoch: "epoch-1",
    version: 3,
    chunks: 1,
    bytes: (await listKeys(kv, ["qp", "chunk", 3]))
      .reduce((n, e) => n + (e.value as Uint8Array).length, 0),
    committedAt: "2026-11-27T10:00:02.000Z",
  });
});

Deno.test("a restarted store continues the version and keeps the epoch", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite" });
  try {
    const clock = new FakeClock();
    let kv = await Deno.openKv(path);
    let store = createSnapshotStore({ kv, clock });
    const first = await store.commit(small(1), await lease(kv));
    kv.close();
    kv = await Deno.openKv(path);
    try {
      store = createSnapshotStore({ kv, clock, randomId: () => "other" });
      deepEqual(await store.latest(), first);
      const second = await store.commit(small(2), await lease(kv, "b"));
      equal(second!.version, 2);
      equal(second!.epoch, first!.epoch);
      notEqual(first!.epoch, "other");
    } finally {
      kv.close();
    }
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) {
      await Deno.remove(path + suffix).catch(() => {});
    }
  }
});

Deno.test("a commit with a stale fence returns null and writes nothing", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const fence = await lease(kv, "a");
  const first = await store.commit(small(1), fence);
  ok(first);
  await lease(kv, "b"); // another poller took the lease over
  const manifestBefore = await kv.get(["qp", "manifest"]);
  equal(await store.commit(small(2), fence), null);
  equal(await store.commit(bigData(200, 4000, 250), fence), null);
  const manifestAfter = await kv.get(["qp", "manifest"]);
  equal(manifestAfter.versionstamp, manifestBefore.versionstamp);
  deepEqual(await chunkVersions(kv), [1]);
  deepEqual(await store.latest(), first);
});

Deno.test("a fresh KV with a stale fence gets no epoch either", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const fence = await lease(kv, "a");
  await lease(kv, "b");
  equal(await store.commit(small(1), fence), null);
  deepEqual(await listKeys(kv, ["qp"]), []);
});

Deno.test("chunks of versions before the last keepVersions are deleted", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({
    kv,
    clock: new FakeClock(),
    keepVersions: 2,
  });
  const fence = await lease(kv);
  for (let i = 1; i <= 5; i++) await store.commit(small(i), fence);
  deepEqual(await chunkVersions(kv), [4, 5]);
  equal((await store.latest())!.version, 5);
});

Deno.test("createSnapshotStore() refuses bad options", () => {
  throws(
    () =>
      createSnapshotStore({
        kv: {} as Deno.Kv,
        clock: new FakeClock(),
        keepVersions: 0,
      }),
    new RangeError(
      'Cannot create snapshot store: invalid "keepVersions" 0: expected a positive integer',
    ),
  );
});

/** Lets KV I/O run until the watcher sleeps on the fake clock. */
async function untilSleeping(clock: FakeClock, count = 1): Promise<void> {
  for (let i = 0; i < 500 && clock.pending < count; i++) await settle(1);
  ok(clock.pending >= count, "the watcher never went to sleep");
}

Deno.test("watch() yields the latest, newer versions, and ends on abort", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite" });
  const kv = await Deno.openKv(path);
  const other = await Deno.openKv(path);
  try {
    const clock = new FakeClock();
    const pollMs = 1000;
    const store = createSnapshotStore({ kv, clock, pollMs });
    const writer = createSnapshotStore({ kv: other, clock, pollMs });
    const fence = await lease(kv);
    const first = await store.commit(small(1), fence);
    const ac = new AbortController();
    const it = store.watch(ac.signal)[Symbol.asyncIterator]();
    deepEqual(await it.next(), { done: false, value: first });

    const second = await store.commit(small(2), fence);
    deepEqual(await it.next(), { done: false, value: second });

    // Several commits while the consumer is away: only the newest comes.
    let last: Snapshot | null = null;
    for (let i = 3; i <= 5; i++) last = await store.commit(small(i), fence);
    deepEqual(await it.next(), { done: false, value: last });

    // A write through another KV handle, found by the periodic re-read.
    const pending = it.next();
    await untilSleeping(clock);
    const sixth = await writer.commit(small(6), fence);
    await clock.tickAsync(pollMs);
    deepEqual(await pending, { done: false, value: sixth });

    // Aborting while it waits ends the iterator.
    const ending = it.next();
    await untilSleeping(clock);
    ac.abort();
    deepEqual(await ending, { done: true, value: undefined });
    deepEqual(await it.next(), { done: true, value: undefined });
  } finally {
    kv.close();
    other.close();
    for (const suffix of ["", "-wal", "-shm"]) {
      await Deno.remove(path + suffix).catch(() => {});
    }
  }
});

/** A KV whose watch streams emit once and then stall, or fail. */
function stalledWatch(kv: Deno.Kv, mode: "stall" | "fail"): Deno.Kv {
  const watch = (keys: Deno.KvKey[]) =>
    new ReadableStream<Deno.KvEntryMaybe<unknown>[]>({
      async start(controller) {
        if (mode === "fail") {
          controller.error(new Error("Watch stream broke"));
          return;
        }
        controller.enqueue(await kv.getMany(keys));
      },
    });
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "watch") return watch;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

for (const mode of ["stall", "fail"] as const) {
  Deno.test(`watch() polls when the watch stream ${mode}s`, async () => {
    using kv = await Deno.openKv(":memory:");
    const clock = new FakeClock();
    const pollMs = 500;
    const warnings: string[] = [];
    const log = {
      debug() {},
      info() {},
      warn(msg: string) {
        warnings.push(msg);
      },
      error() {},
      redact() {},
    };
    const store = createSnapshotStore({
      kv: stalledWatch(kv, mode),
      clock,
      pollMs,
      log,
    });
    const fence = await lease(kv);
    const ac = new AbortController();
    const it = store.watch(ac.signal)[Symbol.asyncIterator]();
    const firstP = it.next();
    await untilSleeping(clock);
    const first = await store.commit(small(1), fence);
    await clock.tickAsync(pollMs);
    deepEqual(await firstP, { done: false, value: first });
    const secondP = it.next();
    await untilSleeping(clock);
    const second = await store.commit(small(2), fence);
    await clock.tickAsync(pollMs);
    deepEqual(await secondP, { done: false, value: second });
    ac.abort();
    deepEqual(await it.next(), { done: true, value: undefined });
    if (mode === "fail") {
      ok(warnings.includes("Cannot watch the snapshot manifest: reopening"));
    }
  });
}

Deno.test("watch() ends at once for an aborted signal, and on break", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = createSnapshotStore({ kv, clock: new FakeClock() });
  const first = await store.commit(small(1), await lease(kv));
  const it = store.watch(AbortSignal.abort())[Symbol.asyncIterator]();
  deepEqual(await it.next(), { done: true, value: undefined });
  const seen = [];
  for await (const s of store.watch(new AbortController().signal)) {
    seen.push(s);
    break;
  }
  deepEqual(seen, [first]);
});
