import assert from "node:assert/strict";
import type { Principal } from "../../src/auth/mod.ts";
import { listBoards, parseBoards } from "../../src/boards/mod.ts";

const QUEUES = [
  { id: "q-3", name: "Sales EMEA" },
  { id: "q-1", name: "Support" },
  { id: "q-2", name: "sales APAC" },
  { id: "q-4", name: "VIP" },
];

const BOARDS = parseBoards({
  boards: [
    {
      id: "sales",
      title: "Sales floor",
      queues: ["Sales*"],
      agents: true,
      rotate: ["vip"],
      rotateSeconds: 10,
    },
    { id: "vip", title: "VIP", queues: ["q-4", "Gold*"] },
    { id: "none", title: "Nothing yet", queues: ["Retail*"] },
  ],
});

function principal(queues: Principal["queues"], agents: boolean): Principal {
  return { queues, agents, expiresAt: null };
}

Deno.test("listBoards resolves ids and case-insensitive globs, in name order", () => {
  const listed = listBoards(BOARDS, QUEUES, principal("*", true));
  assert.deepEqual(
    listed.map((b) => [b.id, b.queueIds, b.agents, b.rotate, b.rotateSeconds]),
    [
      ["sales", ["q-3", "q-2"], true, ["vip"], 10],
      ["vip", ["q-4"], false, [], null],
      ["none", [], false, [], null],
    ],
  );
  assert.equal(listed[0].title, "Sales floor");
});

Deno.test("a list-scoped token sees only boards with a queue in scope, cut to it", () => {
  const listed = listBoards(BOARDS, QUEUES, principal(["q-3", "q-1"], false));
  assert.deepEqual(
    listed.map((b) => [b.id, b.queueIds, b.agents, b.rotate, b.rotateSeconds]),
    [["sales", ["q-3"], false, [], null]],
  );
});

Deno.test("listBoards leaves the boards it was given unchanged", () => {
  const before = structuredClone(BOARDS);
  listBoards(BOARDS, QUEUES, principal(["q-3"], false));
  assert.deepEqual(BOARDS, before);
});
