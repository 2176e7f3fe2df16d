/**
 * Request generator of the fuzz end-to-end test (fast-check): random paths,
 * methods, query strings, bodies and headers (bad `Authorization`,
 * `Last-Event-ID`, `Origin`, broken WebSocket handshakes).
 *
 * @module
 */

import fc from "fast-check";
import {
  type FuzzContext,
  NASTY_STRINGS,
  weirdString,
} from "./_fuzz_frames.ts";

/** One generated HTTP request. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const ROUTES = [
  "/",
  "/healthz",
  "/readyz",
  "/metrics",
  "/ws",
  "/api/v1/snapshot",
  "/api/v1/queues",
  "/api/v1/agents",
  "/api/v1/stream",
];
const NO_ROUTES = [
  "/api/v1/queues/",
  "/api/v2/snapshot",
  "/api",
  "/api/v1",
  "/__sim/stats",
  "/oauth/token",
];

/** Printable ASCII: what a header value may hold. */
function headerText(maxLength = 40): fc.Arbitrary<string> {
  return fc.string({ unit: "binary-ascii", maxLength }).map((s) =>
    s.replace(/[^\x20-\x7e]/g, "")
  );
}

/** Random requests against the service's routes and beyond. */
export function requestArbitrary(
  ctx: FuzzContext,
  origins: string[],
): fc.Arbitrary<FuzzRequest> {
  const t = ctx.tokens;
  const segment = fc.oneof(
    fc.constantFrom(...ctx.queueIds, ...NASTY_STRINGS.slice(0, 12)),
    weirdString(),
  ).map((s) => encodeURIComponent(s.toWellFormed()));
  const path = fc.oneof(
    { arbitrary: fc.constantFrom(...ROUTES), weight: 12 },
    { arbitrary: fc.constantFrom(...NO_ROUTES), weight: 1 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...ROUTES), segment).map(
        ([route, s]) => `${route.replace(/\/$/, "")}/${s}`,
      ),
      weight: 3,
    },
    {
      arbitrary: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) =>
        `/${s.join("/")}`
      ),
      weight: 2,
    },
    {
      arbitrary: fc.constantFrom(
        "/api/v1/queues/..%2f..%2fmetrics",
        "/%2e%2e/%2e%2e/etc/passwd",
        `/api/v1/queues/${"a".repeat(8000)}`,
        "/api/v1//snapshot",
        "/api/v1/snapshot/",
      ),
      weight: 1,
    },
  );
  const queryValue = fc.oneof(
    fc.constantFrom(
      ...ctx.queueIds,
      ctx.queueIds.join(","),
      "",
      ",",
      "true",
      "false",
      "1",
    ),
    weirdString(),
    fc.constant(Array.from({ length: 1005 }, (_, i) => `q${i}`).join(",")),
  );
  const query = fc.array(
    fc.tuple(
      fc.constantFrom(
        "queues",
        "agents",
        "access_token",
        "lastEventId",
        "x",
        "__proto__",
      ),
      fc.oneof(queryValue, fc.constantFrom(t.valid, t.expired, t.forged)),
    ),
    { maxLength: 4 },
  ).map((pairs) => {
    const params = new URLSearchParams();
    for (const [k, v] of pairs) params.append(k, v);
    const text = params.toString();
    return text ? `?${text}` : "";
  });
  const authorization = fc.oneof(
    fc.constantFrom(
      `Bearer ${t.valid}`,
      `Bearer ${t.scoped}`,
      `Bearer ${t.empty}`,
      `Bearer ${t.expired}`,
      `Bearer ${t.forged}`,
      `Bearer ${t.none}`,
      `bearer   ${t.valid}`,
      `Bearer ${t.valid} extra`,
      "Bearer",
      "Bearer ",
      "Basic dXNlcjpwYXNz",
      `Bearer ${"x".repeat(9000)}`,
    ),
    headerText().map((s) => `Bearer ${s}`),
    headerText(),
  );
  const headers = fc.record({
    authorization,
    "last-event-id": fc.oneof(
      fc.constantFrom(
        `${ctx.epoch}:1`,
        `${ctx.epoch}:2`,
        `${ctx.epoch}:99999999999999999999`,
        ":",
        "::1",
        `${ctx.epoch}:-1`,
      ),
      headerText(),
    ),
    origin: fc.oneof(fc.constantFrom(...origins, "null", ""), headerText()),
    "content-type": fc.constantFrom(
      "application/json",
      "text/plain",
      "multipart/form-data; boundary=x",
    ),
    upgrade: fc.constantFrom("websocket", "h2c", "WebSocket, foo"),
    connection: fc.constantFrom("keep-alive", "close"),
    "x-forwarded-for": headerText(),
  }, { requiredKeys: [] });
  return fc.record({
    method: fc.oneof(
      { arbitrary: fc.constant("GET"), weight: 12 },
      {
        arbitrary: fc.constantFrom(
          "HEAD",
          "POST",
          "PUT",
          "DELETE",
          "PATCH",
          "OPTIONS",
          "PROPFIND",
          "X-FUZZ",
        ),
        weight: 3,
      },
    ),
    path,
    query,
    headers,
    body: fc.option(
      fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
        fc.integer({ min: 65_000, max: 70_000 }).map((n) => "b".repeat(n)),
      ),
      { freq: 2 },
    ),
  }).map(({ method, path, query, headers, body }) => {
    const request: FuzzRequest = {
      method,
      path: path + query,
      headers: headers as Record<string, string>,
    };
    if (body !== null && method !== "GET" && method !== "HEAD") {
      request.body = body;
    }
    return request;
  });
}
