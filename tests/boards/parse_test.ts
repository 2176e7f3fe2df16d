import assert from "node:assert/strict";
import { type Board, parseBoards } from "../../src/boards/mod.ts";

const SALES = { id: "sales", title: "Sales floor", queues: ["Sales*"] };

Deno.test("parseBoards fills every optional field with its default", () => {
  const boards = parseBoards({ boards: [SALES] });
  const expected: Board = {
    id: "sales",
    title: "Sales floor",
    queues: ["Sales*"],
    agents: false,
    trend: true,
    totals: true,
    metrics: [
      "interacting",
      "agentsOnQueue",
      "agentsIdle",
      "agentsNotResponding",
      "offered",
      "abandoned",
      "abandonRate",
      "asa",
    ],
    rotate: [],
    rotateSeconds: null,
    sound: false,
    agentSort: "status",
    agentFilter: "all",
    offlineClock: false,
  };
  assert.deepEqual(boards, [expected]);
});

Deno.test("parseBoards keeps every field a supervisor sets", () => {
  const [lobby] = parseBoards({
    boards: [
      {
        id: "lobby",
        title: "  Lobby TV ",
        queues: [" q-1 ", "Support*", "q-1"],
        agents: true,
        trend: false,
        totals: false,
        metrics: ["aht", "asa", "aht"],
        rotate: ["sales", "sales"],
        rotateSeconds: 20,
        sound: true,
        agentSort: "time",
        agentFilter: "notResponding",
        offlineClock: true,
      },
      SALES,
    ],
  });
  assert.deepEqual(lobby, {
    id: "lobby",
    title: "Lobby TV",
    queues: ["q-1", "Support*"],
    agents: true,
    trend: false,
    totals: false,
    metrics: ["aht", "asa"],
    rotate: ["sales"],
    rotateSeconds: 20,
    sound: true,
    agentSort: "time",
    agentFilter: "notResponding",
    offlineClock: true,
  });
});

Deno.test("a rotation without rotateSeconds shows each board 30 s", () => {
  const [lobby] = parseBoards({
    boards: [{ ...SALES, id: "lobby", rotate: ["sales"] }, SALES],
  });
  assert.equal(lobby.rotateSeconds, 30);
});

Deno.test("a bad BOARDS file is refused with one line naming board and field", () => {
  const cases: [unknown, string][] = [
    [[], 'expected an object {"boards":[…]}'],
    [{ boards: [], extra: 1 }, 'unknown field "extra"'],
    [{ boards: [] }, '"boards" must be a non-empty array'],
    [{ boards: ["x"] }, "board 1: expected an object"],
    [
      { boards: [SALES, { title: "No id", queues: ["a"] }] },
      'board 2: "id" must be 1 to 64 letters, digits, "-" or "_"',
    ],
    [
      { boards: [{ ...SALES, id: "Sales floor" }] },
      'board 1: "id" must be 1 to 64 letters, digits, "-" or "_", got "Sales floor"',
    ],
    [
      { boards: [{ ...SALES, sond: true }] },
      'board "sales": unknown field "sond"',
    ],
    [
      { boards: [{ ...SALES, title: " " }] },
      'board "sales": "title" must be a non-empty string of at most 120 characters',
    ],
    [
      { boards: [{ ...SALES, queues: [] }] },
      'board "sales": "queues" must be a non-empty array of queue ids or name globs',
    ],
    [
      { boards: [{ ...SALES, queues: ["Sales*", ""] }] },
      'board "sales": "queues" must be an array of queue ids or name globs',
    ],
    [
      { boards: [{ ...SALES, agents: "yes" }] },
      'board "sales": "agents" must be true or false, got "yes"',
    ],
    [
      { boards: [{ ...SALES, metrics: ["waiting"] }] },
      'board "sales": "metrics" names unknown figure "waiting" (expected one of: interacting, agentsOnQueue, agentsIdle, agentsNotResponding, offered, abandoned, abandonRate, asa, alerting, answered, aht)',
    ],
    [
      { boards: [{ ...SALES, metrics: [] }] },
      'board "sales": "metrics" must be a non-empty array of figure names',
    ],
    [
      { boards: [{ ...SALES, rotate: ["support"] }] },
      'board "sales": "rotate" names unknown board "support"',
    ],
    [
      { boards: [{ ...SALES, rotate: ["sales"] }] },
      'board "sales": "rotate" must not name the board itself',
    ],
    [
      { boards: [{ ...SALES, rotateSeconds: 30 }] },
      'board "sales": "rotateSeconds" needs a "rotate" list of boards to cycle through',
    ],
    [
      {
        boards: [
          { ...SALES, id: "a", rotate: ["sales"], rotateSeconds: 2 },
          SALES,
        ],
      },
      'board "a": "rotateSeconds" must be a whole number from 5 to 3600, got 2',
    ],
    [
      { boards: [{ ...SALES, agentSort: "name" }] },
      'board "sales": "agentSort" must be one of "status", "time", got "name"',
    ],
    [
      { boards: [{ ...SALES, agentFilter: "NOT_RESPONDING" }] },
      'board "sales": "agentFilter" must be one of "all", "notResponding", got "NOT_RESPONDING"',
    ],
    [{ boards: [SALES, SALES] }, 'board "sales": "id" repeats board 1'],
  ];
  for (const [json, detail] of cases) {
    assert.throws(
      () => parseBoards(json),
      new TypeError(`Cannot parse BOARDS: ${detail}`),
      detail,
    );
  }
});

Deno.test("parseBoards refuses more than 200 boards", () => {
  const boards = Array.from(
    { length: 201 },
    (_, i) => ({ ...SALES, id: `b${i}` }),
  );
  assert.throws(
    () => parseBoards({ boards }),
    new TypeError('Cannot parse BOARDS: "boards" must hold at most 200 boards'),
  );
});
