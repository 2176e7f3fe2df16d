import assert from "node:assert/strict";
import {
  createLogger,
  createLogWriter,
  type LogLevel,
  logSinkFor,
} from "../../src/log.ts";
import { ROOT } from "../_support/mod.ts";

function env(vars: Record<string, string>) {
  return { get: (name: string) => vars[name] };
}

Deno.test("createLogger() writes one JSON object per line with the isolate field", () => {
  const lines: [string, LogLevel][] = [];
  const log = createLogger({
    write: (line, level) => lines.push([line, level]),
    level: "info",
    now: () => Date.UTC(2026, 11, 1, 9, 0, 0),
    fields: { isolate: "0a1b2c3d" },
  });
  log.redact("hunter22");
  log.debug("dropped below info");
  log.info("Polling as leader", { owner: "o-1" });
  log.error("Cannot refresh token", {
    error: new TypeError("hunter22 refused"),
  });
  assert.deepEqual(lines, [
    [
      '{"time":"2026-12-01T09:00:00.000Z","level":"info","msg":"Polling as leader","isolate":"0a1b2c3d","owner":"o-1"}',
      "info",
    ],
    [
      '{"time":"2026-12-01T09:00:00.000Z","level":"error","msg":"Cannot refresh token","isolate":"0a1b2c3d","error":{"name":"TypeError","message":"[redacted] refused"}}',
      "error",
    ],
  ]);
});

Deno.test("logSinkFor() picks console on Deno Deploy and with OpenTelemetry, streams elsewhere", () => {
  assert.equal(logSinkFor(env({})), "streams");
  assert.equal(logSinkFor(env({ DENO_DEPLOY: "true" })), "console");
  assert.equal(logSinkFor(env({ OTEL_DENO: "TRUE" })), "console");
  assert.equal(logSinkFor(env({ OTEL_DENO: "false" })), "streams");
});

Deno.test("the streams sink: info on stdout, warn and error on stderr, no worker prefix", async () => {
  const script = `
    import { createLogWriter } from "${ROOT}src/log.ts";
    const write = createLogWriter("streams");
    write('{"n":1}', "debug");
    write('{"n":2}', "info");
    write('{"n":3}', "warn");
    write('{"n":4}', "error");
    export default { fetch: () => new Response("") };
  `;
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-log-" });
  try {
    await Deno.writeTextFile(`${dir}/entry.ts`, script);
    // Two isolates of `deno serve --parallel`, which prefixes console lines.
    const child = new Deno.Command(Deno.execPath(), {
      args: ["serve", "-q", "--parallel", "--port", "0", `${dir}/entry.ts`],
      env: { DENO_JOBS: "2", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const out = await readLines(child.stdout, 4);
    const err = await readLines(child.stderr, 4);
    child.kill("SIGKILL");
    await child.status;
    assert.deepEqual(out.sort(), ['{"n":1}', '{"n":1}', '{"n":2}', '{"n":2}']);
    assert.deepEqual(err.sort(), ['{"n":3}', '{"n":3}', '{"n":4}', '{"n":4}']);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the console sink maps levels to console methods", () => {
  const calls: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  console.log = (line: string) => calls.push(`log ${line}`);
  console.warn = (line: string) => calls.push(`warn ${line}`);
  console.error = (line: string) => calls.push(`error ${line}`);
  try {
    const write = createLogWriter("console");
    for (const level of ["debug", "info", "warn", "error"] as const) {
      write(level, level);
    }
  } finally {
    Object.assign(console, saved);
  }
  assert.deepEqual(calls, [
    "log debug",
    "log info",
    "warn warn",
    "error error",
  ]);
});

/** The first `count` lines of `stream`, then the rest cancelled. */
async function readLines(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
  count: number,
): Promise<string[]> {
  const lines: string[] = [];
  let text = "";
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => reader.cancel(), 10_000);
  try {
    while (lines.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      const parts = text.split("\n");
      text = parts.pop()!;
      lines.push(...parts);
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel();
  }
  return lines;
}
