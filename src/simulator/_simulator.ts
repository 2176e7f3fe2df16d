/**
 * `createSimulator`: the org, the lazily advanced simulation, and the HTTP
 * pipeline in front of it (faults → rate limit → authentication → route),
 * plus the `/__sim` control plane. Answers carry `ININ-Correlation-Id` and,
 * like Genesys since 2021, no `inin-ratelimit-*` headers.
 *
 * @module
 */

import { systemClock } from "../clock.ts";
import { routeApi } from "./_api.ts";
import {
  codeOfStatus,
  errorBody,
  jsonResponse,
  readJsonObject,
  SimError,
} from "./_errors.ts";
import { parseFaults } from "./_faults.ts";
import { NOTIFICATIONS_PREFIX } from "./_notifications.ts";
import { checkEndpoint } from "./_permissions.ts";
import { createPush } from "./_push.ts";
import { createTokenStore, tokenRequest } from "./_oauth.ts";
import { resolveOptions } from "./_options.ts";
import { buildOrg } from "./_org.ts";
import { hashSeed, Rng } from "./_prng.ts";
import { createRateLimiter, rateLimitedBody } from "./_rate_limit.ts";
import { createRequestStats } from "./_stats.ts";
import type { DayRun } from "./_run.ts";
import { createScenarioControl } from "./_scenario.ts";
import { World } from "./_world.ts";
import type {
  SimFaults,
  SimStats,
  Simulator,
  SimulatorOptions,
} from "./_types.ts";
import { createZone } from "../time_zone.ts";

/**
 * Creates a deterministic contact centre behind the Genesys HTTP API. The
 * state at simulated time T depends only on the options and T.
 *
 * @example
 * ```ts
 * import { createSimulator } from "./mod.ts";
 *
 * const sim = createSimulator({ seed: 7, queues: 4, agents: 20 });
 * const basic = btoa("sim-client:sim-secret");
 * const res = await sim.fetch("http://sim/oauth/token", {
 *   method: "POST",
 *   headers: {
 *     authorization: `Basic ${basic}`,
 *     "content-type": "application/x-www-form-urlencoded",
 *   },
 *   body: "grant_type=client_credentials",
 * });
 * const { access_token } = await res.json();
 * ```
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const config = resolveOptions(options);
  const clock = options.clock ?? systemClock();
  const org = buildOrg(config.seed, config.queues, config.agents);
  const scenario = createScenarioControl(org, clock);
  const zone = createZone(config.timeZone, "create simulator");
  const world = new World(org, zone, scenario.log);
  const tokens = createTokenStore(clock, config.tokenLifetimeSeconds);
  const limiter = createRateLimiter(clock);
  const faultRng = new Rng(hashSeed(config.seed, "faults"));
  const requests = createRequestStats();
  let rateLimited = 0;
  let faults: SimFaults = {};
  const push = createPush({
    org,
    clock,
    at: (t) => world.at(t),
    heartbeatMs: config.heartbeatMs,
    channelLifetimeMs: config.channelLifetimeMs,
    faults: () => faults,
  });

  function setFaults(value: SimFaults): void {
    const parsed = parseFaults(value);
    if (parsed.revokeTokens) tokens.revokeAll();
    push.applyFaults(parsed);
    delete parsed.revokeTokens;
    delete parsed.dropSockets;
    faults = parsed;
  }

  function stats(): SimStats {
    return {
      requests: requests.requests(),
      tokensIssued: tokens.issued(),
      rateLimited,
      log: requests.log(),
      notifications: push.stats(),
    };
  }

  function roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && faultRng.next() < rate;
  }

  function failure(
    status: number,
    code: string,
    message: string,
    cid: string,
    headers: Record<string, string> = {},
  ): Response {
    return jsonResponse(status, errorBody(status, code, message, cid), {
      "ININ-Correlation-Id": cid,
      ...headers,
    });
  }

  /** Outage and random errors; null when the request goes through. */
  function injected(cid: string) {
    if (faults.outage) {
      return failure(
        503,
        "service.unavailable",
        "Cannot serve request: simulated outage",
        cid,
      );
    }
    if (roll(faults.errorRate)) {
      const status = faults.errorStatus ?? 503;
      const extra: Record<string, string> = status === 429
        ? { "Retry-After": "1" }
        : {};
      return failure(
        status,
        codeOfStatus(status),
        `Cannot serve request: simulated error ${status}`,
        cid,
        extra,
      );
    }
    return null;
  }

  async function api(req: Request, url: URL, cid: string): Promise<Response> {
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(
      req.headers.get("authorization") ?? "",
    );
    const check = auth ? tokens.check(auth[1]) : "missing";
    const allowed = faults.rateLimitPerMinute ?? config.rateLimitPerMinute;
    const limit = limiter.hit(
      check === "valid" ? `token:${auth![1]}` : "anonymous",
      allowed,
    );
    if (limit.limited) {
      rateLimited++;
      const n = limit.retryAfterSeconds;
      return jsonResponse(429, rateLimitedBody(n, allowed, cid), {
        "ININ-Correlation-Id": cid,
        "Retry-After": String(n),
      });
    }
    const fault = injected(cid);
    if (fault) return fault;
    if (check !== "valid") {
      const [code, message] = check === "missing"
        ? [
          "authentication.required",
          "Cannot authenticate: no bearer token in the Authorization header",
        ]
        : check === "expired"
        ? ["credentials.expired", "Cannot authenticate: the token has expired"]
        : ["bad.credentials", "Cannot authenticate: invalid login credentials"];
      return failure(401, code, message, cid);
    }
    let run: DayRun | null = null;
    try {
      checkEndpoint(req.method, url.pathname, faults.missingPermissions);
      if (url.pathname.startsWith(NOTIFICATIONS_PREFIX)) {
        const answer = await push.route(req, url);
        return answer.body === undefined
          ? new Response(null, {
            status: answer.status,
            headers: { "ININ-Correlation-Id": cid },
          })
          : jsonResponse(answer.status, answer.body, {
            "ININ-Correlation-Id": cid,
          });
      }
      const body = await routeApi({
        req,
        url,
        org,
        run: () => run ??= world.at(clock.now()),
        activityEntityCap: config.activityEntityCap,
      });
      return jsonResponse(200, body, { "ININ-Correlation-Id": cid });
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      return failure(error.status, error.code, error.message, cid);
    }
  }

  async function login(req: Request, cid: string): Promise<Response> {
    const fault = injected(cid);
    if (fault) return fault;
    const answer = await tokenRequest(req, config, tokens);
    return jsonResponse(answer.status, answer.body, {
      "ININ-Correlation-Id": cid,
      "cache-control": "no-store",
    });
  }

  async function control(req: Request, path: string): Promise<Response> {
    const cid = crypto.randomUUID();
    if (path === "/__sim/scenario") return await scenario.route(req);
    if (path === "/__sim/stats" && req.method === "GET") {
      return jsonResponse(200, stats());
    }
    if (path === "/__sim/faults") {
      if (req.method === "GET") return jsonResponse(200, faults);
      if (req.method === "DELETE") {
        faults = {};
        return new Response(null, { status: 204 });
      }
      if (req.method === "PUT") {
        try {
          setFaults(await readJsonObject(req) as SimFaults);
        } catch (error) {
          if (!(error instanceof Error)) throw error;
          return failure(400, "bad.request", error.message, cid);
        }
        return jsonResponse(200, faults);
      }
    }
    return failure(
      404,
      "not.found",
      `Cannot find resource: ${req.method} ${path}`,
      cid,
    );
  }

  async function handler(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const path = url.pathname;
    if (path === "/__sim" || path.startsWith("/__sim/")) {
      return await control(req, path);
    }
    if (push.isSocketRequest(req, url)) return push.upgrade(req, url);
    const at = clock.now();
    const res = await answer(req, url);
    requests.record(at, req.method, path, res.status);
    return res;
  }

  async function answer(req: Request, url: URL): Promise<Response> {
    const path = url.pathname;
    const cid = crypto.randomUUID();
    const isApi = path.startsWith("/api/");
    const isLogin = path === "/oauth/token" && req.method === "POST";
    if (!isApi && !isLogin) {
      return failure(
        404,
        "not.found",
        `Cannot find resource: ${req.method} ${path}`,
        cid,
      );
    }
    const { latencyMs, malformedRate } = faults;
    if (latencyMs) await clock.sleep(latencyMs, req.signal);
    let res: Response;
    try {
      res = isApi ? await api(req, url, cid) : await login(req, cid);
    } catch {
      res = failure(
        500,
        "internal.server.error",
        "Cannot answer request: internal simulator error",
        cid,
      );
    }
    if (!roll(malformedRate)) return res;
    const text = await res.text();
    return new Response(text.slice(0, Math.max(1, text.length >> 1)), {
      status: 200,
      headers: res.headers,
    });
  }

  return {
    handler,
    fetch: (input: string | URL | Request, init?: RequestInit) =>
      handler(new Request(input, init)),
    stats,
    setFaults,
    clearFaults() {
      faults = {};
    },
    queueIds: () => org.queues.map((q) => q.id),
    credentials: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
    },
    connect: (url) => push.connect(url),
    close: () => push.close(),
    setScenario: scenario.set,
    clearScenario: scenario.clear,
    scenario: scenario.state,
  };
}
