/**
 * A real `Deno.serve` on a random port with a tiny handler that calls the
 * real-time service, for the shared WebSocket client and the SSE client.
 *
 * @module
 */

import { silentLogger } from "../../src/log.ts";
import type { Principal } from "../../src/auth/mod.ts";
import {
  createRealtime,
  type Realtime,
  type RealtimeOptions,
} from "../../src/realtime/mod.ts";
import type { Snapshot } from "../../src/snapshot/mod.ts";
import { FakeClock, FakeStore, until } from "../_support/mod.ts";
import { fakeAuth, OPEN } from "./_fakes.ts";
import { T0 } from "./_snapshots.ts";

/** A running test server. */
export interface TestServer {
  realtime: Realtime;
  store: FakeStore;
  clock: FakeClock;
  /** `ws://…/ws` */
  wsUrl: string;
  /** `http://…/stream` (the SSE principal is `ssePrincipal`). */
  sseUrl: string;
  /** Pushes `snapshots` and waits until the service holds the last one. */
  publish(...snapshots: Snapshot[]): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server watching its store; options override the test defaults. */
export async function startServer(
  overrides: Partial<Omit<RealtimeOptions, "clock">> & {
    ssePrincipal?: Principal;
    clock?: FakeClock;
  } = {},
): Promise<TestServer> {
  const { ssePrincipal = OPEN, clock = new FakeClock(T0), ...options } =
    overrides;
  const store = new FakeStore();
  const realtime = createRealtime({
    store,
    auth: fakeAuth({}, false),
    clock,
    log: silentLogger(),
    source: "simulator",
    staleAfterMs: 12_000,
    ...options,
  });
  const server = Deno.serve(
    {
      port: 0,
      hostname: "127.0.0.1",
      onListen() {},
      // A slow SSE stream is ended by erroring its body; Deno reports that
      // here instead of printing it.
      onError: () => new Response(null, { status: 500 }),
    },
    (req, info) => {
      const url = new URL(req.url);
      if (url.pathname === "/ws") {
        return realtime.upgrade(req, info.remoteAddr.hostname);
      }
      if (url.pathname === "/stream") {
        const queues = url.searchParams.get("queues");
        return realtime.stream(req, ssePrincipal, {
          queues: queues ? queues.split(",") : null,
          agents: url.searchParams.get("agents") === "true",
          trend: url.searchParams.get("trend") === "true",
        }, req.headers.get("last-event-id"));
      }
      return new Response("not found", { status: 404 });
    },
  );
  await until(() => store.watching > 0);
  const base = `127.0.0.1:${server.addr.port}`;
  return {
    realtime,
    store,
    clock,
    wsUrl: `ws://${base}/ws`,
    sseUrl: `http://${base}/stream`,
    async publish(...snapshots) {
      for (const snapshot of snapshots) store.push(snapshot);
      const last = snapshots.at(-1)!;
      await until(() =>
        realtime.current()?.epoch === last.epoch &&
        realtime.current()?.version === last.version
      );
    },
    async close() {
      await realtime.close();
      await server.shutdown();
    },
  };
}
