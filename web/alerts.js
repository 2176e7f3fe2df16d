// @ts-check
/**
 * A queue's alert severity, and which critical alerts were raised since
 * the page last looked (for the board's tone). Pure: unit-tested under
 * `deno test`.
 *
 * @module
 */

/** @typedef {import("../src/snapshot/model.ts").QueueState} QueueState */
/** @typedef {"critical" | "warning" | "none"} Severity */

import { CRITICAL_ICON, WARNING_ICON } from "./icons.js";

/** Icon and word of each severity: never colour alone. */
export const SEVERITY_SIGN = Object.freeze({
  critical: { icon: CRITICAL_ICON, text: "Critical" },
  warning: { icon: WARNING_ICON, text: "Warning" },
});

/**
 * The worst severity among a queue's alerts.
 *
 * @param {QueueState} queue
 * @returns {Severity}
 */
export function severityOf(queue) {
  const alerts = Array.isArray(queue.alerts) ? queue.alerts : [];
  if (alerts.some((a) => a.severity === "critical")) return "critical";
  if (alerts.some((a) => a.severity === "warning")) return "warning";
  return "none";
}

/**
 * Critical alert rules known per queue id.
 *
 * @typedef {Map<string, Set<string>>} KnownCriticals
 */

/**
 * Compares the critical alerts of `queues` with those `known`: returns the
 * newly raised ones as "<queueId>|<rule>", and what is known now. A queue
 * seen for the first time raises nothing (its alerts were raised before the
 * page looked); a queue out of view keeps what was known of it, so a board
 * rotation does not raise an alert twice.
 *
 * @param {KnownCriticals} known
 * @param {Record<string, QueueState>} queues
 * @returns {{ known: KnownCriticals, raised: string[] }}
 */
export function raisedCriticals(known, queues) {
  const next = new Map(known);
  /** @type {string[]} */
  const raised = [];
  for (const [id, queue] of Object.entries(queues)) {
    const rules = new Set(
      (Array.isArray(queue.alerts) ? queue.alerts : [])
        .filter((a) => a.severity === "critical").map((a) => a.rule),
    );
    const before = known.get(id);
    if (before) {
      for (const rule of rules) {
        if (!before.has(rule)) raised.push(`${id}|${rule}`);
      }
    }
    next.set(id, rules);
  }
  return { known: next, raised };
}
