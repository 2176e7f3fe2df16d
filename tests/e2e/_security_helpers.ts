/**
 * Harness of the security end-to-end tests: the whole service in-process
 * (`startService`) with auth on, served on a real `Deno.serve({ port: 0 })`,
 * Genesys credentials pointing at an in-test simulator server, a FakeClock,
 * a KV per harness, and an {@linkcode Evidence} collector that sees every
 * log line, response body and frame so tests can prove no secret leaks.
 *
 * @module
 */

import { SignJWT } from "jose";
import { type Config, loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { createLease } from "../../src/poller/mod.ts";
import { type Service, startService } from "../../src/service.ts";
import {
  createSimulator,
  serveSimulator,
  type Simulator,
} from "../../src/simulator/mod.ts";
import {
  createSnapshotStore,
  type Snapshot,
  type SnapshotData,
} from "../../src/snapshot/mod.ts";
import { FakeClock, GUARD_MS } from "../_support/mod.ts";

/** Fake time every harness starts at. */
export const T0 = "2026-11-27T10:00:00.000Z";
/** The HS256 subscriber secret (≥ 32 bytes). */
export const JWT_SECRET = "e2e-subscriber-secret-9f4c2a71-d05b-4e8e";
/** The Genesys OAuth client of the in-test simulator. */
export const CLIENT_ID = "e2e-genesys-client";
/** Its secret: must never show up anywhere. */
export const CLIENT_SECRET = "e2e-genesys-secret-3b8d17c6e2";
/** Bearer token protecting `/metrics`. */
export const METRICS_TOKEN = "e2e-metrics-token-61f0c9";
/** Expected `iss` of subscriber tokens. */
export const ISSUER = "https://idp.e2e.example";
/** Expected `aud`. */
export const AUDIENCE = "queuepulse-e2e";
/** The one cross-site origin in `ALLOWED_ORIGINS`. */
export const ALLOWED_ORIGIN = "https://wall.e2e.example";

/**
 * Everything the service wrote or sent during a run, and every secret that
 * must not appear in any of it.
 */
export class Evidence {
  /** Log lines, as written. */
  readonly logs: string[] = [];
  /** Response bodies, WebSocket frames and SSE text, as received. */
  readonly outputs: string[] = [];
  readonly #secrets = new Map<string, string>();

  /** Registers `value` (described by `what`) as a secret. */
  secret(what: string, value: string): string {
    this.#secrets.set(value, what);
    return value;
  }

  /** Secrets by description (for assertions on what was collected). */
  secretsOf(prefix: string): string[] {
    return [...this.#secrets].filter(([, what]) => what.startsWith(prefix))
      .map(([value]) => value);
  }

  /** Lists every place a secret appears: `"<what> in <where>"`. */
  leaks(): string[] {
    const found: string[] = [];
    const places: [string, string[]][] = [
      ["log", this.logs],
      ["output", this.outputs],
    ];
    for (const [where, texts] of places) {
      for (const text of texts) {
        for (const [value, what] of this.#secrets) {
          if (text.includes(value)) {
            found.push(`${what} in ${where}: ${text.slice(0, 160)}`);
          }
        }
      }
    }
    return found;
  }
}

/** Options of {@linkcode startHarness}. */
export interface HarnessOptions {
  /** Collects logs, outputs and secrets. */
  evidence: Evidence;
  /** Extra or replacing environment variables (an empty string unsets). */
  env?: Record<string, string>;
  /**
   * `live`: the service's poller polls the simulator (first poll at once).
   * `held`: a test writer holds the lease, so the poller stands by and the
   * test commits snapshots itself with `commit`.
   */
  poller?: "live" | "held";
  /** Simulator org size. */
  queues?: number;
  agents?: number;
}

/** A running service with its simulator, clock and KV. */
export interface Harness {
  clock: FakeClock;
  config: Config;
  service: Service;
  simulator: Simulator;
  /** `http://127.0.0.1:<port>` of the service. */
  base: string;
  /** `ws://127.0.0.1:<port>/ws`. */
  wsUrl: string;
  /** Genesys access tokens the simulator issued to the service. */
  genesysTokens: string[];
  /** The newest snapshot in KV (what the service committed). */
  latest(): Promise<Snapshot | null>;
  /** Commits `data` as the next version (`held` poller only). */
  commit(data: SnapshotData): Promise<Snapshot>;
  /** Waits (real I/O, fake time still) until `/readyz` reports `version`. */
  waitVersion(version: number): Promise<void>;
  /** Stops everything and closes the KV. */
  close(): Promise<void>;
}

/** The base environment: Genesys credentials and auth on with HS256. */
export function baseEnv(simUrl: string): Record<string, string> {
  return {
    GENESYS_CLIENT_ID: CLIENT_ID,
    GENESYS_CLIENT_SECRET: CLIENT_SECRET,
    GENESYS_API_URL: simUrl,
    GENESYS_LOGIN_URL: simUrl,
    AUTH_JWT_SECRET: JWT_SECRET,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    ALLOWED_ORIGINS: ALLOWED_ORIGIN,
    METRICS_TOKEN: METRICS_TOKEN,
    POLL_INTERVAL_MS: "1000",
    // Versions follow polls here (push has its own tests/e2e/push_*).
    GENESYS_NOTIFICATIONS: "false",
    STALE_AFTER_MS: "86400000",
  };
}

/** An `EnvSource` over a plain record. */
export function fakeEnv(values: Record<string, string>) {
  return { get: (name: string) => values[name] };
}

/** Starts the simulator server, the service and its server. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const { evidence } = options;
  for (const [what, value] of secretValues()) evidence.secret(what, value);
  const clock = new FakeClock(T0);
  const simulator = createSimulator({
    clock,
    seed: 5,
    queues: options.queues ?? 5,
    agents: options.agents ?? 24,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  });
  const stopSim = new AbortController();
  let simUrl = "";
  const simServer = serveSimulator(simulator, {
    port: 0,
    hostname: "127.0.0.1",
    signal: stopSim.signal,
    onListen: (url) => simUrl = url,
  });
  const env = { ...baseEnv(simUrl), ...options.env };
  let config: Config;
  try {
    config = loadConfig(fakeEnv(env));
  } catch (error) {
    stopSim.abort();
    await simServer.finished;
    throw error;
  }
  const kv = await Deno.openKv(":memory:");
  const genesysTokens: string[] = [];
  const fence = options.poller === "held" ? await holdLease(kv, clock) : null;
  const log = createLogger({
    level: "debug",
    now: () => clock.now(),
    write: (line) => evidence.logs.push(line),
  });
  const service = await startService(config, {
    kv,
    clock,
    log,
    page: "<!doctype html><title>wallboard</title>",
    fetch: recordingFetch(evidence, genesysTokens),
  });
  const server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen() {},
    onError: () => new Response(null, { status: 500 }),
  }, (req, info) => service.fetch(req, info));
  const base = `http://127.0.0.1:${server.addr.port}`;
  const store = createSnapshotStore({ kv, clock });
  return {
    clock,
    config,
    service,
    simulator,
    base,
    wsUrl: `ws://127.0.0.1:${server.addr.port}/ws`,
    genesysTokens,
    latest: () => store.latest(),
    async commit(data) {
      if (!fence) throw new TypeError("Cannot commit: the poller is live");
      const snapshot = await store.commit(data, fence);
      if (!snapshot) throw new Error("Cannot commit: the lease was lost");
      return snapshot;
    },
    async waitVersion(version) {
      const start = Date.now();
      while (true) {
        const res = await fetch(`${base}/readyz`);
        const body = await res.json();
        if (typeof body.version === "number" && body.version >= version) {
          return;
        }
        if (Date.now() - start > GUARD_MS) {
          throw new Error(`Cannot reach version ${version}: guard time passed`);
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    },
    async close() {
      await service.shutdown();
      await server.shutdown();
      stopSim.abort();
      await simServer.finished;
      kv.close();
    },
  };
}

function secretValues(): [string, string][] {
  return [
    ["Genesys client secret", CLIENT_SECRET],
    ["JWT secret", JWT_SECRET],
    ["metrics token", METRICS_TOKEN],
  ];
}

/** Takes the poller lease for a test writer for a year of fake time. */
async function holdLease(kv: Deno.Kv, clock: FakeClock) {
  const lease = createLease({
    kv,
    owner: "e2e-writer",
    clock,
    ttlMs: 365 * 86_400_000,
  });
  const fence = await lease.acquire();
  if (!fence) throw new Error("Cannot take the lease for the test writer");
  return fence;
}

/**
 * The service's network `fetch`: forwards everything and remembers each
 * Genesys access token the token endpoint hands out.
 */
function recordingFetch(evidence: Evidence, tokens: string[]): typeof fetch {
  return async function fetchAndRecord(input, init) {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url).pathname === "/oauth/token" && response.ok) {
      const body = await response.clone().json();
      tokens.push(evidence.secret("Genesys access token", body.access_token));
    }
    return response;
  };
}

/** Claims and knobs of a subscriber token. */
export interface MintOptions {
  /** Scope claims; default `{ queues: "*", agents: true }`. */
  claims?: Record<string, unknown>;
  /** Seconds from now; null = no `exp`. Default 3600. */
  expIn?: number | null;
  /** Seconds from now for `nbf`. */
  nbfIn?: number;
  /** Default `ISSUER`; null = none. */
  issuer?: string | null;
  /** Default `AUDIENCE`; null = none. */
  audience?: string | null;
  /** HMAC key; default `JWT_SECRET`. */
  secret?: string | Uint8Array;
}

/** Signs an HS256 subscriber token at fake time `now` and registers it. */
export async function mint(
  evidence: Evidence,
  now: number,
  options: MintOptions = {},
): Promise<string> {
  const secret = options.secret ?? JWT_SECRET;
  const key = typeof secret === "string"
    ? new TextEncoder().encode(secret)
    : secret;
  const token = await claimsOf(options, now)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(key);
  return evidence.secret("subscriber JWT", token);
}

/** The JWT builder of `options` at `now` (for other algorithms). */
export function claimsOf(options: MintOptions, now: number): SignJWT {
  const nowS = Math.floor(now / 1000);
  const jwt = new SignJWT(options.claims ?? { queues: "*", agents: true })
    .setIssuedAt(nowS);
  const expIn = options.expIn === undefined ? 3600 : options.expIn;
  if (expIn !== null) jwt.setExpirationTime(nowS + expIn);
  if (options.nbfIn !== undefined) jwt.setNotBefore(nowS + options.nbfIn);
  const issuer = options.issuer === undefined ? ISSUER : options.issuer;
  const audience = options.audience === undefined ? AUDIENCE : options.audience;
  if (issuer !== null) jwt.setIssuer(issuer);
  if (audience !== null) jwt.setAudience(audience);
  return jwt;
}

/** Base64url of a JSON value (hand-crafted tokens). */
export function b64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}
