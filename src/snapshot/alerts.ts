/**
 * Threshold alert rules (`ALERT_RULES`): defaults, validation, loading and
 * evaluation against one queue.
 *
 * @module
 */

import type { AlertRule } from "./contracts.ts";
import type { Alert, QueueState } from "./model.ts";

/**
 * The built-in rules, used when `ALERT_RULES` is not set.
 *
 * @example
 * ```ts
 * const alerts = evaluateAlerts(queue, DEFAULT_ALERT_RULES, Date.now());
 * ```
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = Object.freeze([
  rule("waiting-warning", "warning", "waiting", "gte", 5),
  rule("waiting-critical", "critical", "waiting", "gte", 10),
  rule("oldest-wait-critical", "critical", "oldestWaitingMs", "gte", 60_000),
  rule("service-level-below-target", "warning", "serviceLevel", "lt", "target"),
  rule("agent-not-responding", "warning", "agentsNotResponding", "gte", 1),
]);

function rule(
  name: string,
  severity: AlertRule["severity"],
  metric: string,
  op: AlertRule["op"],
  threshold: AlertRule["threshold"],
): AlertRule {
  return Object.freeze({ name, severity, metric, op, threshold });
}

/** Metrics a rule may measure. */
export const ALERT_METRICS: readonly string[] = Object.freeze([
  "waiting",
  "alerting",
  "interacting",
  "oldestWaitingMs",
  "serviceLevel",
  "abandonRate",
  "agentsNotResponding",
  "agentsIdle",
  "asaMs",
  "ahtMs",
]);

const RULE_FIELDS = new Set([
  "name",
  "severity",
  "metric",
  "op",
  "threshold",
  "queues",
]);

function fail(detail: string): never {
  throw new TypeError(`Cannot parse ALERT_RULES: ${detail}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Validates a parsed `ALERT_RULES` document: an array of rules. Every error
 * names the rule (1-based index and name) and the field.
 *
 * @example
 * ```ts
 * parseAlertRules([{ name: "busy", severity: "warning", metric: "waiting",
 *   op: "gte", threshold: 3 }]);
 * ```
 */
export function parseAlertRules(json: unknown): AlertRule[] {
  if (!Array.isArray(json)) fail("expected an array of rules");
  const names = new Map<string, number>();
  return json.map((raw, index) => {
    const n = index + 1;
    if (!isRecord(raw)) fail(`rule ${n} is not an object`);
    const name = raw.name;
    if (typeof name !== "string" || name.trim() === "") {
      fail(`rule ${n} has invalid "name": expected a non-empty string`);
    }
    const where = `rule ${n} (${JSON.stringify(name)})`;
    const bad = (field: string, expected: string): never =>
      fail(`${where} has invalid "${field}": ${expected}`);
    if (names.has(name)) bad("name", `duplicate of rule ${names.get(name)}`);
    names.set(name, n);
    for (const key of Object.keys(raw)) {
      if (!RULE_FIELDS.has(key)) fail(`${where} has unknown field "${key}"`);
    }
    const { severity, metric, op, threshold, queues } = raw;
    if (severity !== "warning" && severity !== "critical") {
      bad("severity", `expected "warning" or "critical"`);
    }
    if (typeof metric !== "string" || !ALERT_METRICS.includes(metric)) {
      bad(
        "metric",
        `expected one of ${ALERT_METRICS.map((m) => `"${m}"`).join(", ")}`,
      );
    }
    if (op !== "gte" && op !== "lt") bad("op", `expected "gte" or "lt"`);
    if (threshold === "target") {
      if (metric !== "serviceLevel") {
        bad("threshold", `"target" applies only to "serviceLevel"`);
      }
    } else if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
      bad("threshold", `expected a finite number or "target"`);
    }
    const out: AlertRule = {
      name,
      severity: severity as AlertRule["severity"],
      metric: metric as string,
      op: op as AlertRule["op"],
      threshold: threshold as AlertRule["threshold"],
    };
    if (queues !== undefined) {
      if (
        !Array.isArray(queues) ||
        !queues.every((q) => typeof q === "string" && q !== "")
      ) {
        bad("queues", "expected an array of queue id strings");
      }
      out.queues = [...queues as string[]];
    }
    return out;
  });
}

/**
 * Loads the rules from the JSON file at `path`, or the defaults when `path`
 * is null.
 *
 * @example
 * ```ts
 * const rules = await loadAlertRules(Deno.env.get("ALERT_RULES") ?? null);
 * ```
 */
export async function loadAlertRules(
  path: string | null,
  readTextFile: (path: string) => Promise<string> = Deno.readTextFile,
): Promise<AlertRule[]> {
  if (path === null) return DEFAULT_ALERT_RULES.map((r) => ({ ...r }));
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new TypeError(
      `Cannot read ALERT_RULES: file "${path}" is not readable: ${detail}`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new TypeError(
      `Cannot parse ALERT_RULES: file "${path}" is not valid JSON: ${detail}`,
      { cause: error },
    );
  }
  return parseAlertRules(json);
}

/** The value of `metric` on `queue` at `fetchedAt` (epoch ms), or null. */
export function metricValue(
  queue: QueueState,
  metric: string,
  fetchedAt: number,
): number | null {
  switch (metric) {
    case "waiting":
      return queue.waiting;
    case "alerting":
      return queue.alerting;
    case "interacting":
      return queue.interacting;
    case "oldestWaitingMs": {
      if (queue.oldestWaitingSince === null) return null;
      const since = Date.parse(queue.oldestWaitingSince);
      return Number.isNaN(since) ? null : Math.max(0, fetchedAt - since);
    }
    case "serviceLevel":
      return queue.today.serviceLevel;
    case "abandonRate":
      return queue.today.abandonRate;
    case "agentsNotResponding":
      return queue.agents.notResponding;
    case "agentsIdle":
      return queue.agents.idle;
    case "asaMs":
      return queue.today.asaMs;
    case "ahtMs":
      return queue.today.ahtMs;
    default:
      return null;
  }
}

/**
 * The alerts `rules` raise on `queue` at `fetchedAt` (epoch ms), in rule
 * order. A metric (or a `"target"` threshold) that is null never fires.
 *
 * A time metric (`oldestWaitingMs`) grows on every poll while the same
 * conversation stays oldest; when `previous` (the queue in the previous poll)
 * raised the same rule for the same `oldestWaitingSince`, its value is kept,
 * so the queue only changes when something real does. Screens tick the live
 * wait from `oldestWaitingSince`.
 *
 * @example
 * ```ts
 * evaluateAlerts(queue, DEFAULT_ALERT_RULES, Date.parse(data.fetchedAt));
 * ```
 */
export function evaluateAlerts(
  queue: QueueState,
  rules: readonly AlertRule[],
  fetchedAt: number,
  previous?: QueueState,
): Alert[] {
  const out: Alert[] = [];
  for (const r of rules) {
    if (r.queues !== undefined && !r.queues.includes(queue.id)) continue;
    const value = metricValue(queue, r.metric, fetchedAt);
    const threshold = r.threshold === "target"
      ? queue.today.serviceLevelTarget
      : r.threshold;
    if (value === null || threshold === null) continue;
    const fires = r.op === "gte" ? value >= threshold : value < threshold;
    if (fires) {
      out.push({
        rule: r.name,
        severity: r.severity,
        metric: r.metric,
        value: keptValue(queue, previous, r) ?? value,
        threshold,
      });
    }
  }
  return out;
}

/** The value a still-raised time alert had in the previous poll, or null. */
function keptValue(
  queue: QueueState,
  previous: QueueState | undefined,
  rule: AlertRule,
): number | null {
  if (rule.metric !== "oldestWaitingMs" || previous === undefined) return null;
  if (previous.oldestWaitingSince !== queue.oldestWaitingSince) return null;
  const before = previous.alerts.find((a) => a.rule === rule.name);
  return before?.value ?? null;
}
