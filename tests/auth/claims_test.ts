import assert from "node:assert/strict";
import { AuthError, principalFromClaims } from "../../src/auth/mod.ts";

Deno.test("principalFromClaims() maps queues, agents and exp", () => {
  assert.deepEqual(
    principalFromClaims({
      queues: ["q-1", "q-1", "q-2"],
      agents: true,
      exp: 2,
    }),
    { queues: ["q-1", "q-2"], agents: true, expiresAt: 7000 },
  );
  assert.deepEqual(principalFromClaims({ queues: "*", exp: 1 }), {
    queues: "*",
    agents: false,
    expiresAt: 6000,
  });
  assert.deepEqual(principalFromClaims({}), {
    queues: [],
    agents: false,
    expiresAt: null,
  });
});

Deno.test("principalFromClaims() refuses malformed claims", () => {
  assert.throws(
    () => principalFromClaims({ queues: "all" }),
    new AuthError(
      "unauthorized",
      'Cannot authenticate: claim "queues" must be an array of queue ids or "*"',
    ),
  );
  assert.throws(
    () => principalFromClaims({ queues: ["q-1", null] }),
    new AuthError(
      "unauthorized",
      'Cannot authenticate: claim "queues" must hold non-empty queue id strings',
    ),
  );
  assert.throws(
    () => principalFromClaims({ queues: [], exp: "soon" }),
    new AuthError(
      "unauthorized",
      'Cannot authenticate: claim "exp" must be a number',
    ),
  );
});
