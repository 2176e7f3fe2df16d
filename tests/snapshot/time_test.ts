import { equal } from "node:assert/strict";
import { isoOrNull } from "../../src/snapshot/_time.ts";

Deno.test("isoOrNull() keeps canonical times and normalises the rest", () => {
  equal(isoOrNull("2026-11-27T10:00:00.000Z"), "2026-11-27T10:00:00.000Z");
  equal(isoOrNull("2026-11-27T10:00:00Z"), "2026-11-27T10:00:00.000Z");
  equal(
    isoOrNull("2026-11-27T11:00:00.000+01:00"),
    "2026-11-27T10:00:00.000Z",
  );
  // A canonical-looking date that rolls over is normalised, not echoed.
  equal(isoOrNull("2026-02-30T10:00:00.000Z"), "2026-03-02T10:00:00.000Z");
  equal(isoOrNull("2026-13-01T10:00:00.000Z"), null);
  equal(isoOrNull("junk"), null);
  equal(isoOrNull(""), null);
  equal(isoOrNull(null), null);
});
