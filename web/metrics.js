// @ts-check
/**
 * The figures a queue tile can show below its hero numbers. One home for
 * the names: the page renders them, the server validates a board's
 * `metrics` list against them.
 *
 * @module
 */

/**
 * Every figure a tile can show, in the order of the default tile.
 *
 * @type {readonly MetricName[]}
 */
export const METRIC_NAMES = Object.freeze(
  /** @type {const} */ ([
    "interacting",
    "agentsOnQueue",
    "agentsIdle",
    "agentsNotResponding",
    "offered",
    "abandoned",
    "abandonRate",
    "asa",
    "alerting",
    "answered",
    "aht",
  ]),
);

/**
 * The figures of a tile when a board names none.
 *
 * @type {readonly MetricName[]}
 */
export const DEFAULT_METRICS = Object.freeze(METRIC_NAMES.slice(0, 8));

/**
 * @typedef {"interacting" | "agentsOnQueue" | "agentsIdle"
 *   | "agentsNotResponding" | "offered" | "abandoned" | "abandonRate"
 *   | "asa" | "alerting" | "answered" | "aht"} MetricName
 */
