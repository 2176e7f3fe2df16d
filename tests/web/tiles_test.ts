import assert from "node:assert/strict";
import { tileHtml } from "../../web/tiles.js";
import { point, queue } from "./_fixtures.ts";

const NOW = Date.parse("2026-11-27T10:05:00.000Z");
const SUPPORT = queue("q-1", "Support <EMEA>", {
  waiting: 12,
  oldestWaitingSince: "2026-11-27T09:58:30.000Z",
  agents: {
    members: 14,
    active: 12,
    onQueue: 10,
    offQueue: 2,
    idle: 0,
    interacting: 8,
    communicating: 0,
    notResponding: 2,
  },
  alerts: [
    {
      rule: "sl-below-target",
      severity: "warning",
      metric: "serviceLevel",
      value: 0.78,
      threshold: 0.8,
    },
    {
      rule: "waiting-critical",
      severity: "critical",
      metric: "waiting",
      value: 12,
      threshold: 10,
    },
  ],
});
SUPPORT.today.serviceLevel = 0.78;

function fields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/data-field="([a-z-]+)"[^>]*>([^<]*)</g)) {
    out[m[1]] ??= m[2];
  }
  return out;
}

Deno.test("a tile shows its hero numbers and the board's figures in order", () => {
  const html = tileHtml(SUPPORT, [], {
    metrics: ["agentsNotResponding", "agentsIdle"],
    trend: true,
  }, NOW);
  assert.deepEqual(fields(html), {
    "name": "Support &#60;EMEA&#62;",
    "waiting": "12",
    "oldest-wait": "06:30",
    "service-level": "78%",
    "service-level-target": "80%",
    "agents-not-responding": "2",
    "agents-idle": "0",
  });
  assert.match(html, /data-since="1795773510000"/);
  assert.match(html, /<dd data-field="agents-not-responding" class="bad">2</);
  assert.match(html, /class="num bad" data-field="service-level"/);
  assert.doesNotMatch(html, /class="spark"/);
});

Deno.test("alerts carry icon and words, the critical first", () => {
  const html = tileHtml(SUPPORT, [], { metrics: [], trend: false }, NOW);
  const items = [...html.matchAll(/<li class="(\w+)">(.*?)<\/li>/g)];
  assert.deepEqual(items.map((m) => m[1]), ["critical", "warning"]);
  assert.match(
    items[0][2],
    /^<svg class="icon i-critical"[^>]*aria-hidden="true"/,
  );
  assert.match(
    items[0][2],
    /<span class="sr">Critical: <\/span>waiting-critical$/,
  );
  assert.match(
    items[1][2],
    /<span class="sr">Warning: <\/span>sl-below-target$/,
  );
});

Deno.test("the trend chart shows when the board wants it and data came", () => {
  const trend = [point("q-1", "2026-11-27T09:30:00.000Z", 10, 1, 0.9)];
  const on = tileHtml(SUPPORT, trend, { metrics: [], trend: true }, NOW);
  assert.match(on, /<div class="spark" data-field="trend"><svg class="chart"/);
  assert.match(
    on,
    /aria-label="Support &#60;EMEA&#62;: service level per 30 minutes against a target of 80%/,
  );
  const off = tileHtml(SUPPORT, trend, { metrics: [], trend: false }, NOW);
  assert.doesNotMatch(off, /class="spark"/);
});

Deno.test("unknown values show as a dash, never NaN", () => {
  const html = tileHtml(queue("q-2", "Billing"), [], {
    metrics: ["asa", "abandonRate"],
    trend: true,
  }, NOW);
  assert.deepEqual(fields(html), {
    "name": "Billing",
    "waiting": "0",
    "oldest-wait": "—",
    "service-level": "—",
    "service-level-target": "80%",
    "asa": "—",
    "abandon-rate": "—",
  });
  assert.doesNotMatch(html, /NaN|undefined|null/);
});
