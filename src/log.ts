/**
 * The injected logger: one JSON object per line, debug and info on stdout,
 * warn and error on stderr. Values registered as secrets are replaced by
 * `[redacted]` before anything is written, wherever they appear.
 *
 * The default sink writes to `Deno.stdout` / `Deno.stderr` directly: under
 * `deno serve --parallel` the runtime prefixes every `console` line with
 * `[serve-worker-N ]`, which would break the JSON lines. Deno Deploy and
 * Deno's OpenTelemetry export capture logs from the `console` API only, so
 * there the `console` sink is chosen (see {@linkcode logSinkFor}).
 *
 * @module
 */

import type { EnvReader, EnvSource } from "./env.ts";

/** Log severities, lowest first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** Log severity. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Reads `LOG_LEVEL` (default `info`); throws a `ConfigError` on a bad value. */
export function readLogLevel(read: EnvReader): LogLevel {
  return read.choice("LOG_LEVEL", LOG_LEVELS, "info");
}

/** Where lines go: the process's streams, or the `console` API. */
export type LogSink = "streams" | "console";

/**
 * The sink for this runtime: `console` on Deno Deploy (`DENO_DEPLOY=true`)
 * or with Deno's OpenTelemetry export on (`OTEL_DENO=true`), else `streams`.
 */
export function logSinkFor(env: EnvSource): LogSink {
  const on = (name: string) => env.get(name)?.trim().toLowerCase() === "true";
  return on("DENO_DEPLOY") || on("OTEL_DENO") ? "console" : "streams";
}

/** Writes one line of `level`; warn and error go to stderr. */
export type LogWriter = (line: string, level: LogLevel) => void;

/** A writer for `sink`. */
export function createLogWriter(sink: LogSink): LogWriter {
  if (sink === "console") {
    return (line, level) => {
      if (level === "error") console.error(line);
      else if (level === "warn") console.warn(line);
      else console.log(line);
    };
  }
  const encoder = new TextEncoder();
  return (line, level) => {
    const out = level === "warn" || level === "error"
      ? Deno.stderr
      : Deno.stdout;
    const bytes = encoder.encode(line + "\n");
    try {
      for (let at = 0; at < bytes.length;) {
        at += out.writeSync(bytes.subarray(at));
      }
    } catch {
      // A closed stream (the reader went away) must not fail the caller.
    }
  };
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
  /** Where lines go; defaults to the `streams` sink. */
  write?: LogWriter;
  /** Lowest level written; defaults to `info`. */
  level?: LogLevel;
  /** Clock for the timestamp; defaults to `Date.now`. */
  now?: () => number;
  /** Fields of every line, after time, level and msg (e.g. the isolate). */
  fields?: Record<string, unknown>;
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
  const write = options.write ?? createLogWriter("streams");
  const base = options.fields ?? {};
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
      ...base,
      ...fields,
    }, errorReplacer);
    write(redactText(line, secrets), level);
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
