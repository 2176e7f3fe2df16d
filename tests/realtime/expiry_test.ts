import assert from "node:assert/strict";
import {
  createAuthenticator,
  EXPIRY_TOLERANCE_MS,
} from "../../src/auth/mod.ts";
import { FakeClock, SseClient, WsClient } from "../_support/mod.ts";
import { hsToken, NOW, secretConfig } from "../auth/tokens.ts";
import { startServer, type TestServer } from "./_server.ts";
import { baseShape, snapshotOf } from "./_snapshots.ts";

const DAY_MS = 86_400_000;

/** A server verifying real HS256 tokens on its fake clock, with no chores. */
async function serverWithTokens(
  expIn: number,
): Promise<{ server: TestServer; token: string }> {
  const clock = new FakeClock(NOW);
  const auth = createAuthenticator(secretConfig(), { clock });
  const token = await hsToken({ expIn: expIn / 1000 });
  // The SSE route's principal, as the HTTP room verifies it.
  const ssePrincipal = await auth.verify(token).catch(() => undefined);
  // Months of fake time: keep the periodic chores out of the way.
  const server = await startServer({
    clock,
    auth,
    ssePrincipal,
    freshnessCheckMs: 400 * DAY_MS,
    sseHeartbeatMs: 400 * DAY_MS,
  });
  await server.publish(snapshotOf(1, baseShape(1)));
  return { server, token };
}

async function subscribedClient(server: TestServer, token: string) {
  const client = await WsClient.connect(server.wsUrl);
  assert.equal((await client.next()).type, "hello");
  client.send({ type: "subscribe", token });
  assert.equal((await client.next()).type, "snapshot");
  return client;
}

async function assertOpen(client: WsClient) {
  client.send({ type: "ping" });
  assert.deepEqual(await client.next(), { type: "pong" });
}

Deno.test("ws: a token valid for 25 days stays open 25 days (+ tolerance)", async () => {
  const { server, token } = await serverWithTokens(25 * DAY_MS);
  const client = await subscribedClient(server, token);
  await server.clock.tickAsync(25 * DAY_MS + EXPIRY_TOLERANCE_MS - 1);
  await assertOpen(client);
  await server.clock.tickAsync(1);
  assert.deepEqual(await client.waitClosed(), {
    code: 4001,
    reason: "Token expired",
  });
  await server.close();
});

Deno.test("sse: a token valid for 25 days keeps the stream 25 days (+ tolerance)", async () => {
  const { server } = await serverWithTokens(25 * DAY_MS);
  const sse = await SseClient.open(server.sseUrl);
  assert.equal((await sse.next()).event, "snapshot");
  await server.clock.tickAsync(25 * DAY_MS + EXPIRY_TOLERANCE_MS - 1);
  assert.equal(server.realtime.metrics().sseStreams, 1);
  await server.clock.tickAsync(1);
  assert.equal(await sse.ended(), true);
  assert.equal(server.realtime.metrics().sseStreams, 0);
  await server.close();
});

Deno.test("ws: a token 3 s past exp is accepted, as by REST, and closed 2 s later", async () => {
  const { server, token } = await serverWithTokens(-3_000);
  const client = await subscribedClient(server, token);
  await server.clock.tickAsync(1_999);
  await assertOpen(client);
  await server.clock.tickAsync(1);
  assert.deepEqual(await client.waitClosed(), {
    code: 4001,
    reason: "Token expired",
  });
  await server.close();
});

Deno.test("sse: a token 3 s past exp gets its stream, ended 2 s later", async () => {
  const { server } = await serverWithTokens(-3_000);
  const sse = await SseClient.open(server.sseUrl);
  assert.equal((await sse.next()).event, "snapshot");
  await server.clock.tickAsync(1_999);
  assert.equal(server.realtime.metrics().sseStreams, 1);
  await server.clock.tickAsync(1);
  assert.equal(await sse.ended(), true);
  await server.close();
});

Deno.test("ws: a token 6 s past exp is refused at once with 4001", async () => {
  const { server, token } = await serverWithTokens(-6_000);
  const client = await WsClient.connect(server.wsUrl);
  assert.equal((await client.next()).type, "hello");
  client.send({ type: "subscribe", token });
  assert.deepEqual(await client.waitClosed(), {
    code: 4001,
    reason: "Token expired",
  });
  await server.close();
});
