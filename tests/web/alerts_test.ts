import assert from "node:assert/strict";
import { raisedCriticals, severityOf } from "../../web/alerts.js";
import { queue } from "./_fixtures.ts";

function alert(rule: string, severity: "warning" | "critical") {
  return { rule, severity, metric: "waiting", value: 12, threshold: 10 };
}

const CALM = queue("q-1", "Support");
const WARN = queue("q-1", "Support", { alerts: [alert("w", "warning")] });
const CRIT = queue("q-1", "Support", {
  alerts: [alert("w", "warning"), alert("waiting-critical", "critical")],
});

Deno.test("a tile's severity is its worst alert", () => {
  assert.deepEqual([severityOf(CALM), severityOf(WARN), severityOf(CRIT)], [
    "none",
    "warning",
    "critical",
  ]);
});

Deno.test("a critical alert is raised once, when it appears", () => {
  let known = new Map<string, Set<string>>();
  let step = raisedCriticals(known, { "q-1": WARN });
  assert.deepEqual(step.raised, []);
  known = step.known;
  step = raisedCriticals(known, { "q-1": CRIT });
  assert.deepEqual(step.raised, ["q-1|waiting-critical"]);
  known = step.known;
  step = raisedCriticals(known, { "q-1": CRIT });
  assert.deepEqual(step.raised, []);
  step = raisedCriticals(step.known, { "q-1": CALM });
  step = raisedCriticals(step.known, { "q-1": CRIT });
  assert.deepEqual(step.raised, ["q-1|waiting-critical"]);
});

Deno.test("a queue seen first, or back from another board, raises nothing old", () => {
  const first = raisedCriticals(new Map(), { "q-1": CRIT });
  assert.deepEqual(first.raised, []);
  const away = raisedCriticals(first.known, { "q-2": queue("q-2", "Billing") });
  const back = raisedCriticals(away.known, { "q-1": CRIT });
  assert.deepEqual(back.raised, []);
});
