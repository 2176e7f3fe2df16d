/**
 * A board of the `BOARDS` file: what one wallboard screen shows, and the
 * defaults of every optional field.
 *
 * @module
 */

import { DEFAULT_METRICS, type MetricName } from "../../web/metrics.js";

export type { MetricName } from "../../web/metrics.js";

/** How the agent board is sorted: by status, or longest in status first. */
export type AgentSort = "status" | "time";

/** Which agents the agent board lists. */
export type AgentFilter = "all" | "notResponding";

/** One board, every field set (defaults applied). */
export interface Board {
  /** URL name: the board is served at `/boards/<id>`. */
  id: string;
  /** Shown at the top of the screen. */
  title: string;
  /** Queue ids or name globs (`Sales*`), as `GENESYS_QUEUES` takes them. */
  queues: string[];
  /** Whether the agent board is shown (needs the token's agents scope). */
  agents: boolean;
  /** Whether the trend charts are shown. */
  trend: boolean;
  /** Whether the totals strip is shown. */
  totals: boolean;
  /** Figures of each queue tile, in order. */
  metrics: MetricName[];
  /** Other boards this screen cycles through after this one. */
  rotate: string[];
  /** Seconds each board of the rotation stays; null without a rotation. */
  rotateSeconds: number | null;
  /** Whether a raised critical alert plays a tone. */
  sound: boolean;
  /** Agent board order. */
  agentSort: AgentSort;
  /** Agent board filter. */
  agentFilter: AgentFilter;
  /** Whether offline agents show how long they have been offline. */
  offlineClock: boolean;
}

/** A board as `GET /api/v1/boards` lists it for one caller. */
export interface BoardListing extends Board {
  /** Ids of the queues the board shows that the caller may see, by name. */
  queueIds: string[];
}

/** Seconds per board of a rotation when `rotateSeconds` is not given. */
export const DEFAULT_ROTATE_SECONDS = 30;

/** Shortest and longest `rotateSeconds`. */
export const ROTATE_SECONDS_RANGE = { min: 5, max: 3600 } as const;

/** The optional fields and their defaults. */
export const BOARD_DEFAULTS: Omit<
  Board,
  "id" | "title" | "queues" | "rotateSeconds"
> = {
  agents: false,
  trend: true,
  totals: true,
  metrics: [...DEFAULT_METRICS],
  rotate: [],
  sound: false,
  agentSort: "status",
  agentFilter: "all",
  offlineClock: false,
};
