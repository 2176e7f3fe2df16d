/**
 * Boards: the `BOARDS` file of named wallboards a supervisor writes
 * (`{"boards":[{"id":"sales","title":"Sales floor","queues":["Sales*"]}]}`),
 * validated once at start-up, and what each caller may see of them.
 *
 * @example
 * ```ts ignore
 * import { listBoards, loadBoards } from "./src/boards/mod.ts";
 *
 * const boards = await loadBoards(Deno.env.get("BOARDS") ?? null);
 * const listed = listBoards(boards, [{ id: "q-1", name: "Sales EMEA" }], {
 *   queues: "*", agents: true, expiresAt: null,
 * });
 * ```
 *
 * @module
 */

export {
  type AgentFilter,
  type AgentSort,
  type Board,
  BOARD_DEFAULTS,
  type BoardListing,
  DEFAULT_ROTATE_SECONDS,
  type MetricName,
  ROTATE_SECONDS_RANGE,
} from "./board.ts";
export { MAX_BOARDS, parseBoards } from "./parse.ts";
export { loadBoards } from "./load.ts";
export { listBoards } from "./listing.ts";
