/**
 * What `GET /api/v1/boards` lists for one caller: each board's queue
 * patterns resolved against the queue directory and cut to the caller's
 * scope.
 *
 * @module
 */

import type { Principal } from "../auth/mod.ts";
import { compileQueueFilter, type QueueRef } from "../poller/mod.ts";
import type { Board, BoardListing } from "./board.ts";

/**
 * The boards `principal` may see, with their queues resolved among
 * `queues`. A token scoped to a list of queues sees a board only when it
 * may see at least one of the board's queues; the agent board needs the
 * agents scope; a rotation lists only boards the caller sees.
 *
 * @example
 * ```ts ignore
 * const listed = listBoards(boards, Object.values(snapshot.queues), principal);
 * ```
 */
export function listBoards(
  boards: readonly Board[],
  queues: readonly QueueRef[],
  principal: Principal,
): BoardListing[] {
  const directory = [...queues].sort((a, b) =>
    compare(a.name, b.name) || compare(a.id, b.id)
  );
  const scope = principal.queues === "*" ? null : new Set(principal.queues);
  const listed: BoardListing[] = [];
  for (const board of boards) {
    const matches = compileQueueFilter(board.queues);
    const queueIds = directory.filter(matches).map((q) => q.id)
      .filter((id) => scope === null || scope.has(id));
    if (scope !== null && queueIds.length === 0) continue;
    listed.push({
      ...board,
      queueIds,
      agents: board.agents && principal.agents,
    });
  }
  const visible = new Set(listed.map((b) => b.id));
  for (const board of listed) {
    board.rotate = board.rotate.filter((id) => visible.has(id));
    if (board.rotate.length === 0) board.rotateSeconds = null;
  }
  return listed;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
