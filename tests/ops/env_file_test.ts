import assert from "node:assert/strict";
import { layerEnv, parseEnvFile, readEnvFile } from "../../src/env_file.ts";
import { loadConfig } from "../../src/config.ts";

function env(vars: Record<string, string>) {
  return { get: (name: string) => vars[name] };
}

Deno.test("parseEnvFile() reads assignments, comments, export and quotes", () => {
  const text = [
    "# Genesys org",
    "",
    "GENESYS_REGION=eu-west-1",
    "export GENESYS_QUEUES = Sales*,Support # two groups",
    'GENESYS_CLIENT_SECRET="s3cr#t \\"quoted\\"\\nline"',
    "AUTH_ISSUER='https://idp.example.com/#x'",
    "EMPTY=",
    "GENESYS_REGION=us-east-1",
  ].join("\r\n");
  assert.deepEqual(parseEnvFile(text, ".env"), {
    GENESYS_REGION: "eu-west-1",
    GENESYS_QUEUES: "Sales*,Support",
    GENESYS_CLIENT_SECRET: 's3cr#t "quoted"\nline',
    AUTH_ISSUER: "https://idp.example.com/#x",
    EMPTY: "",
  });
});

Deno.test("parseEnvFile() names the malformed line and never echoes a value", () => {
  const cases: [string, string][] = [
    ["A=1\nGENESYS_CLIENT_SECRET", 'line 2 has no "=" (expected NAME=value)'],
    [
      "1X=hunter2",
      'line 1 has an invalid variable name "1X" (expected letters, digits and "_", not starting with a digit)',
    ],
    [
      '\n\nGENESYS_CLIENT_SECRET="hunter2',
      'line 3 has an unterminated quoted value of "GENESYS_CLIENT_SECRET"',
    ],
    [
      "GENESYS_CLIENT_SECRET='hunter2' trailing",
      'line 1 has text after the closing quote of "GENESYS_CLIENT_SECRET"',
    ],
  ];
  for (const [text, detail] of cases) {
    assert.throws(() => parseEnvFile(text, "/srv/.env"), (error) => {
      assert.ok(error instanceof SyntaxError);
      assert.equal(error.message, `Cannot parse /srv/.env: ${detail}`);
      assert.ok(!error.message.includes("hunter2"));
      return true;
    });
  }
});

Deno.test("readEnvFile() sets what the environment does not, and a missing file is fine", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-env-" });
  try {
    const path = `${dir}/.env`;
    await Deno.writeTextFile(
      path,
      "GENESYS_QUEUES=Sales*\nPOLL_INTERVAL_MS=2000\nPORT=9000\n",
    );
    const process = env({ PORT: "8080" });
    const extra = await readEnvFile(path, process);
    assert.deepEqual(extra, {
      GENESYS_QUEUES: "Sales*",
      POLL_INTERVAL_MS: "2000",
    });
    const config = loadConfig(layerEnv(process, extra));
    assert.equal(config.http.port, 8080);
    assert.equal(config.poller.pollIntervalMs, 2000);
    assert.deepEqual(await readEnvFile(`${dir}/missing.env`, process), {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
