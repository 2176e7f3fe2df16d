// @ts-check
/**
 * How many columns and rows of queue tiles fill the space a board has:
 * the density adapts to the number of queues. Pure: unit-tested under
 * `deno test`.
 *
 * @module
 */

/**
 * The space and limits of a tile grid, in CSS pixels.
 *
 * @typedef {object} GridSpace
 * @property {number} width width available to the grid
 * @property {number} height height available to the grid
 * @property {number} gap gap between tiles
 * @property {number} minWidth narrowest readable tile
 * @property {number} minHeight lowest readable tile
 * @property {number} aspect preferred width / height of a tile
 */

/**
 * A grid: `fits` when every tile is on screen at once; otherwise the page
 * scrolls and tiles keep their smallest readable height.
 *
 * @typedef {{ cols: number, rows: number, fits: boolean }} Grid
 */

/**
 * Picks the column count whose tiles are the largest boxes of the preferred
 * aspect that fit, among grids whose tiles stay readable. When no grid
 * keeps every tile readable on screen, as many readable columns as fit,
 * and scrolling.
 *
 * @example
 * ```js
 * fitGrid(12, { width: 1880, height: 880, gap: 12, minWidth: 240,
 *   minHeight: 150, aspect: 1.6 }); // { cols: 4, rows: 3, fits: true }
 * ```
 *
 * @param {number} count tiles to place
 * @param {GridSpace} space
 * @returns {Grid}
 */
export function fitGrid(count, space) {
  const n = Math.max(1, count);
  let best = null;
  let bestScore = 0;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    if (cols > 1 && Math.ceil(n / (cols - 1)) === rows) continue;
    const w = (space.width - space.gap * (cols - 1)) / cols;
    const h = (space.height - space.gap * (rows - 1)) / rows;
    if (w < space.minWidth || h < space.minHeight) continue;
    const score = Math.min(w, h * space.aspect);
    if (score > bestScore) {
      bestScore = score;
      best = { cols, rows, fits: true };
    }
  }
  if (best) return best;
  const cols = Math.max(
    1,
    Math.min(
      n,
      Math.floor((space.width + space.gap) / (space.minWidth + space.gap)),
    ),
  );
  return { cols, rows: Math.ceil(n / cols), fits: false };
}
