import { deepEqual, rejects, throws } from "node:assert/strict";
import {
  type AlertRule,
  DEFAULT_ALERT_RULES,
  evaluateAlerts,
  loadAlertRules,
  parseAlertRules,
} from "../../src/snapshot/mod.ts";
import { queueState } from "../_support/mod.ts";

const NOW = Date.parse("2026-11-27T10:00:00.000Z");

function good(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "busy",
    severity: "warning",
    metric: "waiting",
    op: "gte",
    threshold: 3,
    ...extra,
  };
}

Deno.test("DEFAULT_ALERT_RULES fire nothing on a quiet queue", () => {
  deepEqual(evaluateAlerts(queueState("q-1"), DEFAULT_ALERT_RULES, NOW), []);
});

Deno.test("DEFAULT_ALERT_RULES: waiting 5 warns, waiting 10 keeps both", () => {
  deepEqual(
    evaluateAlerts(queueState("q-1", { waiting: 4 }), DEFAULT_ALERT_RULES, NOW),
    [],
  );
  deepEqual(
    evaluateAlerts(queueState("q-1", { waiting: 5 }), DEFAULT_ALERT_RULES, NOW),
    [{
      rule: "waiting-warning",
      severity: "warning",
      metric: "waiting",
      value: 5,
      threshold: 5,
    }],
  );
  deepEqual(
    evaluateAlerts(
      queueState("q-1", { waiting: 10 }),
      DEFAULT_ALERT_RULES,
      NOW,
    ),
    [
      {
        rule: "waiting-warning",
        severity: "warning",
        metric: "waiting",
        value: 10,
        threshold: 5,
      },
      {
        rule: "waiting-critical",
        severity: "critical",
        metric: "waiting",
        value: 10,
        threshold: 10,
      },
    ],
  );
});

Deno.test("DEFAULT_ALERT_RULES: oldest wait, service level, not responding", () => {
  const base = queueState("q-1");
  const q = queueState("q-1", {
    oldestWaitingSince: "2026-11-27T09:59:00.000Z",
    agents: { ...base.agents, notResponding: 1 },
    today: { ...base.today, serviceLevel: 0.79, serviceLevelTarget: 0.8 },
  });
  deepEqual(evaluateAlerts(q, DEFAULT_ALERT_RULES, NOW), [
    {
      rule: "oldest-wait-critical",
      severity: "critical",
      metric: "oldestWaitingMs",
      value: 60_000,
      threshold: 60_000,
    },
    {
      rule: "service-level-below-target",
      severity: "warning",
      metric: "serviceLevel",
      value: 0.79,
      threshold: 0.8,
    },
    {
      rule: "agent-not-responding",
      severity: "warning",
      metric: "agentsNotResponding",
      value: 1,
      threshold: 1,
    },
  ]);
  // One millisecond younger, at target, no target: nothing fires.
  const calm = queueState("q-1", {
    oldestWaitingSince: "2026-11-27T09:59:00.001Z",
    today: { ...base.today, serviceLevel: 0.8, serviceLevelTarget: 0.8 },
  });
  deepEqual(evaluateAlerts(calm, DEFAULT_ALERT_RULES, NOW), []);
  const noTarget = queueState("q-1", {
    today: { ...base.today, serviceLevel: 0.1, serviceLevelTarget: null },
  });
  deepEqual(evaluateAlerts(noTarget, DEFAULT_ALERT_RULES, NOW), []);
});

Deno.test("evaluateAlerts() keeps an oldest-wait value while the same conversation is oldest", () => {
  const rules = DEFAULT_ALERT_RULES.filter((r) =>
    r.metric === "oldestWaitingMs"
  );
  const since = "2026-11-27T09:58:00.000Z";
  const first = queueState("q-1", { oldestWaitingSince: since });
  first.alerts = evaluateAlerts(first, rules, NOW);
  deepEqual(first.alerts.map((a) => a.value), [120_000]);

  // Five seconds later, same oldest conversation: the value stays.
  const later = queueState("q-1", { oldestWaitingSince: since });
  deepEqual(
    evaluateAlerts(later, rules, NOW + 5000, first).map((a) => a.value),
    [120_000],
  );
  // Another conversation is now the oldest: the value is measured anew.
  const other = queueState("q-1", {
    oldestWaitingSince: "2026-11-27T09:58:30.000Z",
  });
  deepEqual(
    evaluateAlerts(other, rules, NOW + 5000, first).map((a) => a.value),
    [95_000],
  );
  // Without a previous alert for the rule, nothing is kept.
  const quiet = queueState("q-1", { oldestWaitingSince: since });
  deepEqual(
    evaluateAlerts(later, rules, NOW + 5000, quiet).map((a) => a.value),
    [125_000],
  );
});

Deno.test("evaluateAlerts() never fires on a null metric and honours queues", () => {
  const rules: AlertRule[] = [
    {
      name: "slow-asa",
      severity: "warning",
      metric: "asaMs",
      op: "gte",
      threshold: 0,
    },
    {
      name: "only-q2",
      severity: "critical",
      metric: "waiting",
      op: "gte",
      threshold: 0,
      queues: ["q-2"],
    },
    {
      name: "few-idle",
      severity: "warning",
      metric: "agentsIdle",
      op: "lt",
      threshold: 1,
    },
  ];
  deepEqual(
    evaluateAlerts(queueState("q-1"), rules, NOW).map((a) => a.rule),
    ["few-idle"],
  );
  deepEqual(
    evaluateAlerts(queueState("q-2"), rules, NOW).map((a) => a.rule),
    ["only-q2", "few-idle"],
  );
});

Deno.test("parseAlertRules() accepts valid rules and copies them", () => {
  const queues = ["q-1"];
  const rules = parseAlertRules([
    good(),
    good({ name: "sl", metric: "serviceLevel", op: "lt", threshold: "target" }),
    good({ name: "q", queues }),
  ]);
  deepEqual(rules, [
    {
      name: "busy",
      severity: "warning",
      metric: "waiting",
      op: "gte",
      threshold: 3,
    },
    {
      name: "sl",
      severity: "warning",
      metric: "serviceLevel",
      op: "lt",
      threshold: "target",
    },
    {
      name: "q",
      severity: "warning",
      metric: "waiting",
      op: "gte",
      threshold: 3,
      queues: ["q-1"],
    },
  ]);
  queues.push("q-2");
  deepEqual(rules[2].queues, ["q-1"]);
});

Deno.test("parseAlertRules() names the rule and the field of an error", () => {
  const cases: [unknown, string][] = [
    [{}, "expected an array of rules"],
    [[good(), 7], "rule 2 is not an object"],
    [
      [good({ name: "" })],
      'rule 1 has invalid "name": expected a non-empty string',
    ],
    [
      [good(), good({ name: "waiting-critical", op: "gt" })],
      'rule 2 ("waiting-critical") has invalid "op": expected "gte" or "lt"',
    ],
    [
      [good({ severity: "info" })],
      'rule 1 ("busy") has invalid "severity": expected "warning" or "critical"',
    ],
    [
      [good({ metric: "queueLength" })],
      'rule 1 ("busy") has invalid "metric": expected one of "waiting", "alerting", "interacting", "oldestWaitingMs", "serviceLevel", "abandonRate", "agentsNotResponding", "agentsIdle", "asaMs", "ahtMs"',
    ],
    [
      [good({ threshold: "5" })],
      'rule 1 ("busy") has invalid "threshold": expected a finite number or "target"',
    ],
    [
      [good({ threshold: "target" })],
      'rule 1 ("busy") has invalid "threshold": "target" applies only to "serviceLevel"',
    ],
    [
      [good({ queues: "q-1" })],
      'rule 1 ("busy") has invalid "queues": expected an array of queue id strings',
    ],
    [
      [good(), good({ severity: "critical" })],
      'rule 2 ("busy") has invalid "name": duplicate of rule 1',
    ],
    [[good({ treshold: 4 })], 'rule 1 ("busy") has unknown field "treshold"'],
  ];
  for (const [input, detail] of cases) {
    throws(
      () => parseAlertRules(input),
      new TypeError(`Cannot parse ALERT_RULES: ${detail}`),
    );
  }
});

Deno.test("loadAlertRules() gives the defaults without a path", async () => {
  deepEqual(await loadAlertRules(null), DEFAULT_ALERT_RULES);
});

Deno.test("loadAlertRules() reads and validates the file", async () => {
  const files: Record<string, string> = {
    "rules.json": JSON.stringify([good()]),
    "broken.json": "[{",
    "bad.json": JSON.stringify([good({ op: "eq" })]),
  };
  const read = (path: string) =>
    path in files
      ? Promise.resolve(files[path])
      : Promise.reject(new Deno.errors.NotFound("No such file"));
  deepEqual(await loadAlertRules("rules.json", read), [good()]);
  await rejects(
    loadAlertRules("bad.json", read),
    new TypeError(
      'Cannot parse ALERT_RULES: rule 1 ("busy") has invalid "op": expected "gte" or "lt"',
    ),
  );
  await rejects(loadAlertRules("broken.json", read), (error: Error) => {
    deepEqual(error.name, "TypeError");
    deepEqual(
      error.message.startsWith(
        'Cannot parse ALERT_RULES: file "broken.json" is not valid JSON: ',
      ),
      true,
    );
    return true;
  });
  await rejects(
    loadAlertRules("missing.json", read),
    new TypeError(
      'Cannot read ALERT_RULES: file "missing.json" is not readable: No such file',
    ),
  );
});
