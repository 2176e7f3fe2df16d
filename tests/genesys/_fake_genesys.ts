/**
 * A scripted fake of the Genesys HTTP API for client tests: records every
 * request and answers `/oauth/token` with numbered tokens.
 *
 * @module
 */

/** One request as the fake saw it. */
export interface Seen {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Answers one API (non-token) request. */
export type Responder = (
  seen: Seen,
  index: number,
) => Response | Promise<Response>;

/** The fake and what it recorded. */
export interface FakeGenesys {
  fetch: (request: Request) => Promise<Response>;
  /** Every request, token requests included, in order. */
  seen: Seen[];
  /** Only the API requests. */
  api(): Seen[];
  /** Number of token requests. */
  tokenRequests(): number;
}

/** Test credentials. */
export const CREDENTIALS = {
  clientId: "client-id-7f3a",
  clientSecret: "s3cret-value-9b1c",
};

/** API base URL the tests use. */
export const API_URL = "https://api.mypurecloud.ie";
/** Login base URL the tests use. */
export const LOGIN_URL = "https://login.mypurecloud.ie";

/** Creates the fake; token answers default to `token-N` living 3600 s. */
export function fakeGenesys(
  respond: Responder,
  token: (n: number) => Response = (n) =>
    json({
      access_token: `token-${n}`,
      token_type: "bearer",
      expires_in: 3600,
    }),
): FakeGenesys {
  const seen: Seen[] = [];
  let tokens = 0;
  let calls = 0;
  async function fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const entry: Seen = {
      method: request.method,
      url: request.url,
      path: url.pathname,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    };
    seen.push(entry);
    if (url.pathname === "/oauth/token") return token(++tokens);
    return respond(entry, calls++);
  }
  return {
    fetch,
    seen,
    api: () => seen.filter((s) => s.path !== "/oauth/token"),
    tokenRequests: () => tokens,
  };
}

/** A JSON answer. */
export function json(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Reads a fixture of tests/fixtures/genesys as text. */
export function fixtureText(name: string): string {
  return Deno.readTextFileSync(
    new URL(`../fixtures/genesys/${name}`, import.meta.url),
  );
}

/** Reads and parses a fixture of tests/fixtures/genesys. */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}
