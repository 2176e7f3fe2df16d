import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { get, json, tokenRequest } from "./_helpers.ts";

const QUEUES = "/api/v2/routing/queues";

async function errorOf(res: Response, status: number) {
  const body = await json(res, status);
  assert.equal(body.contextId, res.headers.get("ININ-Correlation-Id"));
  assert.deepEqual(body.details, []);
  return [body.code, body.message, body.status];
}

Deno.test("client credentials give a bearer token that opens the API", async () => {
  const sim = createSimulator({ clock: new FakeClock() });
  const res = await tokenRequest(sim);
  const body = await json(res);
  assert.deepEqual(Object.keys(body), [
    "access_token",
    "token_type",
    "expires_in",
  ]);
  assert.equal(body.token_type, "bearer");
  assert.equal(body.expires_in, 86399);
  assert.match(body.access_token, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(res.headers.get("ININ-Correlation-Id"));
  assert.equal((await get(sim, body.access_token, QUEUES)).status, 200);
  assert.equal(sim.stats().tokensIssued, 1);
});

Deno.test("an expired, unknown or missing token gets a 401 ErrorBody", async () => {
  const clock = new FakeClock();
  const sim = createSimulator({ clock, tokenLifetimeSeconds: 60 });
  const { access_token, expires_in } = await json(await tokenRequest(sim));
  assert.equal(expires_in, 60);
  await clock.tickAsync(59_999);
  assert.equal((await get(sim, access_token, QUEUES)).status, 200);
  await clock.tickAsync(1);
  assert.deepEqual(await errorOf(await get(sim, access_token, QUEUES), 401), [
    "credentials.expired",
    "Cannot authenticate: the token has expired",
    401,
  ]);
  assert.deepEqual(await errorOf(await get(sim, "not-a-token", QUEUES), 401), [
    "bad.credentials",
    "Cannot authenticate: invalid login credentials",
    401,
  ]);
  assert.deepEqual(await errorOf(await get(sim, null, QUEUES), 401), [
    "authentication.required",
    "Cannot authenticate: no bearer token in the Authorization header",
    401,
  ]);
});

Deno.test("wrong credentials and grant types get the login service's errors", async () => {
  const sim = createSimulator({
    clock: new FakeClock(),
    clientId: "wallboard",
    clientSecret: "s3cret-value",
  });
  assert.deepEqual(
    await json(await tokenRequest(sim, "sim-client", "sim-secret"), 401),
    {
      error: "invalid_client",
      description: "client not found",
      error_description: "client not found",
    },
  );
  assert.deepEqual(
    await json(await tokenRequest(sim, "wallboard", "guess"), 401),
    {
      error: "invalid_client",
      description: "authentication failed",
      error_description: "authentication failed",
    },
  );
  const noAuth = await sim.fetch("http://x/oauth/token", {
    method: "POST",
    body: "grant_type=client_credentials",
  });
  assert.equal((await json(noAuth, 401)).error, "invalid_client");
  assert.deepEqual(
    await json(
      await tokenRequest(
        sim,
        "wallboard",
        "s3cret-value",
        "grant_type=password",
      ),
      400,
    ),
    {
      error: "unsupported_grant_type",
      description: "grant type not supported",
      error_description: "grant type not supported",
    },
  );
  assert.equal(
    (await tokenRequest(sim, "wallboard", "s3cret-value")).status,
    200,
  );
  assert.equal(sim.stats().tokensIssued, 1);
});

Deno.test("bad options are refused with a clear error", () => {
  assert.throws(
    () => createSimulator({ queues: 0 }),
    new RangeError(
      "Cannot create simulator: queues must be an integer from 1 to 1000, got 0",
    ),
  );
  assert.throws(
    () => createSimulator({ rateLimitPerMinute: 1.5 }),
    new RangeError(
      "Cannot create simulator: rateLimitPerMinute must be an integer from 1 to 1000000, got 1.5",
    ),
  );
  assert.throws(
    () => createSimulator({ clientSecret: "" }),
    new TypeError(
      "Cannot create simulator: clientSecret must be a non-empty string",
    ),
  );
});
