import assert from "node:assert/strict";
import { createAuthenticator } from "../../src/auth/mod.ts";
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
} from "../auth/tokens.ts";
import { assertNoSecrets, bearer, call, testApp } from "./_fixtures.ts";

const ISS = "https://idp.example";
const AUD = "queuepulse";

interface Case {
  name: string;
  token: () => Promise<string>;
  status: number;
  code?: string;
  message?: string;
}

const HS_CASES: Case[] = [
  {
    name: "valid",
    token: () => hsToken({ issuer: ISS, audience: AUD }),
    status: 200,
  },
  {
    name: "expired",
    token: () => hsToken({ issuer: ISS, audience: AUD, expIn: -60 }),
    status: 401,
    code: "token_expired",
    message: "Cannot authenticate: token expired",
  },
  {
    name: "not yet valid",
    token: () => hsToken({ issuer: ISS, audience: AUD, nbfIn: 60 }),
    status: 401,
    code: "unauthorized",
    message: "Cannot authenticate: token not yet valid",
  },
  {
    name: "wrong secret",
    token: () =>
      hsToken({
        issuer: ISS,
        audience: AUD,
        secret: "wrong-secret-0123456789-abcdefghijklm",
      }),
    status: 401,
    code: "unauthorized",
    message: "Cannot authenticate: signature verification failed",
  },
  {
    name: "alg none",
    token: () => Promise.resolve(noneToken()),
    status: 401,
    code: "unauthorized",
    message: "Cannot authenticate: token algorithm not allowed",
  },
  {
    name: "wrong aud",
    token: () => hsToken({ issuer: ISS, audience: "other" }),
    status: 401,
    code: "unauthorized",
    message: 'Cannot authenticate: claim "aud" has an unexpected value',
  },
  {
    name: "wrong iss",
    token: () => hsToken({ issuer: "https://evil.example", audience: AUD }),
    status: 401,
    code: "unauthorized",
    message: 'Cannot authenticate: claim "iss" has an unexpected value',
  },
  {
    name: "tampered payload",
    token: async () =>
      tamper(
        await hsToken({ issuer: ISS, audience: AUD, claims: { queues: [] } }),
        { queues: "*", agents: true, iss: ISS, aud: AUD, exp: NOW_S + 600 },
      ),
    status: 401,
    code: "unauthorized",
    message: "Cannot authenticate: signature verification failed",
  },
  {
    name: "no exp",
    token: () => hsToken({ issuer: ISS, audience: AUD, expIn: null }),
    status: 401,
    code: "unauthorized",
    message: 'Cannot authenticate: claim "exp" is missing',
  },
  {
    name: "malformed queues claim",
    token: () => hsToken({ issuer: ISS, audience: AUD, claims: { queues: 5 } }),
    status: 401,
    code: "unauthorized",
    message:
      'Cannot authenticate: claim "queues" must be an array of queue ids or "*"',
  },
  {
    name: "garbage",
    token: () => Promise.resolve("abc.def.ghi"),
    status: 401,
    code: "unauthorized",
    message: "Cannot authenticate: malformed token",
  },
];

for (const c of HS_CASES) {
  Deno.test(`REST token matrix (HS256): ${c.name}`, async () => {
    const { app, log } = testApp({
      authConfig: secretConfig({ issuer: ISS, audience: AUD }),
    });
    const token = await c.token();
    const answer = await call(app, "/api/v1/snapshot", bearer(token));
    assert.equal(answer.status, c.status);
    if (c.status === 200) {
      assert.equal(answer.json.type, "snapshot");
      assert.deepEqual(Object.keys(answer.json.queues), ["q-1", "q-2", "q-3"]);
    } else {
      assert.deepEqual(answer.json, {
        error: { code: c.code, message: c.message },
      });
      assert.equal(answer.headers.get("www-authenticate"), "Bearer");
    }
    assertNoSecrets([answer.text, ...log.lines], [token, SECRET]);
  });
}

Deno.test("REST without a token is 401 unauthorized", async () => {
  const { app } = testApp();
  const cases: Record<string, string>[] = [
    {},
    { authorization: "Basic dXNlcjpwYXNz" },
  ];
  for (const headers of cases) {
    const answer = await call(app, "/api/v1/queues", headers);
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json, {
      error: {
        code: "unauthorized",
        message: "Cannot authenticate: no token presented",
      },
    });
    assert.equal(answer.headers.get("www-authenticate"), "Bearer");
  }
});

Deno.test("REST does not read ?access_token= (SSE only)", async () => {
  const { app } = testApp();
  const token = await hsToken();
  const answer = await call(app, `/api/v1/queues?access_token=${token}`);
  assert.equal(answer.status, 401);
  assert.equal(
    answer.json.error.message,
    "Cannot authenticate: no token presented",
  );
});

Deno.test("REST token matrix (JWKS): RS256 accepted, public key as HS256 secret refused", async () => {
  const jwks = await createJwks();
  const auth = createAuthenticator(jwksConfig({ audience: AUD }), {
    fetch: jwks.fetch,
    clock: new FakeClock(NOW),
  });
  const { app, log } = testApp({ auth });

  const good = await jwks.sign({ audience: AUD, claims: { queues: ["q-2"] } });
  const ok = await call(app, "/api/v1/queues", bearer(good));
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json, [{
    id: "q-2",
    name: "Billing",
    divisionId: "d-1",
  }]);

  const encoder = new TextEncoder();
  for (
    const secret of [
      encoder.encode(jwks.publicPem),
      encoder.encode(JSON.stringify(jwks.publicJwk)),
    ]
  ) {
    const forged = await hsToken({ audience: AUD, secret });
    const answer = await call(app, "/api/v1/queues", bearer(forged));
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json, {
      error: {
        code: "unauthorized",
        message: "Cannot authenticate: token algorithm not allowed",
      },
    });
    assertNoSecrets([answer.text, ...log.lines], [forged]);
  }

  const none = await call(app, "/api/v1/queues", bearer(noneToken()));
  assert.equal(none.status, 401);
  assert.equal(
    none.json.error.message,
    "Cannot authenticate: token algorithm not allowed",
  );

  const expired = await jwks.sign({ audience: AUD, expIn: -30 });
  const late = await call(app, "/api/v1/queues", bearer(expired));
  assert.equal(late.status, 401);
  assert.equal(late.json.error.code, "token_expired");
  assert.equal(jwks.fetches, 1);
});

Deno.test("a token without a queues claim sees nothing", async () => {
  const { app } = testApp();
  const token = await hsToken({ claims: { agents: true } });
  const queues = await call(app, "/api/v1/queues", bearer(token));
  assert.equal(queues.status, 200);
  assert.deepEqual(queues.json, []);

  const snap = await call(app, "/api/v1/snapshot", bearer(token));
  assert.equal(snap.status, 200);
  assert.deepEqual(snap.json.queues, {});
  assert.deepEqual(snap.json.totals, {
    waiting: 0,
    interacting: 0,
    alerting: 0,
    oldestWaitingSince: null,
    agentsOnQueue: 0,
    agentsIdle: 0,
    agentsInteracting: 0,
    agentsNotResponding: 0,
    offered: 0,
    answered: 0,
    abandoned: 0,
    serviceLevel: null,
    abandonRate: null,
    ahtMs: null,
    asaMs: null,
    occupancy: null,
  });

  const agents = await call(app, "/api/v1/agents", bearer(token));
  assert.deepEqual(agents.json, {});
  const one = await call(app, "/api/v1/queues/q-1", bearer(token));
  assert.equal(one.status, 403);
});

Deno.test("auth off: every caller gets the full scope", async () => {
  const { app } = testApp({
    authConfig: {
      enabled: false,
      jwtSecret: null,
      jwksUrl: null,
      issuer: null,
      audience: null,
    },
  });
  const answer = await call(app, "/api/v1/snapshot?agents=true");
  assert.equal(answer.status, 200);
  assert.deepEqual(Object.keys(answer.json.queues), ["q-1", "q-2", "q-3"]);
  assert.deepEqual(Object.keys(answer.json.agents), ["u-1", "u-2", "u-3"]);
});
