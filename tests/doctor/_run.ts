/**
 * Runs `deno task doctor` as a real child process from a directory of the
 * test's choosing (where its `.env` lives), with none of this process's
 * queuepulse settings, and reads the table back.
 *
 * @module
 */

import type { DoctorResult, DoctorRow } from "../../src/doctor/mod.ts";

const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

/** Variables that configure queuepulse or the simulator. */
const SETTING =
  /^(GENESYS_|AUTH_|SIM_|METRICS_|POLL|KV_PATH$|TIMEZONE$|LOG_LEVEL$|INIT_CWD$|DENO_DEPLOY|OTEL_|BOARDS$|ALERT_RULES$|PORT$|HOSTNAME$)/;

/** What a run printed and how it ended. */
export interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deno task doctor` in `cwd` with `vars` as the only settings. */
export async function runDoctorTask(
  cwd: string,
  vars: Record<string, string>,
): Promise<DoctorRun> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(Deno.env.toObject())) {
    if (!SETTING.test(name)) env[name] = value;
  }
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "--config", CONFIG, "doctor"],
    cwd,
    env: { ...env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...vars },
    clearEnv: true,
    stdin: "null",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const text = new TextDecoder();
  return {
    code: output.code,
    stdout: text.decode(output.stdout),
    stderr: text.decode(output.stderr),
  };
}

/** Reads the rows of a rendered table back, by the header's columns. */
export function parseTable(table: string): DoctorRow[] {
  const [header, ...lines] = table.trimEnd().split("\n");
  const result = header.indexOf("RESULT");
  const detail = header.indexOf("DETAIL");
  if (!header.startsWith("CHECK") || result < 0 || detail < 0) {
    throw new SyntaxError(`Cannot parse doctor table: header is "${header}"`);
  }
  return lines.map((line) => ({
    check: line.slice(0, result).trimEnd(),
    result: line.slice(result, detail).trimEnd() as DoctorResult,
    detail: line.slice(detail),
  }));
}
