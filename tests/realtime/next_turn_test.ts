import assert from "node:assert/strict";
import { nextTurn } from "../../src/realtime/_next_turn.ts";

/** Open message ports in this isolate's resource table (Deno internals). */
function openPorts(): number {
  // deno-lint-ignore no-explicit-any
  const core = (Deno as any)[(Deno as any).internal].core;
  return Object.values(core.resources()).filter((name) =>
    name === "messagePort"
  )
    .length;
}

Deno.test("nextTurn() leaves no message port open", async () => {
  const before = openPorts();
  for (let i = 0; i < 50; i++) await nextTurn();
  // Before the fix every call left its sending port open: 50 more.
  assert.equal(openPorts(), before);
});
