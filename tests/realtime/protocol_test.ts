import assert from "node:assert/strict";
import { CLOSE_CODES } from "../../src/realtime/mod.ts";

Deno.test("CLOSE_CODES lists the contract's close codes and reasons, as plain data", () => {
  assert.deepEqual(
    Object.entries(CLOSE_CODES).map(([name, { code, reason }]) => [
      name,
      code,
      reason,
    ]),
    [
      ["shuttingDown", 1001, "Server shutting down"],
      ["unauthorized", 1008, "Unauthorized"],
      ["noSubscribe", 1008, "No subscribe in time"],
      ["rateLimited", 1008, "Rate limit exceeded"],
      ["frameTooLarge", 1009, "Frame too large"],
      ["internal", 1011, "Internal error"],
      ["tooSlow", 1013, "Client too slow"],
      ["overCapacity", 1013, "Server over its connection limit"],
      ["tokenExpired", 4001, "Token expired"],
    ],
  );
  // Served to the browser as a JS module: JSON round-trips it unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(CLOSE_CODES)), CLOSE_CODES);
  for (const entry of Object.values(CLOSE_CODES)) {
    assert.ok(entry.meaning.length > 0);
    assert.ok(new TextEncoder().encode(entry.reason).length <= 123);
  }
  assert.ok(Object.isFrozen(CLOSE_CODES));
  assert.ok(Object.isFrozen(CLOSE_CODES.tooSlow));
});
