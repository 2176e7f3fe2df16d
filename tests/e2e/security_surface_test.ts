/**
 * Security end-to-end tests of the service's surface (issue 5): origins and
 * CORS, secure by default (start-up refusal, the one "auth is off" warning),
 * `/metrics` behind `METRICS_TOKEN`, the page's security headers; and, last,
 * secret hygiene over everything these services logged and sent.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { startService } from "../../src/service.ts";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock, SseClient, SseRefused, WsClient } from "../_support/mod.ts";
import {
  ALLOWED_ORIGIN,
  CLIENT_ID,
  CLIENT_SECRET,
  Evidence,
  fakeEnv,
  type Harness,
  JWT_SECRET,
  METRICS_TOKEN,
  mint,
  startHarness,
  T0,
} from "./_security_helpers.ts";
import { request } from "./_security_clients.ts";

const evidence = new Evidence();

/** A WebSocket handshake sent with `fetch`, so a refusal can be read. */
async function handshake(h: Harness, origin: string) {
  return await request(evidence, h.wsUrl.replace("ws:", "http:"), {
    headers: {
      origin,
      upgrade: "websocket",
      connection: "Upgrade",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      "sec-websocket-version": "13",
    },
  });
}

Deno.test("origins: foreign refused before the upgrade, allowed and same origin served", async () => {
  const h = await startHarness({ evidence });
  try {
    const evil = "https://wall.e2e.example.evil.test";
    const refused = await handshake(h, evil);
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get("upgrade"), null);
    assert.deepEqual(refused.json, {
      error: {
        code: "forbidden",
        message: `Cannot accept origin "${evil}": not allowed`,
      },
    });
    await assert.rejects(
      WsClient.connect(h.wsUrl, {
        record: evidence.outputs,
        headers: { origin: evil },
      }),
      /Cannot open WebSocket/,
    );

    const token = await mint(evidence, h.clock.now());
    for (const origin of [ALLOWED_ORIGIN, h.base]) {
      const ws = await WsClient.connect(h.wsUrl, {
        record: evidence.outputs,
        headers: { origin },
      });
      assert.equal((await ws.next()).type, "hello");
      assert.equal((await ws.subscribe({ token })).type, "snapshot");
      await ws.close();
    }

    const stream = `${h.base}/api/v1/stream`;
    const auth = { authorization: `Bearer ${token}` };
    const sseRefused = await SseClient.open(stream, {
      headers: {
        ...auth,
        origin: evil,
      },
      record: evidence.outputs,
    }).then(() => assert.fail("should be refused"), (error) => error);
    assert.ok(sseRefused instanceof SseRefused);
    assert.equal(sseRefused.answer.status, 403);
    assert.deepEqual(sseRefused.answer.json, refused.json);
    for (const origin of [ALLOWED_ORIGIN, h.base]) {
      const sse = await SseClient.open(stream, {
        headers: { ...auth, origin },
        record: evidence.outputs,
      });
      assert.equal((await sse.next())?.event, "snapshot");
      await sse.cancel();
    }

    // CORS for REST: granted to ALLOWED_ORIGINS only.
    const preflight = (origin: string) =>
      request(evidence, `${h.base}/api/v1/snapshot`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    assert.equal(allowed.status, 204);
    assert.equal(
      allowed.headers.get("access-control-allow-origin"),
      ALLOWED_ORIGIN,
    );
    const foreign = await preflight(evil);
    assert.equal(foreign.headers.get("access-control-allow-origin"), null);
    const get = await request(evidence, `${h.base}/api/v1/snapshot`, {
      headers: { ...auth, origin: evil },
    });
    assert.equal(get.headers.get("access-control-allow-origin"), null);
  } finally {
    await h.close();
  }
});

const AUTH_OFF_MSG =
  "Subscriber authentication is off: every client sees every queue and agent";

Deno.test("secure by default: credentials without AUTH_* refuse to start", () => {
  const error = (() => {
    try {
      loadConfig(fakeEnv({
        GENESYS_CLIENT_ID: CLIENT_ID,
        GENESYS_CLIENT_SECRET: CLIENT_SECRET,
      }));
    } catch (error) {
      return error;
    }
  })();
  assert.ok(error instanceof ConfigError);
  assert.equal(error.variable, "AUTH_JWT_SECRET");
  assert.equal(
    error.message,
    "Cannot configure subscriber auth: auth is on (Genesys credentials are set) but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set (set one of them, or AUTH_DISABLED=true)",
  );
  // Other refusals name the variable, never the secret's value.
  const shortSecret = "short-jwt-secret-value";
  const envs: Record<string, string>[] = [
    { GENESYS_CLIENT_SECRET: CLIENT_SECRET },
    { AUTH_JWT_SECRET: shortSecret },
  ];
  for (const env of envs) {
    const refused = (() => {
      try {
        loadConfig(fakeEnv(env));
      } catch (error) {
        return error;
      }
    })();
    assert.ok(refused instanceof ConfigError);
    assert.ok(!refused.message.includes(CLIENT_SECRET), "no client secret");
    assert.ok(!refused.message.includes(shortSecret), "no JWT secret");
  }
});

Deno.test("secure by default: AUTH_DISABLED=true starts and warns exactly once", async () => {
  const on = new Evidence();
  const hOn = await startHarness({ evidence: on });
  await hOn.close();
  assert.equal(on.logs.filter((l) => l.includes(AUTH_OFF_MSG)).length, 0);
  evidence.logs.push(...on.logs);

  const off = new Evidence();
  const h = await startHarness({
    evidence: off,
    env: { AUTH_JWT_SECRET: "", AUTH_DISABLED: "true" },
  });
  try {
    assert.equal(h.config.auth.enabled, false);
    const ws = await WsClient.connect(h.wsUrl, { record: off.outputs });
    assert.equal((await ws.next()).authRequired, false);
    const frame = await ws.subscribe({ agents: true });
    assert.equal(frame.type, "snapshot");
    assert.equal(
      Object.keys(frame.queues as object).length,
      h.simulator.queueIds().length,
    );
    await ws.close();
  } finally {
    await h.close();
  }
  const warnings = off.logs.map((l) => JSON.parse(l))
    .filter((l) => l.level === "warn");
  assert.deepEqual(warnings, [{
    time: "2026-11-27T10:00:00.000Z",
    level: "warn",
    msg: AUTH_OFF_MSG,
    hint: "AUTH_DISABLED=true is set",
  }]);
  evidence.logs.push(...off.logs);
  evidence.outputs.push(...off.outputs);
});

Deno.test("demo mode: auth stays off (one warning says how to turn it on) unless AUTH_DISABLED=false", async () => {
  const cases: [Record<string, string>, boolean][] = [
    [{ AUTH_JWT_SECRET: JWT_SECRET }, false],
    [{ AUTH_JWT_SECRET: JWT_SECRET, AUTH_DISABLED: "false" }, true],
  ];
  for (const [env, enabled] of cases) {
    const config = loadConfig(fakeEnv(env));
    assert.equal(config.auth.enabled, enabled);
    const clock = new FakeClock(T0);
    const kv = await Deno.openKv(":memory:");
    const lines: string[] = [];
    const service = await startService(config, {
      kv,
      clock,
      log: createLogger({ write: (line) => lines.push(line) }),
      page: "",
      simulator: createSimulator({ clock }),
    });
    // Auth is checked before the snapshot: 401 with auth on, else 503.
    const answer = await service.fetch(
      new Request("http://qp.local/api/v1/queues"),
    );
    assert.equal(answer.status, enabled ? 401 : 503);
    await answer.body?.cancel();
    await service.shutdown();
    kv.close();
    const warnings = lines.map((l) => JSON.parse(l))
      .filter((l) => l.level === "warn")
      .map(({ msg, hint }) => ({ msg, hint }));
    assert.deepEqual(
      warnings,
      enabled ? [] : [{
        msg: AUTH_OFF_MSG,
        hint:
          "demo mode on the simulator; set AUTH_DISABLED=false and AUTH_JWT_SECRET or AUTH_JWKS_URL to require tokens",
      }],
    );
    evidence.logs.push(...lines);
  }
});

Deno.test("/metrics with METRICS_TOKEN: 401 without or wrong, 200 with", async () => {
  const h = await startHarness({ evidence });
  try {
    await h.waitVersion(1);
    const url = `${h.base}/metrics`;
    const expected = {
      error: {
        code: "unauthorized",
        message: "Cannot read metrics: missing or wrong bearer token",
      },
    };
    const without = await request(evidence, url);
    assert.deepEqual([without.status, without.json], [401, expected]);
    assert.equal(without.headers.get("www-authenticate"), "Bearer");
    // A valid subscriber JWT is not the metrics token.
    const jwt = await mint(evidence, h.clock.now());
    for (const token of [`${METRICS_TOKEN}x`, jwt, METRICS_TOKEN.slice(1)]) {
      const wrong = await request(evidence, url, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.deepEqual([wrong.status, wrong.json], [401, expected]);
    }
    const ok = await request(evidence, url, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    assert.equal(ok.status, 200);
    assert.match(
      ok.headers.get("content-type")!,
      /^text\/plain; version=0\.0\.4/,
    );
    assert.match(ok.text, /^queuepulse_snapshot_version 1$/m);
  } finally {
    await h.close();
  }
});

Deno.test("the wallboard page carries its security headers", async () => {
  const h = await startHarness({ evidence });
  try {
    const page = await request(evidence, `${h.base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /^text\/html/);
    assert.equal(page.headers.get("x-content-type-options"), "nosniff");
    assert.equal(page.headers.get("referrer-policy"), "no-referrer");
    assert.equal(
      page.headers.get("content-security-policy"),
      "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'",
    );
  } finally {
    await h.close();
  }
});

Deno.test("surface tests leak no secret in logs, bodies or frames", () => {
  assert.ok(evidence.logs.length > 5, "log lines were captured");
  assert.ok(evidence.outputs.length > 10, "outputs were captured");
  // Some harnesses close before their first poll on a loaded machine: at
  // least one issued token must have been captured for the check to bite.
  assert.ok(
    evidence.secretsOf("Genesys access token").length >= 1,
    "Genesys access tokens were captured",
  );
  assert.deepEqual(evidence.leaks(), []);
});
