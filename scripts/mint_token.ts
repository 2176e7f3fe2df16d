/**
 * Mints an HS256 subscriber token for a wallboard (docs/auth.md), signed
 * with `AUTH_JWT_SECRET` from the environment.
 *
 * ```sh
 * deno run --allow-env scripts/mint_token.ts --queues q-1,q-2 --agents --ttl 12h
 * deno run --allow-env scripts/mint_token.ts --queues "*" --aud queuepulse --iss ops
 * ```
 *
 * @module
 */

import { SignJWT } from "jose";
import { parseArgs } from "node:util";

/** What goes into a minted token. */
export interface MintOptions {
  /** Queue ids, or `"*"` for every queue. */
  queues: "*" | string[];
  /** Grants the agent board. */
  agents: boolean;
  /** Lifetime, seconds. */
  ttlSeconds: number;
  /** `aud` claim, or null for none. */
  audience: string | null;
  /** `iss` claim, or null for none. */
  issuer: string | null;
  /** Optional subject, e.g. a name for the screen. */
  subject: string | null;
}

/** Shortest secret accepted, bytes (as `AUTH_JWT_SECRET` in the config). */
const MIN_SECRET_BYTES = 32;
/** Longest lifetime accepted: one year. */
const MAX_TTL_SECONDS = 366 * 24 * 3600;

const USAGE =
  `Usage: deno run --allow-env scripts/mint_token.ts --queues <q-1,q-2|"*"> [--agents] [--ttl 12h] [--aud <audience>] [--iss <issuer>] [--sub <name>]`;

/**
 * Parses the command line; throws `TypeError`/`RangeError` with a one-line
 * message on bad input.
 *
 * @example
 * ```ts
 * parseMintArgs(["--queues", "q-1,q-2", "--agents", "--ttl", "8h"]);
 * // { queues: ["q-1", "q-2"], agents: true, ttlSeconds: 28800, ... }
 * ```
 */
export function parseMintArgs(args: string[]): MintOptions {
  const { values } = parseArgs({
    args,
    options: {
      queues: { type: "string" },
      agents: { type: "boolean", default: false },
      ttl: { type: "string", default: "12h" },
      aud: { type: "string" },
      iss: { type: "string" },
      sub: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.queues === undefined) {
    throw new TypeError(`Cannot mint token: --queues is required\n${USAGE}`);
  }
  return {
    queues: parseQueues(values.queues),
    agents: values.agents,
    ttlSeconds: parseTtl(values.ttl),
    audience: values.aud ?? null,
    issuer: values.iss ?? null,
    subject: values.sub ?? null,
  };
}

function parseQueues(text: string): "*" | string[] {
  if (text.trim() === "*") return "*";
  const ids = text.split(",").map((id) => id.trim());
  if (ids.some((id) => id === "")) {
    throw new TypeError(
      `Cannot parse --queues: empty queue id in ${JSON.stringify(text)}`,
    );
  }
  return [...new Set(ids)];
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses `90s`, `30m`, `12h`, `7d` (or plain seconds) into seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) {
    throw new TypeError(
      `Cannot parse --ttl: expected a duration like "30m", "12h" or "7d", got ${
        JSON.stringify(text)
      }`,
    );
  }
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || "s"];
  if (seconds < 1 || seconds > MAX_TTL_SECONDS) {
    throw new RangeError(
      `Cannot parse --ttl: must be between 1 s and 366 d, got ${
        JSON.stringify(text)
      }`,
    );
  }
  return seconds;
}

/**
 * Signs a token for `options` with `secret` at `nowMs`.
 *
 * @example
 * ```ts
 * const token = await mintToken(parseMintArgs(["--queues", "*"]), secret, Date.now());
 * ```
 */
export async function mintToken(
  options: MintOptions,
  secret: string,
  nowMs: number,
): Promise<string> {
  if (new TextEncoder().encode(secret).length < MIN_SECRET_BYTES) {
    throw new RangeError(
      `Cannot mint token: AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`,
    );
  }
  const now = Math.floor(nowMs / 1000);
  const claims: Record<string, unknown> = { queues: options.queues };
  if (options.agents) claims.agents = true;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + options.ttlSeconds);
  if (options.audience) jwt.setAudience(options.audience);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.subject) jwt.setSubject(options.subject);
  return await jwt.sign(new TextEncoder().encode(secret));
}

async function main(): Promise<number> {
  const secret = Deno.env.get("AUTH_JWT_SECRET");
  if (!secret) {
    console.error("error: Cannot mint token: AUTH_JWT_SECRET is not set");
    return 1;
  }
  try {
    const options = parseMintArgs(Deno.args);
    console.log(await mintToken(options, secret, Date.now()));
    return 0;
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main());
