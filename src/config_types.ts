/**
 * The typed configuration (PROTOCOL.md §5). `loadConfig` in `config.ts`
 * builds it from the environment.
 *
 * @module
 */

/** Genesys OAuth client credentials. */
export interface GenesysCredentials {
  clientId: string;
  clientSecret: string;
}

/** Subscriber authentication settings. */
export interface AuthConfig {
  /** False when `AUTH_DISABLED=true`, or by default with the simulator. */
  enabled: boolean;
  jwtSecret: string | null;
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
}

/** The whole service configuration. */
export interface Config {
  /** Region domain, e.g. `mypurecloud.ie`. */
  region: string;
  /** `https://api.<domain>` unless `GENESYS_API_URL` overrides it. */
  apiUrl: string;
  /** `https://login.<domain>` unless `GENESYS_LOGIN_URL` overrides it. */
  loginUrl: string;
  /** Null means: run on the built-in simulator. */
  credentials: GenesysCredentials | null;
  /** Queue ids or name globs (`Sales*`); empty = all queues. */
  queueFilter: string[];
  pollIntervalMs: number;
  aggregateIntervalMs: number;
  staleAfterMs: number;
  /** IANA zone that defines "today". */
  timeZone: string;
  port: number;
  /** KV location; null = Deno's default. */
  kvPath: string | null;
  auth: AuthConfig;
  /** Origins allowed cross-site (exact `scheme://host[:port]`). */
  allowedOrigins: string[];
  /** Path of a JSON rule file; null = built-in defaults. */
  alertRulesPath: string | null;
  /** Bearer token protecting `/metrics`; null = open. */
  metricsToken: string | null;
  /** Most WebSocket + SSE connections one isolate serves. */
  maxConnections: number;
  /** New WebSocket/SSE connections per second and burst, per remote address. */
  connectRate: { perSecond: number; burst: number };
  /** `frame-ancestors` of the wallboard page's CSP. */
  frameAncestors: string;
}
