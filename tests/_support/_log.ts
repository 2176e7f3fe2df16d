/**
 * A logger that keeps what it is told, for tests that assert log lines.
 *
 * @module
 */

import type { Logger, LogLevel } from "../../src/log.ts";

/** One line as the code under test wrote it. */
export interface LogLine {
  level: LogLevel;
  msg: string;
  fields?: Record<string, unknown>;
}

/** A logger and every line it was given, in order. */
export function recordingLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  function at(level: LogLevel) {
    return (msg: string, fields?: Record<string, unknown>) => {
      lines.push(
        fields === undefined ? { level, msg } : { level, msg, fields },
      );
    };
  }
  const log: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    redact: () => {},
  };
  return { log, lines };
}

/** `level msg` of each line at `level` or above (debug lines left out by default). */
export function logSummary(
  lines: readonly LogLine[],
  from: LogLevel = "info",
): string[] {
  const order = ["debug", "info", "warn", "error"];
  return lines.filter((l) => order.indexOf(l.level) >= order.indexOf(from))
    .map((l) => `${l.level} ${l.msg}`);
}
