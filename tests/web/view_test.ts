import assert from "node:assert/strict";
import { listBoards, parseBoards } from "../../src/boards/mod.ts";
import {
  boardIdOf,
  boardView,
  DEFAULT_TITLE,
  fragmentView,
  rotationIndex,
  rotationOf,
  subscribeMessage,
  subscriptionKey,
  tokenOf,
} from "../../web/view.js";
import { DEFAULT_METRICS } from "../../web/metrics.js";

const LISTED = listBoards(
  parseBoards({
    boards: [
      {
        id: "lobby",
        title: "Lobby",
        queues: ["q-1"],
        rotate: ["sales", "vip"],
        rotateSeconds: 20,
        sound: true,
      },
      {
        id: "sales",
        title: "Sales floor",
        queues: ["Sales*"],
        agents: true,
        trend: false,
        metrics: ["aht"],
        agentSort: "time",
        agentFilter: "notResponding",
        offlineClock: true,
      },
      { id: "vip", title: "VIP", queues: ["q-9"] },
    ],
  }),
  [{ id: "q-1", name: "Support" }, { id: "q-2", name: "Sales EMEA" }],
  { queues: "*", agents: true, expiresAt: null },
);

Deno.test("the fragment keeps its parameters: queues, agents, token", () => {
  const hash = "#token=a.b.c&queues=q-1,%20q-2,q-1,&agents=1";
  assert.equal(tokenOf(hash), "a.b.c");
  assert.deepEqual(fragmentView(hash), {
    boardId: null,
    title: DEFAULT_TITLE,
    queues: ["q-1", "q-2"],
    agents: true,
    trend: true,
    totals: true,
    metrics: DEFAULT_METRICS,
    sound: false,
    sort: "status",
    filter: "all",
    offlineClock: false,
  });
});

Deno.test("the fragment's view options and their defaults", () => {
  const view = fragmentView(
    "#trend=0&sort=time&filter=not-responding&offline=yes&sound=true",
  );
  assert.deepEqual(
    [view.queues, view.agents, view.trend, view.sort, view.filter],
    [undefined, false, false, "time", "notResponding"],
  );
  assert.deepEqual([view.offlineClock, view.sound], [true, true]);
  assert.equal(tokenOf(""), undefined);
});

Deno.test("a board page's id comes from its path", () => {
  assert.equal(boardIdOf("/boards/sales"), "sales");
  assert.equal(boardIdOf("/boards/sales/"), "sales");
  assert.equal(boardIdOf("/boards/a%2Db"), "a-b");
  assert.equal(boardIdOf("/"), null);
  assert.equal(boardIdOf("/boards/a/b"), null);
});

Deno.test("a board's view carries what the board file says", () => {
  assert.deepEqual(boardView(LISTED[1]), {
    boardId: "sales",
    title: "Sales floor",
    queues: ["q-2"],
    agents: true,
    trend: false,
    totals: true,
    metrics: ["aht"],
    sound: false,
    sort: "time",
    filter: "notResponding",
    offlineClock: true,
  });
});

Deno.test("a rotation starts with its board, then the boards it names", () => {
  const rotation = rotationOf(LISTED, "lobby");
  assert.deepEqual(rotation?.views.map((v) => v.boardId), [
    "lobby",
    "sales",
    "vip",
  ]);
  assert.equal(rotation?.seconds, 20);
  assert.deepEqual(rotationOf(LISTED, "sales")?.seconds, null);
  assert.equal(rotationOf(LISTED, "nope"), null);
});

Deno.test("the rotation moves on every rotateSeconds and wraps", () => {
  const at = (s: number) => rotationIndex(1000, 1000 + s * 1000, 20, 3);
  assert.deepEqual([at(0), at(19.9), at(20), at(45), at(60), at(-5)], [
    0,
    0,
    1,
    2,
    0,
    0,
  ]);
  assert.equal(rotationIndex(0, 99_000, null, 3), 0);
});

Deno.test("a resume is valid only for the same queues, agents and trend", () => {
  const a = fragmentView("#queues=q-1&agents=1");
  assert.equal(
    subscriptionKey(a),
    subscriptionKey(fragmentView("#agents=1&queues=q-1&token=x")),
  );
  assert.notEqual(
    subscriptionKey(a),
    subscriptionKey(fragmentView("#queues=q-1")),
  );
  assert.notEqual(
    subscriptionKey(a),
    subscriptionKey(fragmentView("#queues=q-1&agents=1&trend=0")),
  );
});

Deno.test("the subscribe asks for the trend only when the board shows it", () => {
  assert.deepEqual(subscribeMessage(fragmentView(""), undefined, null), {
    type: "subscribe",
    trend: true,
  });
  assert.deepEqual(
    subscribeMessage(fragmentView("#trend=0"), undefined, null),
    { type: "subscribe" },
  );
  assert.deepEqual(subscribeMessage(boardView(LISTED[1]), "a.b.c", null), {
    type: "subscribe",
    token: "a.b.c",
    queues: ["q-2"],
    agents: true,
  });
  assert.deepEqual(subscribeMessage(boardView(LISTED[0]), undefined, null), {
    type: "subscribe",
    queues: ["q-1"],
    trend: true,
  });
});

Deno.test("a resuming subscribe carries the point it resumes from", () => {
  const since = { epoch: "ep-1", version: 7 };
  assert.deepEqual(
    subscribeMessage(fragmentView("#queues=q-1&trend=0"), "t", since),
    {
      type: "subscribe",
      token: "t",
      queues: ["q-1"],
      since: { epoch: "ep-1", version: 7 },
    },
  );
});
