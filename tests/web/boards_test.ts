import assert from "node:assert/strict";
import { listBoards, parseBoards } from "../../src/boards/mod.ts";
import { createBoards } from "../../web/boards.js";

const LISTED = listBoards(
  parseBoards({
    boards: [
      {
        id: "lobby",
        title: "Lobby",
        queues: ["q-1"],
        rotate: ["sales"],
        rotateSeconds: 10,
      },
      { id: "sales", title: "Sales floor", queues: ["Sales*"] },
    ],
  }),
  [{ id: "q-1", name: "Support" }, { id: "q-2", name: "Sales EMEA" }],
  { queues: "*", agents: false, expiresAt: null },
);

function harness(path: string, answers: Response[]) {
  let now = 0;
  const asked: { url: string; init: RequestInit }[] = [];
  const notices: (string | null)[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  let views = 0;
  const boards = createBoards({
    fetch: (url, init) => {
      asked.push({ url, init });
      const answer = answers.shift();
      return answer
        ? Promise.resolve(answer)
        : Promise.reject(new TypeError("offline"));
    },
    token: () => "tok.en",
    path,
    hash: () => "#queues=q-1",
    now: () => now,
    onView: () => views++,
    onNotice: (text) => notices.push(text),
    setTimer: (fn, ms) => timers.push({ fn, ms }),
  });
  return {
    boards,
    asked,
    notices,
    timers,
    views: () => views,
    set now(value: number) {
      now = value;
    },
  };
}

function listing(): Response {
  return Response.json({ boards: LISTED });
}

/** Lets the controller's fetch chain settle. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

Deno.test("on / the view is the fragment's, with no request", () => {
  const h = harness("/", []);
  assert.equal(h.boards.boardId, null);
  h.boards.reload();
  assert.equal(h.views(), 1);
  assert.deepEqual(h.boards.view()?.queues, ["q-1"]);
  assert.deepEqual(h.asked, []);
});

Deno.test("a board page reads its board with the screen's token, then rotates", async () => {
  const h = harness("/boards/lobby", [listing()]);
  assert.equal(h.boards.view(), null);
  h.boards.reload();
  await settle();
  assert.deepEqual(h.asked, [{
    url: "/api/v1/boards",
    init: { headers: { authorization: "Bearer tok.en" } },
  }]);
  assert.deepEqual([h.boards.view()?.title, h.boards.view()?.queues], [
    "Lobby",
    ["q-1"],
  ]);
  assert.deepEqual([h.views(), h.notices], [1, [null]]);
  h.now = 9_999;
  h.boards.tick(9_999);
  assert.equal(h.views(), 1);
  h.now = 10_000;
  h.boards.tick(10_000);
  assert.deepEqual([h.views(), h.boards.view()?.title], [2, "Sales floor"]);
  h.boards.tick(20_000);
  assert.deepEqual([h.views(), h.boards.view()?.title], [3, "Lobby"]);
});

Deno.test("before the first snapshot the board page asks again in 2 s", async () => {
  const h = harness("/boards/sales", [
    Response.json({ error: { code: "starting", message: "…" } }, {
      status: 503,
    }),
    listing(),
  ]);
  h.boards.reload();
  await settle();
  assert.deepEqual(h.timers.map((t) => t.ms), [2000]);
  assert.equal(h.boards.view(), null);
  h.timers[0].fn();
  await settle();
  assert.equal(h.boards.view()?.title, "Sales floor");
});

Deno.test("a refused token or an unknown board is shown, not thrown", async () => {
  const refused = harness("/boards/sales", [
    Response.json(
      {
        error: {
          code: "unauthorized",
          message: "Cannot verify token: bad signature",
        },
      },
      { status: 401 },
    ),
  ]);
  refused.boards.reload();
  await settle();
  assert.deepEqual(refused.notices, [
    'Cannot show board "sales": Cannot verify token: bad signature',
  ]);
  const unknown = harness("/boards/gone", [listing()]);
  unknown.boards.reload();
  await settle();
  assert.deepEqual(unknown.notices, [
    'Cannot show board "gone": no such board for this screen\'s token',
  ]);
  const offline = harness("/boards/sales", []);
  offline.boards.reload();
  await settle();
  assert.deepEqual(offline.timers.map((t) => t.ms), [15_000]);
});

Deno.test("boards are re-read every 5 minutes; a same view does not resubscribe", async () => {
  const h = harness("/boards/sales", [listing(), listing()]);
  h.boards.reload();
  await settle();
  h.now = 5 * 60_000;
  h.boards.tick(5 * 60_000);
  await settle();
  assert.equal(h.asked.length, 2);
  assert.equal(h.views(), 1);
});
