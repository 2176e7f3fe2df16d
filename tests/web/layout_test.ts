import assert from "node:assert/strict";
import { fitGrid } from "../../web/layout.js";

/** The tile area of a 1920×1080 board (20 px rem) without the agent board. */
const TV = {
  width: 1884,
  height: 850,
  gap: 12,
  minWidth: 280,
  minHeight: 180,
  aspect: 1.7,
};

Deno.test("12 queues at 1080p: 4 columns of 3 rows, all on screen", () => {
  assert.deepEqual(fitGrid(12, TV), { cols: 4, rows: 3, fits: true });
});

Deno.test("24 queues at 1080p: denser, still all on screen", () => {
  assert.deepEqual(fitGrid(24, TV), { cols: 6, rows: 4, fits: true });
});

Deno.test("one queue fills the board; no empty columns", () => {
  assert.deepEqual(fitGrid(1, TV), { cols: 1, rows: 1, fits: true });
  assert.deepEqual(fitGrid(0, TV), { cols: 1, rows: 1, fits: true });
  assert.deepEqual(fitGrid(5, TV), { cols: 3, rows: 2, fits: true });
});

Deno.test("a phone gets one scrolling column", () => {
  assert.deepEqual(
    fitGrid(12, {
      ...TV,
      width: 362,
      height: 300,
      minWidth: 196,
      minHeight: 126,
    }),
    { cols: 1, rows: 12, fits: false },
  );
});

Deno.test("too many queues to read on one screen: readable columns, scrolling", () => {
  assert.deepEqual(fitGrid(60, TV), { cols: 6, rows: 10, fits: false });
});
