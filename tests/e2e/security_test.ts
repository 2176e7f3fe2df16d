/**
 * Security end-to-end tests (issue 5): the token matrix on WebSocket, SSE
 * and REST (HS256 and JWKS), a token without `queues`, secret hygiene under
 * Genesys failures; and, last, secret hygiene over everything this file's
 * services logged and sent.
 *
 * @module
 */

import assert from "node:assert/strict";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { computeTotals } from "../../src/snapshot/mod.ts";
import {
  AUDIENCE,
  b64url,
  claimsOf,
  Evidence,
  type Harness,
  ISSUER,
  mint,
  startHarness,
} from "./_security_helpers.ts";
import { request } from "./_security_clients.ts";
import { type Msg, SseClient, SseRefused, WsClient } from "../_support/mod.ts";

const evidence = new Evidence();

/** How a refused token is answered (REST/SSE body; WS frame and close). */
interface Refusal {
  code: "unauthorized" | "token_expired";
  message: string;
}

interface MatrixCase {
  name: string;
  token(h: Harness): Promise<string | undefined>;
  /** Null = accepted. */
  refusal: Refusal | null;
}

function unauthorized(message: string): Refusal {
  return { code: "unauthorized", message: `Cannot authenticate: ${message}` };
}

const HS_CASES: MatrixCase[] = [
  {
    name: "valid",
    token: (h) => mint(evidence, h.clock.now()),
    refusal: null,
  },
  {
    name: "expired",
    token: (h) => mint(evidence, h.clock.now(), { expIn: -60 }),
    refusal: {
      code: "token_expired",
      message: "Cannot authenticate: token expired",
    },
  },
  {
    name: "not yet valid",
    token: (h) => mint(evidence, h.clock.now(), { nbfIn: 600 }),
    refusal: unauthorized("token not yet valid"),
  },
  {
    name: "wrong secret",
    token: (h) =>
      mint(evidence, h.clock.now(), {
        secret: "some-other-secret-of-at-least-32-bytes!!",
      }),
    refusal: unauthorized("signature verification failed"),
  },
  {
    name: "alg none",
    token(h) {
      const nowS = Math.floor(h.clock.now() / 1000);
      const token = `${b64url({ alg: "none", typ: "JWT" })}.${
        b64url({
          queues: "*",
          agents: true,
          iss: ISSUER,
          aud: AUDIENCE,
          exp: nowS + 3600,
        })
      }.`;
      return Promise.resolve(evidence.secret("subscriber JWT", token));
    },
    refusal: unauthorized("token algorithm not allowed"),
  },
  {
    name: "wrong aud",
    token: (h) => mint(evidence, h.clock.now(), { audience: "someone-else" }),
    refusal: unauthorized('claim "aud" has an unexpected value'),
  },
  {
    name: "wrong iss",
    token: (h) => mint(evidence, h.clock.now(), { issuer: "https://evil" }),
    refusal: unauthorized('claim "iss" has an unexpected value'),
  },
  {
    name: "tampered payload",
    async token(h) {
      const nowS = Math.floor(h.clock.now() / 1000);
      const real = await mint(evidence, h.clock.now(), {
        claims: { queues: [h.simulator.queueIds()[0]] },
      });
      const [header, , signature] = real.split(".");
      const payload = b64url({
        queues: "*",
        agents: true,
        iss: ISSUER,
        aud: AUDIENCE,
        exp: nowS + 3600,
      });
      return evidence.secret(
        "subscriber JWT",
        `${header}.${payload}.${signature}`,
      );
    },
    refusal: unauthorized("signature verification failed"),
  },
  {
    name: "no exp",
    token: (h) => mint(evidence, h.clock.now(), { expIn: null }),
    refusal: unauthorized('claim "exp" is missing'),
  },
  {
    name: "no token",
    token: () => Promise.resolve(undefined),
    refusal: unauthorized("no token presented"),
  },
];

/** Checks one case on WebSocket, SSE (header and query) and REST. */
async function checkCase(h: Harness, c: MatrixCase): Promise<void> {
  const token = await c.token(h);
  // WebSocket: the token travels in subscribe.
  const ws = await WsClient.connect(h.wsUrl, { record: evidence.outputs });
  assert.equal((await ws.next()).type, "hello");
  ws.send(
    token === undefined ? { type: "subscribe" } : {
      type: "subscribe",
      token,
    },
  );
  if (c.refusal === null) {
    const frame = await ws.next();
    assert.equal(frame.type, "snapshot");
    assert.deepEqual(
      Object.keys(frame.queues as object).sort(),
      h.simulator.queueIds().sort(),
    );
    await ws.close();
  } else if (c.refusal.code === "token_expired") {
    assert.equal(await ws.nextRaw(), null, "no frame before the 4001 close");
    assert.deepEqual(await ws.waitClosed(), {
      code: 4001,
      reason: "Token expired",
    });
  } else {
    assert.deepEqual(await ws.next(), {
      type: "error",
      code: "unauthorized",
      message: c.refusal.message,
    });
    assert.deepEqual(await ws.waitClosed(), {
      code: 1008,
      reason: "Unauthorized",
    });
  }
  // SSE with the header, then with ?access_token=; REST with the header.
  const stream = `${h.base}/api/v1/stream?agents=true`;
  const header: Record<string, string> = token === undefined
    ? {}
    : { authorization: `Bearer ${token}` };
  const query = token === undefined
    ? stream
    : `${stream}&access_token=${encodeURIComponent(token)}`;
  for (const [url, headers] of [[stream, header], [query, {}]] as const) {
    if (c.refusal === null) {
      const sse = await SseClient.open(url, {
        headers,
        record: evidence.outputs,
      });
      const event = await sse.next();
      assert.equal(event?.event, "snapshot");
      await sse.cancel();
    } else {
      const refused = await SseClient.open(url, {
        headers,
        record: evidence.outputs,
      }).then(
        () => assert.fail("the stream should have been refused"),
        (error) => error,
      );
      assert.ok(refused instanceof SseRefused, String(refused));
      assertRefusal(refused.answer, c.refusal);
    }
  }
  const rest = await request(evidence, `${h.base}/api/v1/snapshot`, {
    headers: header,
  });
  if (c.refusal === null) {
    assert.equal(rest.status, 200);
    assert.equal((rest.json as Msg).type, "snapshot");
  } else assertRefusal(rest, c.refusal);
}

function assertRefusal(
  answer: { status: number; headers: Headers; json: unknown },
  refusal: Refusal,
): void {
  assert.equal(answer.status, 401);
  assert.equal(answer.headers.get("www-authenticate"), "Bearer");
  assert.deepEqual(answer.json, { error: refusal });
}

Deno.test("token matrix (HS256) on WebSocket, SSE and REST", async (t) => {
  const h = await startHarness({ evidence });
  try {
    for (const c of HS_CASES) {
      await t.step(c.name, () => checkCase(h, c));
    }
  } finally {
    await h.close();
  }
});

Deno.test("a token without a queues claim sees nothing, anywhere", async () => {
  const h = await startHarness({ evidence });
  try {
    const token = await mint(evidence, h.clock.now(), {
      claims: { agents: true },
    });
    const ws = await WsClient.connect(h.wsUrl, { record: evidence.outputs });
    await ws.next();
    const frame = await ws.subscribe({ token, agents: true });
    assert.equal(frame.type, "snapshot");
    assert.deepEqual(frame.queues, {});
    assert.deepEqual(frame.agents, {});
    const empty = computeTotals({ queues: {}, sums: {} } as never, []);
    assert.deepEqual(frame.totals, empty);
    // Naming any queue is outside the (empty) scope.
    const queue = h.simulator.queueIds()[0];
    assert.deepEqual(await ws.subscribe({ token, queues: [queue] }), {
      type: "error",
      code: "forbidden",
      message:
        `Cannot subscribe: queue "${queue}" is outside the token's scope`,
    });
    // A long id is quoted cut to 64 characters, not echoed whole.
    const long = "q".repeat(50_000);
    assert.deepEqual(await ws.subscribe({ token, queues: [long] }), {
      type: "error",
      code: "forbidden",
      message: `Cannot subscribe: queue "${
        "q".repeat(64)
      }…" is outside the token's scope`,
    });
    await ws.close();

    const auth = { authorization: `Bearer ${token}` };
    const sse = await SseClient.open(`${h.base}/api/v1/stream?agents=true`, {
      headers: auth,
      record: evidence.outputs,
    });
    const data = await sse.nextData();
    assert.deepEqual([data.queues, data.agents, data.totals], [{}, {}, empty]);
    await sse.cancel();
    const list = await request(evidence, `${h.base}/api/v1/queues`, {
      headers: auth,
    });
    assert.deepEqual([list.status, list.json], [200, []]);
    const agents = await request(evidence, `${h.base}/api/v1/agents`, {
      headers: auth,
    });
    assert.deepEqual([agents.status, agents.json], [200, {}]);
    const one = await request(evidence, `${h.base}/api/v1/queues/${queue}`, {
      headers: auth,
    });
    assert.equal(one.status, 403);
  } finally {
    await h.close();
  }
});

Deno.test("token matrix (JWKS): RS256 accepted, the public key as an HS256 secret refused", async (t) => {
  const { publicKey, privateKey } = await generateKeyPair("RS256", {
    extractable: true,
  });
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
  const pem = await exportSPKI(publicKey);
  const stopJwks = new AbortController();
  const jwksServer = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    signal: stopJwks.signal,
    onListen() {},
  }, () => Response.json({ keys: [jwk] }));
  const h = await startHarness({
    evidence,
    env: {
      AUTH_JWT_SECRET: "",
      AUTH_JWKS_URL: `http://127.0.0.1:${jwksServer.addr.port}/jwks.json`,
    },
  });
  function hsWith(key: string) {
    return async (h: Harness) =>
      evidence.secret(
        "subscriber JWT",
        await claimsOf({}, h.clock.now())
          .setProtectedHeader({ alg: "HS256", typ: "JWT" })
          .sign(new TextEncoder().encode(key)),
      );
  }
  const cases: MatrixCase[] = [
    {
      name: "valid RS256",
      token: async (h) =>
        evidence.secret(
          "subscriber JWT",
          await claimsOf({}, h.clock.now())
            .setProtectedHeader({ alg: "RS256", kid: "k1" })
            .sign(privateKey),
        ),
      refusal: null,
    },
    {
      name: "RS256 public key (PEM) used as an HS256 secret",
      token: hsWith(pem),
      refusal: unauthorized("token algorithm not allowed"),
    },
    {
      name: "RS256 public key (JWK JSON) used as an HS256 secret",
      token: hsWith(JSON.stringify(jwk)),
      refusal: unauthorized("token algorithm not allowed"),
    },
    {
      name: "RS256 signed by another key",
      async token(h) {
        const other = await generateKeyPair("RS256");
        return evidence.secret(
          "subscriber JWT",
          await new SignJWT({ queues: "*" })
            .setIssuer(ISSUER).setAudience(AUDIENCE)
            .setExpirationTime(Math.floor(h.clock.now() / 1000) + 60)
            .setProtectedHeader({ alg: "RS256", kid: "k1" })
            .sign(other.privateKey),
        );
      },
      refusal: unauthorized("signature verification failed"),
    },
  ];
  try {
    for (const c of cases) await t.step(c.name, () => checkCase(h, c));
  } finally {
    await h.close();
    stopJwks.abort();
    await jwksServer.finished;
  }
});

Deno.test("secret hygiene under Genesys failures: tokens revoked, errors, malformed answers", async () => {
  const h = await startHarness({ evidence });
  try {
    const token = await mint(evidence, h.clock.now(), {
      claims: { queues: "*" },
      expIn: 86_400,
    });
    const ws = await WsClient.connect(h.wsUrl, { record: evidence.outputs });
    await ws.next();
    assert.equal((await ws.subscribe({ token })).type, "snapshot");
    h.simulator.setFaults({ revokeTokens: true });
    await h.clock.runUntil(() => h.genesysTokens.length >= 2, {
      stepMs: 1000,
    });
    h.simulator.setFaults({ errorRate: 0.5, malformedRate: 0.3 });
    for (let i = 0; i < 10; i++) await h.clock.tickAsync(1000);
    h.simulator.setFaults({ errorStatus: 401, errorRate: 1 });
    for (let i = 0; i < 5; i++) await h.clock.tickAsync(1000);
    h.simulator.clearFaults();
    const before = h.genesysTokens.length;
    h.simulator.setFaults({ revokeTokens: true });
    await h.clock.runUntil(() => h.genesysTokens.length > before, {
      stepMs: 1000,
    });
    await ws.close();
    assert.ok(
      evidence.logs.some((l) => l.includes("Cannot poll Genesys")),
      "the failures were logged",
    );
  } finally {
    await h.close();
  }
});

Deno.test("secret hygiene: no secret, Genesys token or JWT in any log line, body or frame", () => {
  assert.ok(evidence.logs.length >= 5, "log lines were captured");
  assert.ok(evidence.outputs.length > 50, "outputs were captured");
  assert.ok(evidence.secretsOf("Genesys access token").length >= 4);
  assert.ok(evidence.secretsOf("subscriber JWT").length >= 15);
  assert.deepEqual(evidence.leaks(), []);
});
