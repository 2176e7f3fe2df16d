import assert from "node:assert/strict";
import { selfTimes } from "../../bench/profile.ts";

Deno.test("selfTimes() sums each sample's time delta under its function", () => {
  const frame = (functionName: string, url: string, lineNumber: number) => ({
    functionName,
    url,
    lineNumber,
  });
  const times = selfTimes({
    nodes: [
      { id: 1, callFrame: frame("(idle)", "", -1) },
      {
        id: 2,
        callFrame: frame("catchUp", "file:///app/src/realtime/hub.ts", 185),
      },
      { id: 3, callFrame: frame("", "file:///app/src/x.ts", 3) },
    ],
    samples: [2, 1, 2, 3, 9],
    timeDeltas: [100, 5000, 150, 20, 7],
  });
  assert.deepEqual([...times], [
    ["catchUp hub.ts:185", 250],
    ["(idle) :-1", 5000],
    ["(anonymous) x.ts:3", 20],
  ]);
});
