/**
 * The HTTP room's settings: where to listen, who may connect cross-site,
 * connection rate limits, `/metrics` protection and per-queue gauges, the
 * page's frame ancestors, and the boards file.
 *
 * @module
 */

import type { EnvReader } from "../env.ts";
import type { RateLimit } from "./_rate_limit.ts";

/** How the HTTP server listens and what it lets in. */
export interface HttpSettings {
  /** `PORT`: listen port (0 = any free port). */
  port: number;
  /** `HOSTNAME`: listen address; default `0.0.0.0` (every interface). */
  hostname: string;
  /** `ALLOWED_ORIGINS`: origins allowed cross-site (exact `scheme://host[:port]`). */
  allowedOrigins: string[];
  /** `METRICS_TOKEN`: bearer token protecting `/metrics`; null = open. */
  metricsToken: string | null;
  /**
   * `METRICS_QUEUES`: per-queue gauges on `/metrics`; null (unset) = on up
   * to 500 queues.
   */
  metricsQueues: boolean | null;
  /** `CONNECT_RATE_PER_SECOND` / `CONNECT_RATE_BURST`, per remote address. */
  connectRate: RateLimit;
  /** `FRAME_ANCESTORS`: the `frame-ancestors` sources of the page's CSP. */
  frameAncestors: string;
  /** `BOARDS`: path of the boards JSON file; null = the default board only. */
  boardsPath: string | null;
}

/** Reads the HTTP settings; throws a `ConfigError` on the first bad value. */
export function readHttpSettings(read: EnvReader): HttpSettings {
  return {
    port: read.int("PORT", 8000, 0, 65535),
    hostname: readHostname(read),
    allowedOrigins: readOrigins(read),
    metricsToken: read.string("METRICS_TOKEN"),
    metricsQueues: read.bool("METRICS_QUEUES"),
    connectRate: {
      perSecond: read.int("CONNECT_RATE_PER_SECOND", 50, 1),
      burst: read.int("CONNECT_RATE_BURST", 200, 1),
    },
    frameAncestors: readFrameAncestors(read),
    boardsPath: read.string("BOARDS"),
  };
}

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^\[?[0-9A-Fa-f:.]+\]?$/;

function readHostname(read: EnvReader): string {
  const value = read.string("HOSTNAME");
  if (value === null) return "0.0.0.0";
  if (HOST_NAME.test(value)) return value;
  if (IPV6.test(value) && value.includes(":")) {
    return value.replace(/^\[|\]$/g, "");
  }
  return read.fail(
    "HOSTNAME",
    `invalid value "${value}" (expected a listen address such as 0.0.0.0, 127.0.0.1, :: or a host name)`,
  );
}

function readOrigins(read: EnvReader): string[] {
  const origins = new Set<string>();
  for (const item of read.list("ALLOWED_ORIGINS")) {
    const url = URL.parse(item);
    const ok = url !== null &&
      (url.protocol === "http:" || url.protocol === "https:") &&
      url.pathname === "/" && !url.search && !url.hash &&
      !url.username && !url.password && !/[?#]/.test(item);
    if (!ok) {
      read.fail(
        "ALLOWED_ORIGINS",
        `invalid origin "${item}" (expected a comma-separated list of origins such as https://wall.example.com or http://localhost:8080, without path or "*")`,
      );
    }
    origins.add(url!.origin);
  }
  return [...origins];
}

function readFrameAncestors(read: EnvReader): string {
  const value = read.string("FRAME_ANCESTORS");
  if (value === null) return "'self'";
  if (/[;,\r\n]/.test(value)) {
    read.fail(
      "FRAME_ANCESTORS",
      `invalid value "${value}" (expected space-separated CSP sources such as 'self' https://portal.example.com, without ";" or ",")`,
    );
  }
  return value;
}
