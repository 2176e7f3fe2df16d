import assert from "node:assert/strict";
import {
  fdReserve,
  fdShortfall,
  parseOpenFilesLimit,
} from "../../src/realtime/mod.ts";

Deno.test("parseOpenFilesLimit() reads what `ulimit -n` prints", () => {
  assert.equal(parseOpenFilesLimit("20000\n"), 20_000);
  assert.equal(parseOpenFilesLimit(" 1024 "), 1024);
});

Deno.test("parseOpenFilesLimit() gives null for unlimited, empty or bad output", () => {
  assert.equal(parseOpenFilesLimit("unlimited\n"), null);
  assert.equal(parseOpenFilesLimit(""), null);
  assert.equal(parseOpenFilesLimit("0\n"), null);
  assert.equal(parseOpenFilesLimit("-1\n"), null);
  assert.equal(parseOpenFilesLimit("1e9\n"), null);
});

Deno.test("fdReserve() keeps a tenth of the limit, at least 1,024", () => {
  assert.equal(fdReserve(20_000), 2_000);
  assert.equal(fdReserve(1_048_576), 104_858);
  assert.equal(fdReserve(4_096), 1_024);
});

Deno.test("fdShortfall() keeps every isolate's connections and the reserve under the limit", () => {
  // The default 10,000 per isolate in two isolates does not fit 20,000.
  assert.equal(
    fdShortfall({ limit: 20_000, maxConnections: 10_000, isolates: 2 }),
    9_000,
  );
  assert.equal(
    fdShortfall({ limit: 20_000, maxConnections: 9_000, isolates: 2 }),
    null,
  );
  assert.equal(
    fdShortfall({ limit: 1_048_576, maxConnections: 10_000, isolates: 8 }),
    null,
  );
  // A limit below the reserve leaves nothing for screens.
  assert.equal(
    fdShortfall({ limit: 1_000, maxConnections: 10, isolates: 1 }),
    0,
  );
});
