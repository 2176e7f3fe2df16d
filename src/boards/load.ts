/**
 * Reads the `BOARDS` file once at start-up.
 *
 * @module
 */

import type { Board } from "./board.ts";
import { parseBoards } from "./parse.ts";

/**
 * Reads and validates the boards file at `path`; null = no file, no boards.
 * Throws a `TypeError` of one line naming the file, or the board and field.
 *
 * @example
 * ```ts ignore
 * const boards = await loadBoards(Deno.env.get("BOARDS") ?? null);
 * ```
 */
export async function loadBoards(
  path: string | null,
  readTextFile: (path: string) => Promise<string> = Deno.readTextFile,
): Promise<Board[]> {
  if (path === null) return [];
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    throw new TypeError(
      `Cannot read BOARDS: file ${JSON.stringify(path)} is not readable: ${
        detail(error)
      }`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TypeError(
      `Cannot parse BOARDS: file ${JSON.stringify(path)} is not valid JSON: ${
        detail(error)
      }`,
      { cause: error },
    );
  }
  return parseBoards(json);
}

function detail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
