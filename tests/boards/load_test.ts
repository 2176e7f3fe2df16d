import assert from "node:assert/strict";
import { loadBoards } from "../../src/boards/mod.ts";

Deno.test("loadBoards without a path means no boards", async () => {
  assert.deepEqual(await loadBoards(null), []);
});

Deno.test("loadBoards reads and validates the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/boards.json`;
    await Deno.writeTextFile(
      path,
      '{"boards":[{"id":"sales","title":"Sales","queues":["Sales*"]}]}',
    );
    const [board] = await loadBoards(path);
    assert.equal(board.id, "sales");
    await Deno.writeTextFile(path, '{"boards":[{"id":"sales"}]}');
    await assert.rejects(
      loadBoards(path),
      new TypeError(
        'Cannot parse BOARDS: board "sales": "title" must be a non-empty string of at most 120 characters',
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unreadable or non-JSON BOARDS file is one line naming the file", async () => {
  await assert.rejects(
    loadBoards("boards.json", () => Promise.reject(new Error("No such file"))),
    new TypeError(
      'Cannot read BOARDS: file "boards.json" is not readable: No such file',
    ),
  );
  await assert.rejects(
    loadBoards("boards.json", () => Promise.resolve("{boards")),
    (error: Error) =>
      error instanceof TypeError &&
      error.message.startsWith(
        'Cannot parse BOARDS: file "boards.json" is not valid JSON: ',
      ) && !error.message.includes("\n"),
  );
});
