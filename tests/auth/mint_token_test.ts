import assert from "node:assert/strict";
import {
  mintToken,
  parseMintArgs,
  parseTtl,
} from "../../scripts/mint_token.ts";
import { createAuthenticator } from "../../src/auth/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import { NOW, SECRET, secretConfig } from "./tokens.ts";

Deno.test("parseMintArgs() reads queues, agents, ttl, aud, iss", () => {
  assert.deepEqual(
    parseMintArgs([
      "--queues",
      "q-1, q-2,q-1",
      "--agents",
      "--ttl",
      "8h",
      "--aud",
      "queuepulse",
      "--iss",
      "ops",
    ]),
    {
      queues: ["q-1", "q-2"],
      agents: true,
      ttlSeconds: 28_800,
      audience: "queuepulse",
      issuer: "ops",
      subject: null,
    },
  );
  assert.deepEqual(parseMintArgs(["--queues", "*"]), {
    queues: "*",
    agents: false,
    ttlSeconds: 43_200,
    audience: null,
    issuer: null,
    subject: null,
  });
});

Deno.test("parseMintArgs() refuses bad input with one-line reasons", () => {
  assert.throws(
    () => parseMintArgs([]),
    (e: Error) =>
      e instanceof TypeError &&
      e.message.startsWith("Cannot mint token: --queues is required"),
  );
  assert.throws(
    () => parseMintArgs(["--queues", "q-1,,q-2"]),
    new TypeError('Cannot parse --queues: empty queue id in "q-1,,q-2"'),
  );
  assert.throws(
    () => parseTtl("soon"),
    new TypeError(
      'Cannot parse --ttl: expected a duration like "30m", "12h" or "7d", got "soon"',
    ),
  );
  assert.throws(
    () => parseTtl("400d"),
    new RangeError(
      'Cannot parse --ttl: must be between 1 s and 366 d, got "400d"',
    ),
  );
  assert.equal(parseTtl("90"), 90);
  assert.equal(parseTtl("30m"), 1800);
  assert.equal(parseTtl("7d"), 604_800);
});

Deno.test("mintToken() makes a token the authenticator accepts", async () => {
  const options = parseMintArgs([
    "--queues",
    "q-1,q-2",
    "--agents",
    "--ttl",
    "1h",
    "--aud",
    "queuepulse",
    "--iss",
    "ops",
  ]);
  const token = await mintToken(options, SECRET, NOW);
  const auth = createAuthenticator(
    secretConfig({ audience: "queuepulse", issuer: "ops" }),
    { clock: new FakeClock(NOW) },
  );
  assert.deepEqual(await auth.verify(token), {
    queues: ["q-1", "q-2"],
    agents: true,
    expiresAt: NOW + 3_600_000 + 5_000,
  });
  const header = JSON.parse(atob(token.split(".")[0]));
  assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
});

Deno.test("mintToken() refuses a short secret", async () => {
  await assert.rejects(
    mintToken(parseMintArgs(["--queues", "*"]), "short", NOW),
    new RangeError(
      "Cannot mint token: AUTH_JWT_SECRET must be at least 32 bytes",
    ),
  );
});

Deno.test("the script prints a token, and fails cleanly without a secret", async () => {
  const script = new URL("../../scripts/mint_token.ts", import.meta.url);
  const config = new URL("../../deno.json", import.meta.url);
  async function run(env: Record<string, string>) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--allow-env",
        `--config=${config.pathname}`,
        script.pathname,
        "--queues",
        "q-7",
      ],
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
    };
  }
  const ok = await run({ AUTH_JWT_SECRET: SECRET });
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
  assert.equal(ok.stderr.includes(SECRET), false);
  const missing = await run({ AUTH_JWT_SECRET: "" });
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr,
    "error: Cannot mint token: AUTH_JWT_SECRET is not set\n",
  );
});
