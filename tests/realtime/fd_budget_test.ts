import assert from "node:assert/strict";
import {
  FD_RESERVE,
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

Deno.test("fdShortfall() keeps every isolate's connections and the reserve under the limit", () => {
  // The default 10,000 per isolate in two isolates does not fit 20,000.
  assert.equal(
    fdShortfall({ limit: 20_000, maxConnections: 10_000, isolates: 2 }),
    Math.floor((20_000 - FD_RESERVE) / 2),
  );
  assert.equal(
    fdShortfall({ limit: 20_000, maxConnections: 9_872, isolates: 2 }),
    null,
  );
  assert.equal(
    fdShortfall({ limit: 1_048_576, maxConnections: 10_000, isolates: 8 }),
    null,
  );
  // A limit below the reserve leaves nothing for screens.
  assert.equal(fdShortfall({ limit: 200, maxConnections: 10, isolates: 1 }), 0);
});
