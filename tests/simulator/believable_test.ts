import assert from "node:assert/strict";
import { dayFigures } from "../../scripts/sim_report.ts";

// Polls every 5 minutes (the report polls every minute): the figures of a
// whole day stay within the targets of a believable contact centre.
for (const seed of [1, 2, 3, 4]) {
  Deno.test(`a whole day of seed ${seed} (12 queues, 80 agents) looks like a real contact centre`, async () => {
    const f = await dayFigures({ seed, date: "2026-11-27", stepMinutes: 5 });
    const where = JSON.stringify({ ...f, queues: undefined });
    assert.equal(f.queues.length, 12);
    assert.ok(
      f.withinTarget >= 9,
      `service level within target ± 15: ${where}`,
    );
    assert.ok(f.abandonRate >= 0.02 && f.abandonRate <= 0.1, where);
    assert.ok(f.asaMs >= 5_000 && f.asaMs <= 60_000, where);
    assert.ok(f.voiceAhtMs >= 180_000 && f.voiceAhtMs <= 480_000, where);
    assert.ok(f.busyOccupancy >= 0.6 && f.busyOccupancy <= 0.9, where);
    assert.ok(f.alertShare < 0.25, where);
    assert.ok(f.nightShare >= 0.08 && f.nightShare <= 0.22, where);
    assert.ok(f.quietestHalfHour > 0, "live traffic at every hour");
  });
}
