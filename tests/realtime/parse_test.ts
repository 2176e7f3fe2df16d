import assert from "node:assert/strict";
import { parseClientMessage } from "../../src/realtime/mod.ts";

function bad(message: string) {
  return { type: "error", code: "bad_request", message };
}

Deno.test("parseClientMessage() reads ping and a full subscribe", () => {
  assert.deepEqual(parseClientMessage('{"type":"ping"}'), { type: "ping" });
  assert.deepEqual(
    parseClientMessage(JSON.stringify({
      type: "subscribe",
      token: "t",
      queues: ["q-1", "q-2", "q-1"],
      agents: true,
      since: { epoch: "e-1", version: 40 },
      extra: "ignored",
    })),
    {
      type: "subscribe",
      token: "t",
      queues: ["q-1", "q-2"],
      agents: true,
      since: { epoch: "e-1", version: 40 },
    },
  );
  assert.deepEqual(parseClientMessage('{"type":"subscribe"}'), {
    type: "subscribe",
  });
});

Deno.test("parseClientMessage() refuses malformed messages naming the field", () => {
  const cases: [string, string][] = [
    ["{", "Cannot parse message: invalid JSON"],
    ["[1]", "Cannot parse message: expected a JSON object"],
    ["null", "Cannot parse message: expected a JSON object"],
    ['{"kind":"ping"}', 'Cannot parse message: "type" must be a string'],
    ['{"type":"hello"}', 'Cannot parse message: unknown type "hello"'],
    [
      '{"type":"subscribe","token":42}',
      'Cannot parse subscribe: "token" must be a string',
    ],
    [
      '{"type":"subscribe","queues":"q-1"}',
      'Cannot parse subscribe: "queues" must be an array of queue ids',
    ],
    [
      '{"type":"subscribe","queues":["q-1",""]}',
      'Cannot parse subscribe: "queues" must be an array of queue ids',
    ],
    [
      '{"type":"subscribe","queues":[7]}',
      'Cannot parse subscribe: "queues" must be an array of queue ids',
    ],
    [
      '{"type":"subscribe","agents":"yes"}',
      'Cannot parse subscribe: "agents" must be a boolean',
    ],
    [
      '{"type":"subscribe","since":3}',
      'Cannot parse subscribe: "since" must be an object with "epoch" and "version"',
    ],
    [
      '{"type":"subscribe","since":{"version":3}}',
      'Cannot parse subscribe: "since.epoch" must be a string',
    ],
    [
      '{"type":"subscribe","since":{"epoch":"e","version":-1}}',
      'Cannot parse subscribe: "since.version" must be a non-negative integer',
    ],
    [
      '{"type":"subscribe","since":{"epoch":"e","version":1.5}}',
      'Cannot parse subscribe: "since.version" must be a non-negative integer',
    ],
  ];
  for (const [text, message] of cases) {
    assert.deepEqual(parseClientMessage(text), bad(message), text);
  }
});

Deno.test("parseClientMessage() refuses more than 1000 queues", () => {
  const queues = Array.from({ length: 1001 }, (_, i) => `q-${i}`);
  assert.deepEqual(
    parseClientMessage(JSON.stringify({ type: "subscribe", queues })),
    bad('Cannot parse subscribe: "queues" must list at most 1000 queue ids'),
  );
  const ok = parseClientMessage(
    JSON.stringify({ type: "subscribe", queues: queues.slice(0, 1000) }),
  );
  assert.equal(ok.type, "subscribe");
});

Deno.test("parseClientMessage() quotes an unknown type cut to 64 characters", () => {
  const long = "x".repeat(60_000);
  assert.deepEqual(
    parseClientMessage(JSON.stringify({ type: long })),
    bad(`Cannot parse message: unknown type "${"x".repeat(64)}…"`),
  );
  assert.deepEqual(
    parseClientMessage(JSON.stringify({ type: "y".repeat(64) })),
    bad(`Cannot parse message: unknown type "${"y".repeat(64)}"`),
  );
});
