/**
 * Validation of the `BOARDS` file: `{"boards":[{"id","title","queues",…}]}`.
 * Every problem is one line naming the board and the field.
 *
 * @module
 */

import { METRIC_NAMES, type MetricName } from "../../web/metrics.js";
import {
  type AgentFilter,
  type AgentSort,
  type Board,
  BOARD_DEFAULTS,
  DEFAULT_ROTATE_SECONDS,
  ROTATE_SECONDS_RANGE,
} from "./board.ts";

/** Most boards one file may hold. */
export const MAX_BOARDS = 200;
/** Most queue patterns one board may name. */
const MAX_PATTERNS = 1000;
/** Longest title. */
const MAX_TITLE = 120;
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const FIELDS = new Set([
  "id",
  "title",
  "queues",
  "agents",
  "trend",
  "totals",
  "metrics",
  "rotate",
  "rotateSeconds",
  "sound",
  "agentSort",
  "agentFilter",
  "offlineClock",
]);
const SORTS: readonly AgentSort[] = ["status", "time"];
const FILTERS: readonly AgentFilter[] = ["all", "notResponding"];

/**
 * Validates a parsed `BOARDS` file; throws a `TypeError` naming the board
 * and the field on the first problem.
 *
 * @example
 * ```ts
 * const boards = parseBoards({
 *   boards: [{ id: "sales", title: "Sales floor", queues: ["Sales*"] }],
 * });
 * boards[0].trend; // true (the default)
 * ```
 */
export function parseBoards(json: unknown): Board[] {
  if (!isRecord(json)) {
    throw fail('expected an object {"boards":[…]}');
  }
  for (const key of Object.keys(json)) {
    if (key !== "boards") throw fail(`unknown field ${JSON.stringify(key)}`);
  }
  const list = json.boards;
  if (!Array.isArray(list) || list.length === 0) {
    throw fail('"boards" must be a non-empty array');
  }
  if (list.length > MAX_BOARDS) {
    throw fail(`"boards" must hold at most ${MAX_BOARDS} boards`);
  }
  const boards = list.map((value, i) => parseBoard(value, i + 1));
  const seen = new Map<string, number>();
  boards.forEach((board, i) => {
    const first = seen.get(board.id);
    if (first !== undefined) {
      throw fail(`${name(board.id)}: "id" repeats board ${first}`);
    }
    seen.set(board.id, i + 1);
  });
  for (const board of boards) {
    for (const next of board.rotate) {
      if (!seen.has(next)) {
        throw fail(
          `${name(board.id)}: "rotate" names unknown board ${
            JSON.stringify(next)
          }`,
        );
      }
    }
  }
  return boards;
}

function parseBoard(value: unknown, position: number): Board {
  if (!isRecord(value)) throw fail(`board ${position}: expected an object`);
  const id = value.id;
  if (typeof id !== "string" || !ID.test(id)) {
    throw fail(
      `board ${position}: "id" must be 1 to 64 letters, digits, "-" or "_"${
        got(id)
      }`,
    );
  }
  const where = name(id);
  for (const key of Object.keys(value)) {
    if (!FIELDS.has(key)) {
      throw fail(`${where}: unknown field ${JSON.stringify(key)}`);
    }
  }
  const title = typeof value.title === "string" ? value.title.trim() : "";
  if (title === "" || title.length > MAX_TITLE) {
    throw fail(
      `${where}: "title" must be a non-empty string of at most ${MAX_TITLE} characters`,
    );
  }
  const rotate = strings(value.rotate, where, "rotate", "board ids") ??
    BOARD_DEFAULTS.rotate;
  if (rotate.includes(id)) {
    throw fail(`${where}: "rotate" must not name the board itself`);
  }
  return {
    id,
    title,
    queues: queuePatterns(value.queues, where),
    agents: bool(value.agents, where, "agents") ?? BOARD_DEFAULTS.agents,
    trend: bool(value.trend, where, "trend") ?? BOARD_DEFAULTS.trend,
    totals: bool(value.totals, where, "totals") ?? BOARD_DEFAULTS.totals,
    metrics: metrics(value.metrics, where),
    rotate: [...new Set(rotate)],
    rotateSeconds: rotateSeconds(value.rotateSeconds, rotate, where),
    sound: bool(value.sound, where, "sound") ?? BOARD_DEFAULTS.sound,
    agentSort: oneOf(value.agentSort, SORTS, where, "agentSort") ??
      BOARD_DEFAULTS.agentSort,
    agentFilter: oneOf(value.agentFilter, FILTERS, where, "agentFilter") ??
      BOARD_DEFAULTS.agentFilter,
    offlineClock: bool(value.offlineClock, where, "offlineClock") ??
      BOARD_DEFAULTS.offlineClock,
  };
}

function queuePatterns(value: unknown, where: string): string[] {
  const list = strings(value, where, "queues", "queue ids or name globs");
  if (!list || list.length === 0) {
    throw fail(
      `${where}: "queues" must be a non-empty array of queue ids or name globs`,
    );
  }
  if (list.length > MAX_PATTERNS) {
    throw fail(`${where}: "queues" must hold at most ${MAX_PATTERNS} entries`);
  }
  return [...new Set(list)];
}

function metrics(value: unknown, where: string): MetricName[] {
  if (value === undefined) return [...BOARD_DEFAULTS.metrics];
  const list = strings(value, where, "metrics", "figure names");
  if (!list || list.length === 0) {
    throw fail(`${where}: "metrics" must be a non-empty array of figure names`);
  }
  for (const metric of list) {
    if (!(METRIC_NAMES as readonly string[]).includes(metric)) {
      throw fail(
        `${where}: "metrics" names unknown figure ${
          JSON.stringify(metric)
        } (expected one of: ${METRIC_NAMES.join(", ")})`,
      );
    }
  }
  return [...new Set(list)] as MetricName[];
}

function rotateSeconds(
  value: unknown,
  rotate: readonly string[],
  where: string,
): number | null {
  const { min, max } = ROTATE_SECONDS_RANGE;
  if (value === undefined) {
    return rotate.length > 0 ? DEFAULT_ROTATE_SECONDS : null;
  }
  if (
    !Number.isInteger(value) || (value as number) < min ||
    (value as number) > max
  ) {
    throw fail(
      `${where}: "rotateSeconds" must be a whole number from ${min} to ${max}${
        got(value)
      }`,
    );
  }
  if (rotate.length === 0) {
    throw fail(
      `${where}: "rotateSeconds" needs a "rotate" list of boards to cycle through`,
    );
  }
  return value as number;
}

/** A list of non-blank strings (trimmed), undefined when absent. */
function strings(
  value: unknown,
  where: string,
  field: string,
  what: string,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every((v) => typeof v === "string" && v.trim() !== "")
  ) {
    throw fail(`${where}: "${field}" must be an array of ${what}`);
  }
  return value.map((v: string) => v.trim());
}

function bool(
  value: unknown,
  where: string,
  field: string,
): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw fail(`${where}: "${field}" must be true or false${got(value)}`);
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  where: string,
  field: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value === "string" && (allowed as readonly string[]).includes(value)
  ) {
    return value as T;
  }
  throw fail(
    `${where}: "${field}" must be one of ${
      allowed.map((a) => JSON.stringify(a)).join(", ")
    }${got(value)}`,
  );
}

function name(id: string): string {
  return `board ${JSON.stringify(id)}`;
}

function got(value: unknown): string {
  return value === undefined ? "" : `, got ${JSON.stringify(value)}`;
}

function fail(detail: string): TypeError {
  return new TypeError(`Cannot parse BOARDS: ${detail}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
