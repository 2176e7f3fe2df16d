/**
 * `GET /api/v1/boards`: the boards of the `BOARDS` file the caller may
 * see, each with its queues resolved and cut to the caller's scope.
 *
 * @module
 */

import type { Hono } from "hono";
import type { Authenticator } from "../auth/mod.ts";
import { type Board, listBoards } from "../boards/mod.ts";
import type { Realtime } from "../realtime/contracts.ts";
import { currentSnapshot } from "./_api.ts";
import { principalOf } from "./_principal.ts";
import type { AppEnv } from "./options.ts";

/** What the boards route reads. */
export interface BoardsDeps {
  realtime: Realtime;
  auth: Authenticator;
  boards: readonly Board[];
}

/** Registers `GET /api/v1/boards` on `app`. */
export function registerBoards(app: Hono<AppEnv>, deps: BoardsDeps): void {
  const { realtime, auth, boards } = deps;
  app.get("/api/v1/boards", async (c) => {
    const principal = await principalOf(auth, c.req.raw);
    const snapshot = currentSnapshot(realtime);
    const listed = listBoards(
      boards,
      Object.values(snapshot.queues),
      principal,
    );
    c.header("cache-control", "no-store");
    return c.json({ boards: listed });
  });
}
