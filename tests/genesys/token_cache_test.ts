import assert from "node:assert/strict";
import {
  createGenesysClient,
  createTokenCache,
  GenesysApiError,
  GenesysAuthError,
} from "../../src/genesys/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  API_URL,
  CREDENTIALS,
  fakeGenesys,
  fixtureText,
  json,
  LOGIN_URL,
} from "./_fake_genesys.ts";

function setup(
  token?: (n: number) => Response,
  marginMs?: number,
) {
  const clock = new FakeClock();
  const fake = fakeGenesys(() => json({}), token);
  const cache = createTokenCache({
    loginUrl: LOGIN_URL,
    credentials: CREDENTIALS,
    fetch: fake.fetch,
    clock,
    marginMs,
  });
  return { clock, fake, cache };
}

function lifetime(seconds: number) {
  return (n: number) =>
    json({
      access_token: `token-${n}`,
      token_type: "bearer",
      expires_in: seconds,
    });
}

Deno.test("token request is exactly the client-credentials grant", async () => {
  const { fake, cache } = setup();
  assert.equal(await cache.get(), "token-1");
  assert.equal(fake.seen.length, 1);
  const [seen] = fake.seen;
  assert.equal(seen.method, "POST");
  assert.equal(seen.url, "https://login.mypurecloud.ie/oauth/token");
  assert.equal(
    seen.headers["authorization"],
    `Basic ${btoa("client-id-7f3a:s3cret-value-9b1c")}`,
  );
  assert.equal(
    seen.headers["content-type"],
    "application/x-www-form-urlencoded",
  );
  assert.equal(seen.body, "grant_type=client_credentials");
});

Deno.test("token is reused until expiry minus margin, then refreshed", async () => {
  const { clock, fake, cache } = setup(lifetime(3600));
  assert.equal(await cache.get(), "token-1");
  await clock.tickAsync(3600_000 - 60_000 - 1);
  assert.equal(await cache.get(), "token-1");
  assert.equal(fake.tokenRequests(), 1);
  await clock.tickAsync(1);
  assert.equal(await cache.get(), "token-2");
  assert.equal(fake.tokenRequests(), 2);
});

Deno.test("margin is capped at half of a short lifetime", async () => {
  const { clock, fake, cache } = setup(lifetime(60), 600_000);
  assert.equal(await cache.get(), "token-1");
  await clock.tickAsync(29_999);
  assert.equal(await cache.get(), "token-1");
  await clock.tickAsync(1);
  assert.equal(await cache.get(), "token-2");
  assert.equal(fake.tokenRequests(), 2);
});

Deno.test("50 concurrent callers share one token request", async () => {
  const { fake, cache } = setup();
  const tokens = await Promise.all(
    Array.from({ length: 50 }, () => cache.get()),
  );
  assert.deepEqual(new Set(tokens), new Set(["token-1"]));
  assert.equal(fake.tokenRequests(), 1);
});

Deno.test("a failed token request is not cached", async () => {
  let fail = true;
  const { fake, cache } = setup((n) =>
    fail
      ? json({ message: "down", code: "service.unavailable", status: 503 }, 503)
      : json({ access_token: `token-${n}`, expires_in: 3600 })
  );
  await assert.rejects(cache.get(), (error: unknown) => {
    assert.ok(error instanceof GenesysApiError);
    assert.equal(error.status, 503);
    assert.equal(error.code, "service.unavailable");
    return true;
  });
  fail = false;
  assert.equal(await cache.get(), "token-2");
  assert.equal(fake.tokenRequests(), 2);
});

Deno.test("a token answer without access_token is a malformed.response", async () => {
  const { cache } = setup(() =>
    json({ token_type: "bearer", expires_in: 3600 })
  );
  await assert.rejects(cache.get(), (error: unknown) => {
    assert.ok(error instanceof GenesysApiError);
    assert.equal(error.code, "malformed.response");
    assert.equal(
      error.message,
      "Cannot parse Genesys token answer: no access_token (status 200)",
    );
    return true;
  });
});

Deno.test("invalid_client says which credential was refused, never echoing either", async () => {
  const cases = [
    {
      fixture: "oauth_client_not_found.json",
      reason: "client_not_found",
      message:
        'Cannot get a Genesys token: the login service refused the client id ("client not found"); check GENESYS_CLIENT_ID and GENESYS_REGION',
    },
    {
      fixture: "oauth_authentication_failed.json",
      reason: "authentication_failed",
      message:
        'Cannot get a Genesys token: the login service refused the client secret ("authentication failed"); check GENESYS_CLIENT_SECRET',
    },
  ];
  for (const c of cases) {
    const body = fixtureText(c.fixture);
    const { cache } = setup(() => new Response(body, { status: 401 }));
    const error = await cache.get().then(() => null, (e) => e);
    assert.ok(error instanceof GenesysAuthError);
    assert.ok(error instanceof GenesysApiError);
    assert.equal(error.message, c.message);
    assert.equal(error.reason, c.reason);
    assert.equal(error.code, "invalid_client");
    assert.equal(error.status, 401);
    assert.ok(!error.message.includes(CREDENTIALS.clientId));
    assert.ok(!error.message.includes(CREDENTIALS.clientSecret));
  }
});

Deno.test("a caller's abort leaves the shared token request alone", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const clock = new FakeClock();
  const fake = fakeGenesys(() => json({}));
  const cache = createTokenCache({
    loginUrl: LOGIN_URL,
    credentials: CREDENTIALS,
    clock,
    fetch: async (request) => {
      await gate;
      return fake.fetch(request);
    },
  });
  const controller = new AbortController();
  const first = cache.get(controller.signal);
  const second = cache.get();
  controller.abort(new Error("shutting down"));
  await assert.rejects(first, { message: "shutting down" });
  release();
  assert.equal(await second, "token-1");
  assert.equal(fake.tokenRequests(), 1);
});

Deno.test("a 401 drops the token, fetches one new token and retries once", async () => {
  const fake = fakeGenesys((seen) =>
    seen.headers["authorization"] === "Bearer token-1"
      ? json({
        message: "Invalid login credentials.",
        code: "bad.credentials",
        status: 401,
      }, 401)
      : json({ entities: [{ id: "q-1", name: "Support" }], pageCount: 1 })
  );
  const api = createGenesysClient({
    apiUrl: API_URL,
    loginUrl: LOGIN_URL,
    credentials: CREDENTIALS,
    fetch: fake.fetch,
    clock: new FakeClock(),
  });
  assert.deepEqual(await api.listQueues(), [{ id: "q-1", name: "Support" }]);
  assert.equal(fake.tokenRequests(), 2);
  assert.deepEqual(
    fake.api().map((s) => s.headers["authorization"]),
    ["Bearer token-1", "Bearer token-2"],
  );
});

Deno.test("a second 401 surfaces as an error, not a loop", async () => {
  const fake = fakeGenesys(() =>
    json({
      message:
        "No authentication bearer token specified in authorization header.",
      code: "authentication.required",
      status: 401,
    }, 401)
  );
  const api = createGenesysClient({
    apiUrl: API_URL,
    loginUrl: LOGIN_URL,
    credentials: CREDENTIALS,
    fetch: fake.fetch,
    clock: new FakeClock(),
  });
  await assert.rejects(api.listQueues(), (error: unknown) => {
    assert.ok(error instanceof GenesysApiError);
    assert.equal(error.status, 401);
    assert.equal(error.code, "authentication.required");
    assert.equal(
      error.message,
      'Genesys request failed: GET /api/v2/routing/queues answered 401 authentication.required: "No authentication bearer token specified in authorization header."',
    );
    return true;
  });
  assert.equal(fake.api().length, 2);
  assert.equal(fake.tokenRequests(), 2);
});
