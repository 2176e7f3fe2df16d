import assert from "node:assert/strict";
import { parseSoakArgs, phasesOf } from "../../bench/_soak_plan.ts";

Deno.test("parseSoakArgs defaults: 10 minutes, 1,000 screens of which 100 SSE, 3 rounds", () => {
  assert.deepEqual(parseSoakArgs([]), {
    minutes: 10,
    clients: 1000,
    sse: 100,
    rounds: 3,
  });
});

Deno.test("parseSoakArgs reads a short smoke run", () => {
  assert.deepEqual(
    parseSoakArgs(["--minutes", "1.5", "--clients", "50", "--sse", "0"]),
    { minutes: 1.5, clients: 50, sse: 0, rounds: 3 },
  );
  assert.deepEqual(
    phasesOf(parseSoakArgs(["--minutes", "2", "--rounds", "2"])),
    {
      warmupMs: 12_000,
      loadMs: 84_000,
      roundMs: 12_000,
    },
  );
});

Deno.test("parseSoakArgs refuses bad values with the flag's name", () => {
  const cases: [string[], string][] = [
    [
      ["--minutes", "0"],
      'Cannot parse --minutes: "0" is not a number from 1 to 120',
    ],
    [
      ["--minutes", "ten"],
      'Cannot parse --minutes: "ten" is not a number from 1 to 120',
    ],
    [
      ["--minutes", "121"],
      'Cannot parse --minutes: "121" is not a number from 1 to 120',
    ],
    [
      ["--clients", "2.5"],
      'Cannot parse --clients: "2.5" is not a whole number from 1 to 10000',
    ],
    [
      ["--clients", "10", "--sse", "11"],
      'Cannot parse --sse: "11" is not a whole number from 0 to 10',
    ],
    [
      ["--rounds", "0"],
      'Cannot parse --rounds: "0" is not a whole number from 1 to 10',
    ],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseSoakArgs(args), { name: "RangeError", message });
  }
  assert.throws(() => parseSoakArgs(["--hours", "1"]), TypeError);
});
