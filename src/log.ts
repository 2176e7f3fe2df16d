/**
 * The injected logger: one JSON line per event on stderr by default. Values
 * registered as secrets are replaced by `[redacted]` before anything is
 * written, wherever they appear.
 *
 * @module
 */

import type { EnvReader } from "./env.ts";

/** Log severities, lowest first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** Log severity. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Reads `LOG_LEVEL` (default `info`); throws a `ConfigError` on a bad value. */
export function readLogLevel(read: EnvReader): LogLevel {
  return read.choice("LOG_LEVEL", LOG_LEVELS, "info");
}

/** A structured logger. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Registers a value that must never be written (secrets, tokens). */
  redact(secret: string): void;
}

/** Options of {@linkcode createLogger}. */
export interface LoggerOptions {
  /** Where lines go; defaults to `console.error`. */
  write?: (line: string) => void;
  /** Lowest level written; defaults to `info`. */
  level?: LogLevel;
  /** Clock for the timestamp; defaults to `Date.now`. */
  now?: () => number;
}

const ORDER: Record<LogLevel, number> = {
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
};
const MIN_SECRET_LENGTH = 4;

/**
 * Creates a logger that writes JSON lines and redacts registered secrets and
 * anything that looks like a bearer token or JWT.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: "warn" });
 * log.redact("s3cret");
 * log.warn("Cannot refresh token", { detail: "secret s3cret refused" });
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => console.error(line));
  const min = ORDER[options.level ?? "info"];
  const now = options.now ?? Date.now;
  const secrets = new Set<string>();

  function emit(
    level: LogLevel,
    msg: string,
    fields?: Record<string, unknown>,
  ) {
    if (ORDER[level] < min) return;
    const line = JSON.stringify({
      time: new Date(now()).toISOString(),
      level,
      msg,
      ...fields,
    }, errorReplacer);
    write(redactText(line, secrets));
  }

  return {
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    redact(secret: string) {
      if (secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
    },
  };
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  const noop = () => {};
  return { debug: noop, info: noop, warn: noop, error: noop, redact: noop };
}

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+\/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** Replaces every registered secret, bearer credential and JWT in `text`. */
export function redactText(text: string, secrets: Iterable<string>): string {
  let out = text.replace(BEARER, "$1 [redacted]").replace(JWT, "[redacted]");
  for (const secret of secrets) out = out.replaceAll(secret, "[redacted]");
  return out;
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message };
  }
  return value;
}
