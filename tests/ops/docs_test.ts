import assert from "node:assert/strict";
import { ALL_FAMILIES } from "../../src/telemetry/mod.ts";

const ROOT = new URL("../../", import.meta.url);

Deno.test("docs/operations.md names every metric family, and no other", async () => {
  const doc = await Deno.readTextFile(new URL("docs/operations.md", ROOT));
  const named = new Set(
    [...doc.matchAll(/`(queuepulse_[a-z_]+)`/g)].map(([, name]) => name),
  );
  assert.deepEqual(
    [...named].sort(),
    ALL_FAMILIES.map((family) => family.name).sort(),
  );
});

Deno.test("docs/deployment.md cites Deno Deploy's documentation for its Deploy claims", async () => {
  const doc = await Deno.readTextFile(new URL("docs/deployment.md", ROOT));
  for (
    const page of [
      "runtime",
      "builds",
      "deno_kv",
      "timelines",
      "env_vars_and_contexts",
      "cron",
      "observability",
    ]
  ) {
    assert.ok(
      doc.includes(`https://docs.deno.com/deploy/reference/${page}/`),
      `cites deploy/reference/${page}`,
    );
  }
});
