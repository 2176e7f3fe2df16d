import assert from "node:assert/strict";
import { callsBetween } from "../../bench/api_budget.ts";
import { measureBytes } from "../../bench/bytes.ts";
import { LIMITS, parseFanoutArgs } from "../../bench/fanout.ts";
import { parseSubscriberArgs } from "../../bench/_subscriber.ts";
import { parseRetentionArgs } from "../../bench/ws_retention.ts";

Deno.test("parseFanoutArgs defaults", () => {
  assert.deepEqual(parseFanoutArgs([]), {
    target: "both",
    clients: 500,
    procs: [2],
    durationS: 20,
    warmupS: 3,
    idleS: 5,
    isolates: 2,
    bytes: null,
    addresses: 1,
    concurrency: 64,
    simQueues: 200,
    simAgents: 1000,
    simSeed: 1,
    inProcess: false,
    filterQueues: 0,
    json: null,
  });
});

Deno.test("parseFanoutArgs reads lists and spreads big runs over addresses", () => {
  const a = parseFanoutArgs([
    "--clients",
    "30000",
    "--procs",
    "2,4",
    "--target",
    "baseline",
    "--bytes",
    "2424",
  ]);
  assert.deepEqual(a.procs, [2, 4]);
  assert.equal(a.addresses, 2);
  assert.equal(a.target, "baseline");
  assert.equal(a.bytes, 2424);
});

Deno.test("parseFanoutArgs refuses unbounded or bad values", () => {
  assert.throws(
    () => parseFanoutArgs(["--clients", String(LIMITS.clients + 1)]),
    {
      name: "RangeError",
      message:
        'Cannot parse --clients: "60001" is not an integer in [1, 60000]',
    },
  );
  assert.throws(() => parseFanoutArgs(["--duration", "0"]), {
    name: "RangeError",
    message: 'Cannot parse --duration: "0" is not an integer in [1, 600]',
  });
  assert.throws(() => parseFanoutArgs(["--procs", "2,x"]), {
    name: "RangeError",
    message: 'Cannot parse --procs: "x" is not an integer in [1, 16]',
  });
  assert.throws(() => parseFanoutArgs(["--target", "both2"]), {
    name: "RangeError",
    message:
      'Cannot parse --target: "both2" is not "service", "baseline" or "both"',
  });
});

Deno.test("parseSubscriberArgs reads URLs and refuses bad values", () => {
  assert.deepEqual(
    parseSubscriberArgs([
      "--url",
      "ws://127.0.0.1:1/ws,ws://127.0.0.2:1/ws",
      "--url",
      "ws://127.0.0.3:1/ws",
      "--count",
      "0",
      "--mode",
      "baseline",
    ]),
    {
      urls: [
        "ws://127.0.0.1:1/ws",
        "ws://127.0.0.2:1/ws",
        "ws://127.0.0.3:1/ws",
      ],
      count: 0,
      mode: "baseline",
      concurrency: 64,
      connectMs: 120_000,
      maxMs: 900_000,
      subscribe: '{"type":"subscribe"}',
    },
  );
  assert.throws(
    () => parseSubscriberArgs(["--url", "ws://x/", "--subscribe", "{}"]),
    {
      name: "TypeError",
      message: 'Cannot parse --subscribe: "{}" is not a subscribe message',
    },
  );
  assert.throws(() => parseSubscriberArgs([]), {
    name: "TypeError",
    message: "Cannot start subscriber: --url is required",
  });
  assert.throws(
    () => parseSubscriberArgs(["--url", "ws://x/", "--mode", "x"]),
    {
      name: "TypeError",
      message: 'Cannot parse --mode: "x" is not "service" or "baseline"',
    },
  );
  assert.throws(
    () => parseSubscriberArgs(["--url", "ws://x/", "--count=-3"]),
    {
      name: "RangeError",
      message: 'Cannot parse --count: "-3" is not a non-negative integer',
    },
  );
});

Deno.test("callsBetween counts Genesys routes only", () => {
  assert.deepEqual(
    callsBetween(
      {
        requests: { "POST /oauth/token": 1, "GET /__sim/stats": 3 },
        tokensIssued: 1,
        rateLimited: 0,
      },
      {
        requests: {
          "POST /oauth/token": 1,
          "GET /__sim/stats": 4,
          "POST /api/v2/analytics/queues/observations/query": 60,
        },
        tokensIssued: 1,
        rateLimited: 0,
      },
    ),
    { "POST /api/v2/analytics/queues/observations/query": 60 },
  );
});

Deno.test("measureBytes: a 10 % delta is far smaller than the snapshot", () => {
  const [queuesOnly, withAgents] = measureBytes({
    queues: 200,
    agents: 1000,
    churn: 0.1,
    ticks: 3,
    rules: "static",
  });
  assert.equal(queuesOnly.withAgents, false);
  assert.equal(withAgents.withAgents, true);
  assert.equal(queuesOnly.changedQueues, 20);
  assert.equal(queuesOnly.changedAgents, 100);
  assert.ok(queuesOnly.deltaBytes < queuesOnly.snapshotBytes);
  assert.ok(withAgents.snapshotBytes > queuesOnly.snapshotBytes);
  assert.equal(
    queuesOnly.ratio,
    queuesOnly.deltaBytes / queuesOnly.snapshotBytes,
  );
});

Deno.test("measureBytes refuses a churn outside [0, 1]", () => {
  assert.throws(
    () => measureBytes({ queues: 2, agents: 2, churn: 1.5, ticks: 1 }),
    {
      name: "RangeError",
      message: 'Cannot measure bytes: churn "1.5" is not in [0, 1]',
    },
  );
});

Deno.test("parseRetentionArgs defaults, lists and bounds", () => {
  assert.deepEqual(parseRetentionArgs([]), {
    sockets: 500,
    bytes: 260_000,
    modes: ["seq", "burst", "paced"],
  });
  assert.deepEqual(parseRetentionArgs(["--modes", "burst"]).modes, ["burst"]);
  assert.throws(() => parseRetentionArgs(["--sockets", "5001"]), {
    name: "RangeError",
    message: 'Cannot parse --sockets: "5001" is not an integer in [1, 5000]',
  });
  assert.throws(() => parseRetentionArgs(["--modes", "seq,all"]), {
    name: "RangeError",
    message: 'Cannot parse --modes: "all" is not seq, burst or paced',
  });
});
