import assert from "node:assert/strict";
import { createBaselineServer, optionsFromEnv } from "../../bench/_baseline.ts";
import { parseHead } from "../../bench/_frame.ts";

Deno.test("baseline server broadcasts padded frames with consecutive versions", async () => {
  const stop = new AbortController();
  const baseline = createBaselineServer({
    bytes: 300,
    intervalMs: 20,
    signal: stop.signal,
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    baseline.fetch,
  );
  const ws = new WebSocket(`ws://127.0.0.1:${server.addr.port}/`);
  const frames: string[] = [];
  const got = Promise.withResolvers<void>();
  ws.onmessage = (ev) => {
    frames.push(ev.data);
    if (frames.length === 2) got.resolve();
  };
  const closed = new Promise((r) => ws.onclose = r);
  try {
    await got.promise;
    const [a, b] = frames.map(parseHead);
    assert.equal(a.type, "delta");
    assert.equal(a.prev, a.version! - 1);
    assert.equal(b.version, a.version! + 1);
    assert.equal(b.prev, a.version);
    assert.ok(
      a.committedAt !== null && !Number.isNaN(Date.parse(a.committedAt)),
    );
    for (const text of frames) {
      assert.equal(new TextEncoder().encode(text).byteLength, 300);
    }
    assert.equal(baseline.sockets(), 1);
  } finally {
    stop.abort();
    ws.close();
    await closed;
    await server.shutdown();
  }
});

Deno.test("baseline server answers plain requests with ok", async () => {
  const baseline = createBaselineServer({ bytes: 10, intervalMs: 1000 });
  const res = await baseline.fetch(new Request("http://localhost/"), {
    remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 },
  } as Deno.ServeHandlerInfo<Deno.NetAddr>);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "ok\n");
  assert.equal(baseline.sockets(), 0);
});

Deno.test("optionsFromEnv reads sizes and refuses bad values", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.deepEqual(optionsFromEnv(env({})), { bytes: 2048, intervalMs: 1000 });
  assert.deepEqual(
    optionsFromEnv(
      env({ BASELINE_BYTES: "2424", BASELINE_INTERVAL_MS: "500" }),
    ),
    { bytes: 2424, intervalMs: 500 },
  );
  assert.throws(() => optionsFromEnv(env({ BASELINE_BYTES: "2k" })), {
    name: "RangeError",
    message: 'Cannot parse BASELINE_BYTES: "2k" is not a non-negative integer',
  });
  assert.throws(() => optionsFromEnv(env({ BASELINE_INTERVAL_MS: "5" })), {
    name: "RangeError",
    message: 'Cannot parse BASELINE_INTERVAL_MS: "5" is not an integer ≥ 10',
  });
});
