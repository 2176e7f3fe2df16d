import assert from "node:assert/strict";
import { SignJWT } from "jose";
import {
  AuthError,
  createAuthenticator,
  type Principal,
} from "../../src/auth/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  createJwks,
  hsToken,
  jwksConfig,
  noneToken,
  NOW,
  NOW_S,
  SECRET,
  secretConfig,
  tamper,
} from "./tokens.ts";

async function refused(
  promise: Promise<Principal>,
  code: string,
  message: string,
  token?: string,
): Promise<void> {
  const error = await promise.then(
    () => assert.fail("expected the token to be refused"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AuthError);
  assert.equal(error.code, code);
  assert.equal(error.message, message);
  if (token) assert.ok(!error.message.includes(token));
  assert.ok(!error.message.includes(SECRET));
}

function hsAuth(extra = {}) {
  return createAuthenticator(secretConfig(extra), {
    clock: new FakeClock(NOW),
  });
}

Deno.test("verify() with auth off grants the full scope to any input", async () => {
  const auth = createAuthenticator({
    enabled: false,
    jwtSecret: null,
    jwksUrl: null,
    issuer: null,
    audience: null,
  });
  assert.equal(auth.required, false);
  const full = { queues: "*", agents: true, expiresAt: null };
  assert.deepEqual(await auth.verify(undefined), full);
  assert.deepEqual(await auth.verify("garbage"), full);
});

Deno.test("verify() accepts a valid HS256 token and maps its claims", async () => {
  const auth = hsAuth();
  assert.equal(auth.required, true);
  const token = await hsToken({
    claims: { queues: ["q-1", "q-2"], agents: true },
  });
  assert.deepEqual(await auth.verify(token), {
    queues: ["q-1", "q-2"],
    agents: true,
    expiresAt: (NOW_S + 3600) * 1000 + 5_000,
  });
});

Deno.test("verify() refuses a missing token", async () => {
  const auth = hsAuth();
  await refused(
    auth.verify(undefined),
    "unauthorized",
    "Cannot authenticate: no token presented",
  );
  await refused(
    auth.verify(""),
    "unauthorized",
    "Cannot authenticate: no token presented",
  );
});

Deno.test("verify() refuses an expired token, honouring 5 s of clock tolerance", async () => {
  const clock = new FakeClock(NOW);
  const auth = createAuthenticator(secretConfig(), { clock });
  const token = await hsToken({ expIn: -4 });
  assert.deepEqual((await auth.verify(token)).queues, "*");
  const old = await hsToken({ expIn: -6 });
  await refused(
    auth.verify(old),
    "token_expired",
    "Cannot authenticate: token expired",
    old,
  );
  const fresh = await hsToken({ expIn: 60 });
  await clock.tickAsync(66_000);
  await refused(
    auth.verify(fresh),
    "token_expired",
    "Cannot authenticate: token expired",
  );
});

Deno.test("verify() refuses a token that is not yet valid (nbf)", async () => {
  const token = await hsToken({ nbfIn: 60 });
  await refused(
    hsAuth().verify(token),
    "unauthorized",
    "Cannot authenticate: token not yet valid",
    token,
  );
});

Deno.test("verify() refuses a token signed with another secret", async () => {
  const token = await hsToken({
    secret: "another-secret-0123456789-abcdefghij",
  });
  await refused(
    hsAuth().verify(token),
    "unauthorized",
    "Cannot authenticate: signature verification failed",
    token,
  );
});

Deno.test("verify() refuses alg none", async () => {
  const token = noneToken();
  await refused(
    hsAuth().verify(token),
    "unauthorized",
    "Cannot authenticate: token algorithm not allowed",
    token,
  );
  const jwks = await createJwks();
  const auth = createAuthenticator(jwksConfig(), {
    fetch: jwks.fetch,
    clock: new FakeClock(NOW),
  });
  await refused(
    auth.verify(token),
    "unauthorized",
    "Cannot authenticate: token algorithm not allowed",
  );
});

Deno.test("verify() refuses a tampered payload", async () => {
  const token = tamper(await hsToken({ claims: { queues: ["q-1"] } }), {
    queues: "*",
    agents: true,
    exp: NOW_S + 3600,
  });
  await refused(
    hsAuth().verify(token),
    "unauthorized",
    "Cannot authenticate: signature verification failed",
    token,
  );
});

Deno.test("verify() refuses a token without exp", async () => {
  const token = await hsToken({ expIn: null });
  await refused(
    hsAuth().verify(token),
    "unauthorized",
    'Cannot authenticate: claim "exp" is missing',
    token,
  );
});

Deno.test("verify() checks iss and aud when configured", async () => {
  const auth = hsAuth({
    issuer: "https://idp.example",
    audience: "queuepulse",
  });
  const good = await hsToken({
    issuer: "https://idp.example",
    audience: "queuepulse",
  });
  assert.deepEqual((await auth.verify(good)).queues, "*");
  const wrongAud = await hsToken({
    issuer: "https://idp.example",
    audience: "other",
  });
  await refused(
    auth.verify(wrongAud),
    "unauthorized",
    'Cannot authenticate: claim "aud" has an unexpected value',
    wrongAud,
  );
  const wrongIss = await hsToken({
    issuer: "https://evil.example",
    audience: "queuepulse",
  });
  await refused(
    auth.verify(wrongIss),
    "unauthorized",
    'Cannot authenticate: claim "iss" has an unexpected value',
    wrongIss,
  );
  const noAud = await hsToken({ issuer: "https://idp.example" });
  await refused(
    auth.verify(noAud),
    "unauthorized",
    'Cannot authenticate: claim "aud" is missing',
  );
});

Deno.test("verify() maps missing and malformed scope claims", async () => {
  const auth = hsAuth();
  assert.deepEqual(await auth.verify(await hsToken({ claims: {} })), {
    queues: [],
    agents: false,
    expiresAt: (NOW_S + 3600) * 1000 + 5_000,
  });
  const notTrue = await hsToken({ claims: { queues: "*", agents: "true" } });
  assert.equal((await auth.verify(notTrue)).agents, false);
  for (const queues of ["q-1", 7, [1], [""], { q: 1 }]) {
    const token = await hsToken({ claims: { queues } });
    const message = Array.isArray(queues)
      ? 'Cannot authenticate: claim "queues" must hold non-empty queue id strings'
      : 'Cannot authenticate: claim "queues" must be an array of queue ids or "*"';
    await refused(auth.verify(token), "unauthorized", message, token);
  }
});

Deno.test("verify() refuses garbage and over-long tokens", async () => {
  const auth = hsAuth();
  await refused(
    auth.verify("not-a-jwt"),
    "unauthorized",
    "Cannot authenticate: malformed token",
  );
  await refused(
    auth.verify("x".repeat(9000)),
    "unauthorized",
    "Cannot authenticate: token too long",
  );
});

Deno.test("verify() accepts RS256 tokens from the JWKS and caches the key set", async () => {
  const jwks = await createJwks();
  const auth = createAuthenticator(jwksConfig({ audience: "queuepulse" }), {
    fetch: jwks.fetch,
    clock: new FakeClock(NOW),
  });
  const token = await jwks.sign({
    claims: { queues: ["q-1"] },
    audience: "queuepulse",
  });
  assert.deepEqual(await auth.verify(token), {
    queues: ["q-1"],
    agents: false,
    expiresAt: (NOW_S + 3600) * 1000 + 5_000,
  });
  await auth.verify(token);
  assert.equal(jwks.fetches, 1);
  const expired = await jwks.sign({ audience: "queuepulse", expIn: -60 });
  await refused(
    auth.verify(expired),
    "token_expired",
    "Cannot authenticate: token expired",
  );
});

Deno.test("verify() refuses HS256 tokens signed with the JWKS public key", async () => {
  const jwks = await createJwks();
  const auth = createAuthenticator(jwksConfig(), {
    fetch: jwks.fetch,
    clock: new FakeClock(NOW),
  });
  const withPem = await hsToken({
    secret: new TextEncoder().encode(jwks.publicPem),
  });
  const withJwk = await hsToken({
    secret: new TextEncoder().encode(JSON.stringify(jwks.publicJwk)),
  });
  for (const token of [withPem, withJwk]) {
    await refused(
      auth.verify(token),
      "unauthorized",
      "Cannot authenticate: token algorithm not allowed",
      token,
    );
  }
  // With a secret configured too, HS256 is checked against the secret only.
  const both = createAuthenticator(
    secretConfig({ jwksUrl: "https://idp.example/.well-known/jwks.json" }),
    { fetch: jwks.fetch, clock: new FakeClock(NOW) },
  );
  await refused(
    both.verify(withPem),
    "unauthorized",
    "Cannot authenticate: signature verification failed",
  );
  assert.deepEqual(
    (await both.verify(await jwks.sign())).queues,
    "*",
  );
});

Deno.test("verify() refuses an RS256 token when only a secret is configured", async () => {
  const jwks = await createJwks();
  const token = await jwks.sign();
  await refused(
    hsAuth().verify(token),
    "unauthorized",
    "Cannot authenticate: token algorithm not allowed",
  );
});

Deno.test("verify() reports an unreachable JWKS without details", async () => {
  const auth = createAuthenticator(jwksConfig(), {
    fetch: () => Promise.reject(new TypeError("network down")),
    clock: new FakeClock(NOW),
  });
  const token = await new SignJWT({ queues: "*" })
    .setProtectedHeader({ alg: "ES256", kid: "k9" })
    .setExpirationTime(NOW_S + 60)
    .sign(
      (await crypto.subtle.generateKey(
        { name: "ECDSA", namedCurve: "P-256" },
        true,
        ["sign", "verify"],
      )).privateKey,
    );
  await refused(
    auth.verify(token),
    "unauthorized",
    "Cannot authenticate: signing keys unavailable",
  );
});

Deno.test("createAuthenticator() needs a secret or a JWKS URL when enabled", () => {
  assert.throws(
    () => createAuthenticator(secretConfig({ jwtSecret: null })),
    new TypeError(
      "Cannot create authenticator: auth is enabled but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set",
    ),
  );
});
