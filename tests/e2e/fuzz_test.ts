/**
 * Fuzz end-to-end test (issue 5): 10,000 generated client frames over a
 * handful of WebSocket connections and 2,000 generated HTTP requests against
 * the whole service, with auth on and the production limits.
 *
 * Pacing, not generous limits: each connection sends at most 30 frames per
 * round (the message bucket holds 40), and the FakeClock moves 2 s between
 * rounds, which refills the message bucket and the per-address connection
 * bucket. Connections closed by the server (auth failure, frame too large,
 * subscribe deadline, token expiry) are replaced by new ones.
 *
 * The oracle: every frame is answered by exactly the frame the contract
 * prescribes (parse errors byte for byte, `pong`, a snapshot or resumed
 * delta within the token's scope, `forbidden`, `unauthorized` + 1008,
 * `too_large` + 1009, 4001 on an expired token); every HTTP request gets
 * 2xx/4xx/503, never 500; nothing is logged as a handler failure; no
 * unhandled rejection; and a normal client is served afterwards.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { createAuthenticator } from "../../src/auth/mod.ts";
import { redactText } from "../../src/log.ts";
import { frameArbitrary, type FuzzContext } from "./_fuzz_frames.ts";
import { type Connection, exchange } from "./_fuzz_oracle.ts";
import { requestArbitrary } from "./_fuzz_requests.ts";
import { makeData, makeOrg, prng } from "./_security_data.ts";
import {
  ALLOWED_ORIGIN,
  b64url,
  Evidence,
  type Harness,
  mint,
  startHarness,
} from "./_security_helpers.ts";
import { request } from "./_security_clients.ts";
import { type Msg, WsClient } from "../_support/mod.ts";

const SEED = 0x5eed_2026;
const FRAMES = 10_000;
const REQUESTS = 2_000;
const CONNECTIONS = 8;
const PER_ROUND = 30;
const evidence = new Evidence();

/** Opens a fuzzing connection (after a tick if the address is limited). */
async function connect(h: Harness): Promise<Connection> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const ws = await WsClient.connect(h.wsUrl, { record: evidence.outputs });
      const hello = await ws.next();
      assert.equal(hello.type, "hello");
      assert.equal(hello.authRequired, true);
      return {
        ws,
        openedAt: h.clock.now(),
        subscribed: false,
        expiresAt: null,
      };
    } catch {
      await h.clock.tickAsync(1000);
    }
  }
  throw new Error("Cannot open a fuzzing connection");
}

async function tokens(h: Harness, ctx: FuzzContext) {
  const now = h.clock.now();
  const valid = await mint(evidence, now, { expIn: 86_400 });
  const [header, , signature] = valid.split(".");
  ctx.tokens = {
    valid,
    scoped: await mint(evidence, now, {
      claims: { queues: ctx.queueIds.slice(0, 2) },
      expIn: 86_400,
    }),
    empty: await mint(evidence, now, { claims: {}, expIn: 86_400 }),
    soon: await mint(evidence, now, { expIn: 7 }),
    expired: await mint(evidence, now, { expIn: -60 }),
    forged: await mint(evidence, now, {
      secret: "not-the-server-secret-but-32-bytes-long",
    }),
    none: evidence.secret(
      "subscriber JWT",
      `${b64url({ alg: "none" })}.${b64url({ queues: "*", exp: 2e9 })}.`,
    ),
    tampered: evidence.secret(
      "subscriber JWT",
      `${header}.${b64url({ queues: "*", exp: 2e9 })}.${signature}`,
    ),
  };
}

Deno.test(`fuzz: ${FRAMES} frames and ${REQUESTS} requests, no crash, documented answers only`, async () => {
  const rejections: unknown[] = [];
  const onRejection = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    rejections.push(event.reason);
  };
  globalThis.addEventListener("unhandledrejection", onRejection);
  const h = await startHarness({ evidence, poller: "held" });
  try {
    const random = prng(SEED);
    const org = makeOrg(random);
    await h.commit(makeData(org, random, 1));
    const current = (await h.commit(makeData(org, random, 2))).version;
    await h.waitVersion(current);
    const ctx: FuzzContext = {
      queueIds: org.queues.map((q) => q.id),
      epoch: (await h.latest())!.epoch,
      tokens: {},
    };
    await tokens(h, ctx);
    const auth = createAuthenticator(h.config.auth, { clock: h.clock });
    const stats = new Map<string, number>();
    const connections = await Promise.all(
      Array.from({ length: CONNECTIONS }, () => connect(h)),
    );
    let sent = 0;
    for (let round = 0; sent < FRAMES; round++) {
      const batch = fc.sample(frameArbitrary(ctx), {
        seed: SEED + round,
        numRuns: CONNECTIONS * PER_ROUND,
      });
      sent += batch.length;
      await Promise.all(connections.map(async (_, i) => {
        for (const frame of batch.slice(i * PER_ROUND, (i + 1) * PER_ROUND)) {
          if (connections[i].ws.closedWith) connections[i] = await connect(h);
          const open = await exchange(
            h.clock.now(),
            ctx,
            auth,
            connections[i],
            frame,
            current,
            stats,
          ).catch((error) => {
            throw new Error(
              `Fuzz failure (seed ${SEED + round}, ${frame.kind}): ${error}`,
              { cause: error },
            );
          });
          if (!open) connections[i] = await connect(h);
        }
      }));
      await h.clock.tickAsync(2000);
    }
    for (const conn of connections) {
      if (!conn.ws.closedWith) await conn.ws.close();
    }
    assert.ok(sent >= FRAMES);
    const outcomes = [
      "pong",
      "snapshot",
      "delta",
      "error bad_request",
      "error forbidden",
      "error unauthorized",
      "close 1008",
      "close 1009",
      "close 4001",
    ];
    for (const key of outcomes) {
      assert.ok((stats.get(key) ?? 0) > 0, `no ${key} in ${[...stats]}`);
    }
    assert.equal(stats.get("rate_limited") ?? 0, 0, "pacing kept the rate");

    await fuzzHttp(h, ctx);
    await h.clock.tickAsync(10_000);
    await normalClient(h, ctx, org);
    assert.deepEqual(rejections, []);
    assert.deepEqual(Object.keys(Object.prototype), []);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const failures = evidence.logs.filter((line) =>
      /"level":"error"/.test(line)
    );
    assert.deepEqual(failures, []);
  } finally {
    await h.close();
    globalThis.removeEventListener("unhandledrejection", onRejection);
  }
});

// 414 and 431: URL and header limits, with the `too_large` JSON body.
const HTTP_STATUSES = new Set([
  200,
  204,
  400,
  401,
  403,
  404,
  413,
  414,
  429,
  431,
  503,
]);

/** Sends the generated requests, 8 at a time; none may be a 500. */
async function fuzzHttp(h: Harness, ctx: FuzzContext): Promise<void> {
  const requests = fc.sample(requestArbitrary(ctx, [ALLOWED_ORIGIN, h.base]), {
    seed: SEED,
    numRuns: REQUESTS,
  });
  const statuses = new Map<number, number>();
  for (let at = 0; at < requests.length; at += 8) {
    await Promise.all(
      requests.slice(at, at + 8).map(async (r) => {
        const response = await fetch(`${h.base}${r.path}`, {
          method: r.method,
          headers: r.headers,
          body: r.body,
        });
        // Failure messages name the request without its tokens.
        const where = redactText(
          `${r.method} ${r.path.slice(0, 100)} ${
            JSON.stringify(r.headers).slice(0, 300)
          }`,
          [],
        );
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        assert.ok(
          HTTP_STATUSES.has(response.status),
          `${response.status}: ${where}`,
        );
        const type = response.headers.get("content-type") ?? "";
        if (type.startsWith("text/event-stream")) {
          await response.body?.cancel();
          return;
        }
        const text = await response.text();
        evidence.outputs.push(text);
        if (response.status >= 400 && r.method !== "HEAD") {
          const body = JSON.parse(text);
          assert.equal(typeof body.error.code, "string", where);
          assert.equal(typeof body.error.message, "string", where);
        }
      }),
    );
  }
  for (const status of [200, 400, 401, 403, 404, 413]) {
    assert.ok((statuses.get(status) ?? 0) > 5, `statuses ${[...statuses]}`);
  }
}

/** A well-behaved client still gets a snapshot, a delta and REST answers. */
async function normalClient(
  h: Harness,
  ctx: FuzzContext,
  org: ReturnType<typeof makeOrg>,
): Promise<void> {
  const ws = await WsClient.connect(h.wsUrl, {
    record: evidence.outputs,
    headers: { origin: ALLOWED_ORIGIN },
  });
  assert.equal((await ws.next()).type, "hello");
  const snapshot = await ws.subscribe({
    token: ctx.tokens.valid,
    agents: true,
  });
  assert.equal(snapshot.type, "snapshot");
  const random = prng(SEED + 1);
  const next = await h.commit(makeData(org, random, 3));
  const delta = await ws.next();
  assert.deepEqual(
    [delta.type, delta.prev, delta.version],
    ["delta", snapshot.version, next.version],
  );
  await ws.close();
  const rest = await request(evidence, `${h.base}/api/v1/snapshot`, {
    headers: { authorization: `Bearer ${ctx.tokens.valid}` },
  });
  assert.equal(rest.status, 200);
  assert.equal((rest.json as Msg).version, next.version);
}

Deno.test("fuzz leaks no secret in logs, bodies or frames", () => {
  assert.ok(evidence.outputs.length > FRAMES);
  assert.deepEqual(evidence.leaks(), []);
});
