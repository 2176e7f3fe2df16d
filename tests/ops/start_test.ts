/**
 * `deno task start` as an operator runs it, real process and real time
 * (bounded): every line it prints is one JSON object, and `./.env` of the
 * directory it was started from fills in what the environment does not set.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fdReserve, parseOpenFilesLimit } from "../../src/realtime/mod.ts";
import {
  cleanEnv,
  freePort,
  ROOT,
  spawnDeno,
  type Spawned,
} from "../_support/mod.ts";

const LISTENING = /Listening on http:\/\/[^\s"]*:(\d+)\//;
const TASK_LINE = /^Task start /;

/** `deno task start` started from `cwd` (which holds the `.env`). */
function startTask(cwd: string, env: Record<string, string>): Spawned {
  return spawnDeno(
    ["task", "--config", `${ROOT}deno.json`, "start"],
    cleanEnv(env),
    cwd,
  );
}

/** Every line parsed as JSON; `deno task`'s own `Task start …` line aside. */
function jsonLines(lines: string[]): Record<string, unknown>[] {
  return lines.filter((line) => line !== "").map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`Cannot parse output line as JSON: ${line}`);
    }
  });
}

function isolates(lines: string[]): number {
  return new Set(jsonLines(lines).map((line) => line.isolate)).size;
}

Deno.test("deno task start: every line is JSON, from both isolates, .env read under the environment", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-start-" });
  await Deno.writeTextFile(
    `${dir}/.env`,
    "# demo org, sales queues only\nGENESYS_QUEUES=Sales,Support\nLOG_LEVEL=error\n",
  );
  const port = freePort();
  const proc = startTask(dir, {
    PORT: String(port),
    KV_PATH: `${dir}/kv`,
    DENO_JOBS: "2",
    // Within any machine's open-file limit: no launcher line (next test).
    MAX_CONNECTIONS: "1000",
    LOG_LEVEL: "debug", // the environment wins over .env
  });
  try {
    await proc.waitForLine(LISTENING);
    let names: string[] = [];
    for (let tries = 0; names.length === 0 && tries < 100; tries++) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/queues`);
      const body = await res.json();
      if (res.status === 200) names = body.map((q: { name: string }) => q.name);
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(names.sort(), ["Sales", "Support"]);
    // Both isolates log their role (leader or standby) once booted.
    const deadline = Date.now() + 10_000;
    while (isolates(proc.stdout) < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
  const [task, ...stderr] = proc.stderr;
  assert.match(task, TASK_LINE);
  const out = jsonLines(proc.stdout);
  const err = jsonLines(stderr);
  assert.ok(out.length > 0);
  for (const line of out) {
    assert.ok(line.level === "debug" || line.level === "info", `${line.msg}`);
  }
  for (const line of err) {
    assert.ok(line.level === "warn" || line.level === "error", `${line.msg}`);
  }
  for (const line of [...out, ...err]) {
    assert.equal(typeof line.time, "string");
    assert.match(String(line.isolate), /^[0-9a-f]{8}$/);
  }
  assert.equal(isolates(proc.stdout), 2);
  assert.ok(out.some((line) => LISTENING.test(String(line.msg))));
});

Deno.test("deno task start: a malformed .env line stops it with one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-start-" });
  await Deno.writeTextFile(`${dir}/.env`, "PORT=8000\nGENESYS_CLIENT_SECRET\n");
  const proc = startTask(dir, {});
  try {
    const status = await proc.output();
    assert.equal(status.code, 1);
    const lines = proc.stderr.filter((line) => !TASK_LINE.test(line));
    assert.deepEqual(lines, [
      `error: Cannot parse ${dir}/.env: line 2 has no "=" (expected NAME=value)`,
    ]);
    assert.deepEqual(proc.stdout, []);
  } finally {
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task start: MAX_CONNECTIONS above the open-file limit is lowered, in one line", async () => {
  const { stdout } = await new Deno.Command("sh", {
    args: ["-c", "ulimit -n"],
  }).output();
  const limit = parseOpenFilesLimit(new TextDecoder().decode(stdout));
  if (limit === null) return; // no readable limit here: nothing to lower
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-start-" });
  const proc = startTask(dir, {
    PORT: String(freePort()),
    KV_PATH: `${dir}/kv`,
    DENO_JOBS: "2",
    MAX_CONNECTIONS: String(limit * 10),
  });
  let match: RegExpMatchArray;
  try {
    match = await proc.waitForLine(/^\{.*"msg":"Lowering MAX_CONNECTIONS.*$/);
    await proc.waitForLine(LISTENING);
  } finally {
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
  const line = JSON.parse(match[0]);
  assert.equal(line.level, "warn");
  assert.equal(
    line.msg,
    "Lowering MAX_CONNECTIONS: the open-file limit cannot carry it in every isolate, and at the limit the listener stops",
  );
  assert.deepEqual(
    [line.maxConnections, line.lowered, line.openFilesLimit, line.isolates],
    [limit * 10, Math.floor((limit - fdReserve(limit)) / 2), limit, 2],
  );
});
