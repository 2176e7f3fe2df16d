import assert from "node:assert/strict";
import { paddedMessage, parseHead } from "../../bench/_frame.ts";

const AT = "2026-11-27T10:00:01.234Z";

Deno.test("parseHead reads a delta head", () => {
  const text = JSON.stringify({
    type: "delta",
    epoch: "e-1",
    version: 42,
    prev: 40,
    fetchedAt: "2026-11-27T10:00:01.000Z",
    committedAt: AT,
    stale: false,
    queues: { "q-1": { id: "q-1", version: 7 } },
    totals: {},
  });
  assert.deepEqual(parseHead(text), {
    type: "delta",
    version: 42,
    prev: 40,
    committedAt: AT,
  });
});

Deno.test("parseHead reads snapshot and hello heads", () => {
  const snapshot = JSON.stringify({
    type: "snapshot",
    epoch: "e-1",
    version: 9,
    fetchedAt: AT,
    committedAt: AT,
    stale: false,
    source: "simulator",
    resumed: false,
    queues: {},
    totals: {},
  });
  assert.deepEqual(parseHead(snapshot), {
    type: "snapshot",
    version: 9,
    prev: null,
    committedAt: AT,
  });
  const hello = JSON.stringify({
    type: "hello",
    protocol: 1,
    epoch: "e-1",
    version: 9,
    stale: false,
    source: "simulator",
    authRequired: false,
  });
  assert.deepEqual(parseHead(hello), {
    type: "hello",
    version: 9,
    prev: null,
    committedAt: null,
  });
});

Deno.test("parseHead leaves other frames and missing fields as null", () => {
  assert.deepEqual(parseHead('{"type":"pong"}'), {
    type: "other",
    version: null,
    prev: null,
    committedAt: null,
  });
  assert.deepEqual(parseHead('{"type":"delta","version":"x"}'), {
    type: "delta",
    version: null,
    prev: null,
    committedAt: null,
  });
  assert.deepEqual(parseHead("not json"), {
    type: "other",
    version: null,
    prev: null,
    committedAt: null,
  });
});

Deno.test("paddedMessage has exactly the asked size and parses", () => {
  for (const size of [120, 2424, 65_536]) {
    const text = paddedMessage(size, 1000, 999, AT);
    assert.equal(new TextEncoder().encode(text).byteLength, size);
    const parsed = JSON.parse(text);
    assert.equal(parsed.type, "delta");
    assert.equal(parsed.version, 1000);
    assert.equal(parsed.prev, 999);
    assert.equal(parsed.committedAt, AT);
    assert.deepEqual(parseHead(text), {
      type: "delta",
      version: 1000,
      prev: 999,
      committedAt: AT,
    });
  }
});

Deno.test("paddedMessage below the head size is the head alone", () => {
  assert.equal(
    paddedMessage(10, 2, 1, AT),
    `{"type":"delta","version":2,"prev":1,"committedAt":"${AT}","pad":""}`,
  );
});

Deno.test("paddedMessage refuses a bad size", () => {
  assert.throws(() => paddedMessage(-1, 2, 1, AT), {
    name: "RangeError",
    message:
      'Cannot build baseline message: size "-1" is not a non-negative integer',
  });
  assert.throws(() => paddedMessage(1.5, 2, 1, AT), {
    name: "RangeError",
    message:
      'Cannot build baseline message: size "1.5" is not a non-negative integer',
  });
});
