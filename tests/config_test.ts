import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../src/config.ts";
import { type Config, configSecrets } from "../src/config.ts";

const SECRET = "genesys-secret-value-0042";
const JWT_SECRET = "jwt-secret-0123456789-abcdefghijklmnop";
const METRICS = "metrics-token-5566";
const CREDS = { GENESYS_CLIENT_ID: "cid-1234", GENESYS_CLIENT_SECRET: SECRET };

function env(vars: Record<string, string>) {
  return { get: (name: string) => vars[name] };
}

function load(vars: Record<string, string>): Config {
  return loadConfig(env(vars));
}

function errorOf(vars: Record<string, string>): ConfigError {
  try {
    load(vars);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail(`expected a ConfigError for ${JSON.stringify(vars)}`);
}

Deno.test("an empty env gives the documented defaults (simulator, auth off)", () => {
  assert.deepEqual(load({}), {
    genesys: {
      region: "mypurecloud.com",
      apiUrl: "https://api.mypurecloud.com",
      loginUrl: "https://login.mypurecloud.com",
      credentials: null,
      notifications: true,
      rateLimitPerMinute: 300,
    },
    poller: {
      enabled: true,
      queueFilter: [],
      pollIntervalMs: 5000,
      aggregateIntervalMs: 30000,
      reconcileIntervalMs: 60000,
      pushCommitMs: 250,
      timeZone: "UTC",
    },
    realtime: { staleAfterMs: 12000, maxConnections: 10000 },
    http: {
      port: 8000,
      hostname: "0.0.0.0",
      allowedOrigins: [],
      metricsToken: null,
      metricsQueues: null,
      connectRate: { perSecond: 50, burst: 200 },
      frameAncestors: "'self'",
      boardsPath: null,
    },
    auth: {
      enabled: false,
      jwtSecret: null,
      jwksUrl: null,
      issuer: null,
      audience: null,
    },
    alertRulesPath: null,
    kvPath: null,
    logLevel: "info",
  });
});

Deno.test("blank values count as unset", () => {
  assert.deepEqual(
    load({ PORT: "", GENESYS_REGION: "  ", KV_PATH: "" }),
    load({}),
  );
});

Deno.test("every variable is read", () => {
  const config = load({
    ...CREDS,
    GENESYS_REGION: "eu-central-1",
    GENESYS_API_URL: "http://localhost:8787/",
    GENESYS_LOGIN_URL: "http://localhost:8787//",
    GENESYS_QUEUES: " q-1 , Sales* ,, ",
    POLL_INTERVAL_MS: "2000",
    AGGREGATE_INTERVAL_MS: "60000",
    STALE_AFTER_MS: "9000",
    TIMEZONE: "europe/berlin",
    PORT: "0",
    KV_PATH: "./data/kv.sqlite",
    AUTH_JWT_SECRET: JWT_SECRET,
    AUTH_ISSUER: "https://issuer.example.com",
    AUTH_AUDIENCE: "wallboards",
    ALLOWED_ORIGINS:
      "https://wall.example.com/, http://localhost:3000,https://wall.example.com",
    ALERT_RULES: "./rules.json",
    METRICS_TOKEN: METRICS,
    MAX_CONNECTIONS: "500",
    CONNECT_RATE_PER_SECOND: "500",
    CONNECT_RATE_BURST: "2000",
    FRAME_ANCESTORS: "'self' https://portal.example.com",
    GENESYS_NOTIFICATIONS: "false",
    GENESYS_RATE_LIMIT_PER_MINUTE: "600",
    POLLER_ENABLED: "0",
    RECONCILE_INTERVAL_MS: "120000",
    PUSH_COMMIT_MS: "500",
    HOSTNAME: "127.0.0.1",
    METRICS_QUEUES: "false",
    BOARDS: "./boards.json",
    LOG_LEVEL: "DEBUG",
  });
  assert.deepEqual(config, {
    genesys: {
      region: "mypurecloud.de",
      apiUrl: "http://localhost:8787",
      loginUrl: "http://localhost:8787",
      credentials: { clientId: "cid-1234", clientSecret: SECRET },
      notifications: false,
      rateLimitPerMinute: 600,
    },
    poller: {
      enabled: false,
      queueFilter: ["q-1", "Sales*"],
      pollIntervalMs: 2000,
      aggregateIntervalMs: 60000,
      reconcileIntervalMs: 120000,
      pushCommitMs: 500,
      timeZone: "Europe/Berlin",
    },
    realtime: { staleAfterMs: 9000, maxConnections: 500 },
    http: {
      port: 0,
      hostname: "127.0.0.1",
      allowedOrigins: ["https://wall.example.com", "http://localhost:3000"],
      metricsToken: METRICS,
      metricsQueues: false,
      connectRate: { perSecond: 500, burst: 2000 },
      frameAncestors: "'self' https://portal.example.com",
      boardsPath: "./boards.json",
    },
    auth: {
      enabled: true,
      jwtSecret: JWT_SECRET,
      jwksUrl: null,
      issuer: "https://issuer.example.com",
      audience: "wallboards",
    },
    alertRulesPath: "./rules.json",
    kvPath: "./data/kv.sqlite",
    logLevel: "debug",
  });
  assert.deepEqual(configSecrets(config), [SECRET, JWT_SECRET, METRICS]);
});

Deno.test("region aliases resolve to the right hosts", () => {
  const cases: [Record<string, string>, string][] = [
    [{ GENESYS_REGION: "eu-west-1" }, "mypurecloud.ie"],
    [{ GENESYS_REGION: "eu_west_1" }, "mypurecloud.ie"],
    [{ GENESYS_REGION: "mypurecloud.ie" }, "mypurecloud.ie"],
    [{ GENESYS_REGION: "api.mypurecloud.ie" }, "mypurecloud.ie"],
    [{ GENESYS_REGION: "login.mypurecloud.ie" }, "mypurecloud.ie"],
    [{ GENESYS_ENV: "mypurecloud.ie" }, "mypurecloud.ie"],
    [{ GENESYS_ENV: "us-west-2" }, "usw2.pure.cloud"],
    [
      { GENESYS_REGION: "ap-southeast-2", GENESYS_ENV: "eu-west-1" },
      "mypurecloud.com.au",
    ],
  ];
  for (const [vars, domain] of cases) {
    const config = load(vars);
    assert.equal(config.genesys.region, domain, JSON.stringify(vars));
    assert.equal(config.genesys.apiUrl, `https://api.${domain}`);
    assert.equal(config.genesys.loginUrl, `https://login.${domain}`);
  }
  const override = load({
    GENESYS_REGION: "eu-west-1",
    GENESYS_API_URL: "https://proxy.example.com/genesys/",
  });
  assert.equal(override.genesys.apiUrl, "https://proxy.example.com/genesys");
  assert.equal(override.genesys.loginUrl, "https://login.mypurecloud.ie");
});

const REGIONS_LIST =
  "expected one of: mypurecloud.com, mypurecloud.ie, mypurecloud.com.au, mypurecloud.jp, mypurecloud.de, usw2.pure.cloud, cac1.pure.cloud, apne2.pure.cloud, euw2.pure.cloud, aps1.pure.cloud, use2.us-gov-pure.cloud, sae1.pure.cloud, mec1.pure.cloud, apne3.pure.cloud, euc2.pure.cloud, mxc1.pure.cloud, apse1.pure.cloud, edee1.eusc-pure.cloud, or us-east-1, eu-west-1, ap-southeast-2, ap-northeast-1, eu-central-1, us-west-2, ca-central-1, ap-northeast-2, eu-west-2, ap-south-1, us-east-2, sa-east-1, me-central-1, ap-northeast-3, eu-central-2, mx-central-1, ap-southeast-1, eusc-de-east-1";

const BAD: [Record<string, string>, string, string][] = [
  [
    { GENESYS_REGION: "eu-west-9" },
    "GENESYS_REGION",
    `Cannot parse GENESYS_REGION: unknown region "eu-west-9" (${REGIONS_LIST})`,
  ],
  [
    { GENESYS_ENV: "mygen" },
    "GENESYS_ENV",
    `Cannot parse GENESYS_ENV: unknown region "mygen" (${REGIONS_LIST})`,
  ],
  [
    { GENESYS_CLIENT_ID: "cid-1234" },
    "GENESYS_CLIENT_SECRET",
    "Cannot configure Genesys credentials: GENESYS_CLIENT_SECRET is missing while GENESYS_CLIENT_ID is set (set both, or neither to run the built-in simulator)",
  ],
  [
    { GENESYS_CLIENT_SECRET: SECRET },
    "GENESYS_CLIENT_ID",
    "Cannot configure Genesys credentials: GENESYS_CLIENT_ID is missing while GENESYS_CLIENT_SECRET is set (set both, or neither to run the built-in simulator)",
  ],
  [
    { GENESYS_API_URL: "ftp://files.example.com" },
    "GENESYS_API_URL",
    'Cannot parse GENESYS_API_URL: invalid URL "ftp://files.example.com" (expected an http or https URL)',
  ],
  [
    { GENESYS_LOGIN_URL: "login.mypurecloud.ie" },
    "GENESYS_LOGIN_URL",
    'Cannot parse GENESYS_LOGIN_URL: invalid URL "login.mypurecloud.ie" (expected an http or https URL)',
  ],
  [
    { POLL_INTERVAL_MS: "999" },
    "POLL_INTERVAL_MS",
    'Cannot parse POLL_INTERVAL_MS: invalid value "999" (expected an integer of at least 1000)',
  ],
  [
    { POLL_INTERVAL_MS: "5s" },
    "POLL_INTERVAL_MS",
    'Cannot parse POLL_INTERVAL_MS: invalid value "5s" (expected an integer of at least 1000)',
  ],
  [
    { AGGREGATE_INTERVAL_MS: "4999" },
    "AGGREGATE_INTERVAL_MS",
    'Cannot parse AGGREGATE_INTERVAL_MS: invalid value "4999" (expected an integer of at least 5000)',
  ],
  [
    { STALE_AFTER_MS: "0" },
    "STALE_AFTER_MS",
    'Cannot parse STALE_AFTER_MS: invalid value "0" (expected an integer of at least 1)',
  ],
  [
    { STALE_AFTER_MS: "-5" },
    "STALE_AFTER_MS",
    'Cannot parse STALE_AFTER_MS: invalid value "-5" (expected an integer of at least 1)',
  ],
  [
    { PORT: "65536" },
    "PORT",
    'Cannot parse PORT: invalid value "65536" (expected an integer from 0 to 65535)',
  ],
  [
    { PORT: "80.5" },
    "PORT",
    'Cannot parse PORT: invalid value "80.5" (expected an integer from 0 to 65535)',
  ],
  [
    { MAX_CONNECTIONS: "0" },
    "MAX_CONNECTIONS",
    'Cannot parse MAX_CONNECTIONS: invalid value "0" (expected an integer of at least 1)',
  ],
  [
    { CONNECT_RATE_PER_SECOND: "fast" },
    "CONNECT_RATE_PER_SECOND",
    'Cannot parse CONNECT_RATE_PER_SECOND: invalid value "fast" (expected an integer of at least 1)',
  ],
  [
    { CONNECT_RATE_BURST: "0" },
    "CONNECT_RATE_BURST",
    'Cannot parse CONNECT_RATE_BURST: invalid value "0" (expected an integer of at least 1)',
  ],
  [
    { TIMEZONE: "Mars/Base" },
    "TIMEZONE",
    'Cannot parse TIMEZONE: unknown time zone "Mars/Base" (expected an IANA time zone such as "Europe/Berlin" or "UTC")',
  ],
  [
    { AUTH_DISABLED: "maybe" },
    "AUTH_DISABLED",
    'Cannot parse AUTH_DISABLED: invalid value "maybe" (expected true, false, 1 or 0)',
  ],
  [
    { AUTH_JWT_SECRET: "short-secret" },
    "AUTH_JWT_SECRET",
    "Cannot parse AUTH_JWT_SECRET: the secret is too short (expected at least 32 bytes)",
  ],
  [
    { AUTH_JWKS_URL: "http://keys.example.com/jwks.json" },
    "AUTH_JWKS_URL",
    'Cannot parse AUTH_JWKS_URL: invalid URL "http://keys.example.com/jwks.json" (expected an https URL, or http for localhost, 127.0.0.1 or [::1])',
  ],
  [
    { AUTH_JWKS_URL: "keys" },
    "AUTH_JWKS_URL",
    'Cannot parse AUTH_JWKS_URL: invalid URL "keys" (expected an https URL, or http for localhost, 127.0.0.1 or [::1])',
  ],
  [
    CREDS,
    "AUTH_JWT_SECRET",
    "Cannot configure subscriber auth: auth is on (Genesys credentials are set) but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set (set one of them, or AUTH_DISABLED=true)",
  ],
  [
    { AUTH_DISABLED: "false" },
    "AUTH_JWT_SECRET",
    "Cannot configure subscriber auth: auth is on (AUTH_DISABLED=false) but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set (set one of them, or AUTH_DISABLED=true)",
  ],
  [
    { ALLOWED_ORIGINS: "https://ok.example.com,*" },
    "ALLOWED_ORIGINS",
    'Cannot parse ALLOWED_ORIGINS: invalid origin "*" (expected a comma-separated list of origins such as https://wall.example.com or http://localhost:8080, without path or "*")',
  ],
  [
    { ALLOWED_ORIGINS: "https://wall.example.com/board" },
    "ALLOWED_ORIGINS",
    'Cannot parse ALLOWED_ORIGINS: invalid origin "https://wall.example.com/board" (expected a comma-separated list of origins such as https://wall.example.com or http://localhost:8080, without path or "*")',
  ],
  [
    { ALLOWED_ORIGINS: "wall.example.com" },
    "ALLOWED_ORIGINS",
    'Cannot parse ALLOWED_ORIGINS: invalid origin "wall.example.com" (expected a comma-separated list of origins such as https://wall.example.com or http://localhost:8080, without path or "*")',
  ],
  [
    { FRAME_ANCESTORS: "'self'; script-src *" },
    "FRAME_ANCESTORS",
    `Cannot parse FRAME_ANCESTORS: invalid value "'self'; script-src *" (expected space-separated CSP sources such as 'self' https://portal.example.com, without ";" or ",")`,
  ],
  [
    { GENESYS_NOTIFICATIONS: "yes" },
    "GENESYS_NOTIFICATIONS",
    'Cannot parse GENESYS_NOTIFICATIONS: invalid value "yes" (expected true, false, 1 or 0)',
  ],
  [
    { GENESYS_RATE_LIMIT_PER_MINUTE: "0" },
    "GENESYS_RATE_LIMIT_PER_MINUTE",
    'Cannot parse GENESYS_RATE_LIMIT_PER_MINUTE: invalid value "0" (expected an integer of at least 1)',
  ],
  [
    { PUSH_COMMIT_MS: "10" },
    "PUSH_COMMIT_MS",
    'Cannot parse PUSH_COMMIT_MS: invalid value "10" (expected an integer of at least 50)',
  ],
  [
    { RECONCILE_INTERVAL_MS: "1s" },
    "RECONCILE_INTERVAL_MS",
    'Cannot parse RECONCILE_INTERVAL_MS: invalid value "1s" (expected an integer of at least 5000)',
  ],
  [
    { POLLER_ENABLED: "off" },
    "POLLER_ENABLED",
    'Cannot parse POLLER_ENABLED: invalid value "off" (expected true, false, 1 or 0)',
  ],
  [
    { LOG_LEVEL: "verbose" },
    "LOG_LEVEL",
    'Cannot parse LOG_LEVEL: invalid value "verbose" (expected one of debug, info, warn, error)',
  ],
  [
    { METRICS_QUEUES: "auto" },
    "METRICS_QUEUES",
    'Cannot parse METRICS_QUEUES: invalid value "auto" (expected true, false, 1 or 0)',
  ],
  [
    { HOSTNAME: "http://0.0.0.0" },
    "HOSTNAME",
    'Cannot parse HOSTNAME: invalid value "http://0.0.0.0" (expected a listen address such as 0.0.0.0, 127.0.0.1, :: or a host name)',
  ],
];

Deno.test("HOSTNAME accepts IPv4, IPv6 (bracketed or not) and host names", () => {
  const host = (value: string) => load({ HOSTNAME: value }).http.hostname;
  assert.equal(host("127.0.0.1"), "127.0.0.1");
  assert.equal(host("::"), "::");
  assert.equal(host("[::1]"), "::1");
  assert.equal(host("wallboard-1.internal"), "wallboard-1.internal");
});

Deno.test("each bad value yields its exact one-line error", () => {
  for (const [vars, variable, message] of BAD) {
    const error = errorOf(vars);
    assert.equal(error.message, message);
    assert.equal(error.variable, variable);
    assert.equal(error.name, "ConfigError");
    assert.ok(!error.message.includes("\n"));
  }
});

Deno.test("no error ever contains a secret or the client id", () => {
  const secrets = [SECRET, "cid-1234", "short-secret", JWT_SECRET, METRICS];
  const cases: Record<string, string>[] = [
    ...BAD.map(([vars]) => ({ ...vars, METRICS_TOKEN: METRICS })),
    { ...CREDS, METRICS_TOKEN: METRICS },
    { GENESYS_CLIENT_SECRET: SECRET, AUTH_JWT_SECRET: JWT_SECRET, PORT: "x" },
    { ...CREDS, AUTH_JWT_SECRET: "short-secret" },
  ];
  for (const vars of cases) {
    const error = errorOf(vars);
    for (const secret of secrets) {
      assert.ok(
        !error.message.includes(secret),
        `${error.message} leaks ${secret}`,
      );
    }
  }
});

Deno.test("auth follows credentials unless AUTH_DISABLED says otherwise", () => {
  assert.equal(
    load({ ...CREDS, AUTH_JWT_SECRET: JWT_SECRET }).auth.enabled,
    true,
  );
  assert.equal(load({ ...CREDS, AUTH_DISABLED: "true" }).auth.enabled, false);
  assert.equal(load({ ...CREDS, AUTH_DISABLED: "1" }).auth.enabled, false);
  assert.equal(
    load({ AUTH_DISABLED: "0", AUTH_JWT_SECRET: JWT_SECRET }).auth.enabled,
    true,
  );
  assert.equal(
    load({ AUTH_DISABLED: "FALSE", AUTH_JWT_SECRET: JWT_SECRET }).auth.enabled,
    true,
  );
  assert.equal(
    load({
      AUTH_DISABLED: "false",
      AUTH_JWKS_URL: "https://idp.example.com/jwks",
    }).auth.jwksUrl,
    "https://idp.example.com/jwks",
  );
  assert.equal(
    load({ ...CREDS, AUTH_JWKS_URL: "http://localhost:9000/jwks" }).auth
      .jwksUrl,
    "http://localhost:9000/jwks",
  );
  assert.equal(
    load({ ...CREDS, AUTH_JWKS_URL: "http://127.0.0.1:9000/jwks" }).auth
      .jwksUrl,
    "http://127.0.0.1:9000/jwks",
  );
  assert.equal(
    load({ ...CREDS, AUTH_JWKS_URL: "http://[::1]:9000/jwks" }).auth.jwksUrl,
    "http://[::1]:9000/jwks",
  );
  // 32 bytes of UTF-8 are enough even when fewer characters.
  assert.equal(
    load({ AUTH_JWT_SECRET: "é".repeat(16) }).auth.jwtSecret,
    "é".repeat(16),
  );
});

Deno.test("Deno.env satisfies the parameter type", () => {
  const source: Parameters<typeof loadConfig>[0] = Deno.env;
  assert.equal(typeof source.get, "function");
});
