/**
 * Subprocess helpers of the end-to-end tests: spawn `deno` with a clean
 * queuepulse environment, read its output line by line, wait for a line,
 * and make sure the process and everything it started are gone at the end
 * (SIGTERM, then SIGKILL as a last resort).
 *
 * @module
 */

import { guard } from "./_wait.ts";

/** The repository root (the tasks and deno.json live there). */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** Variables that configure queuepulse or the simulator (docs/configuration.md). */
const CONFIG_VARIABLE =
  /^(GENESYS_|AUTH_|SIM_|POLL_INTERVAL_MS$|AGGREGATE_INTERVAL_MS$|STALE_AFTER_MS$|TIMEZONE$|PORT$|KV_PATH$|ALLOWED_ORIGINS$|ALERT_RULES$|METRICS_TOKEN$|MAX_CONNECTIONS$|FRAME_ANCESTORS$|DENO_JOBS$|LOG_LEVEL$|HOSTNAME$|POLLER_ENABLED$|METRICS_QUEUES$|BOARDS$|PUSH_COMMIT_MS$|RECONCILE_INTERVAL_MS$|INIT_CWD$|DENO_DEPLOY$|OTEL_)/;

/** This process's environment without any queuepulse setting, plus `extra`. */
export function cleanEnv(
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(Deno.env.toObject())) {
    if (!CONFIG_VARIABLE.test(name)) env[name] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

/** A spawned process whose output is collected as lines. */
export class Spawned {
  readonly child: Deno.ChildProcess;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly status: Promise<Deno.CommandStatus>;
  #exited = false;
  #pumps: Promise<void>[];
  #wake: (() => void) | null = null;

  constructor(args: string[], env: Record<string, string>, cwd = ROOT) {
    this.child = new Deno.Command(Deno.execPath(), {
      args,
      env,
      clearEnv: true,
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#pumps = [
      this.#pump(this.child.stdout, this.stdout),
      this.#pump(this.child.stderr, this.stderr),
    ];
    this.status = this.child.status.finally(() => this.#exited = true);
  }

  /** The process id. */
  get pid(): number {
    return this.child.pid;
  }

  /** Waits (guarded) for a stdout or stderr line matching `pattern`. */
  async waitForLine(pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + ms;
    for (let seen = 0;;) {
      const lines = [...this.stderr, ...this.stdout];
      for (; seen < lines.length; seen++) {
        const match = lines[seen].match(pattern);
        if (match) return match;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `Cannot see a line matching ${pattern}: got\n${lines.join("\n")}`,
        );
      }
      await guard(
        new Promise<void>((resolve) => this.#wake = resolve),
        `see a line matching ${pattern}`,
        left,
      ).catch(() => {});
      seen = 0;
    }
  }

  /** Waits for the exit and for all output to be read. */
  async output(ms = 20_000): Promise<Deno.CommandStatus> {
    const status = await guard(this.status, "see the process exit", ms);
    await Promise.all(this.#pumps);
    return status;
  }

  /**
   * Ends the process: SIGTERM (which `deno task` and `scripts/start.ts`
   * pass on), then SIGKILL to it and every descendant still alive after
   * `graceMs`. Safe to call more than once.
   */
  async stop(graceMs = 5000): Promise<void> {
    // An exited process's id may belong to someone else by now.
    if (this.#exited) {
      await this.output();
      return;
    }
    // Known before the signal: orphans cannot be traced to us afterwards.
    const family = descendants(this.pid);
    signalAll([this.pid], "SIGTERM");
    const exited = await guard(this.status, "stop", graceMs).then(
      () => true,
      () => false,
    );
    const left = [...family, ...(exited ? [] : descendants(this.pid))];
    if (!exited) left.push(this.pid);
    // Grandchildren may outlive their parent; they hold the output pipes.
    signalAll(left.filter(alive), "SIGKILL");
    await this.output();
  }

  async #pump(stream: ReadableStream<Uint8Array<ArrayBuffer>>, into: string[]) {
    let rest = "";
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + text).split("\n");
      rest = parts.pop()!;
      into.push(...parts);
      this.#poke();
    }
    if (rest) into.push(rest);
    this.#poke();
  }

  #poke() {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/** Spawns `deno <args>` in `cwd` (the repository root) with `env` only. */
export function spawnDeno(
  args: string[],
  env: Record<string, string>,
  cwd = ROOT,
): Spawned {
  return new Spawned(args, env, cwd);
}

/** Ids of all processes below `pid`, parents before children (Linux /proc). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      let stat: string;
      try {
        stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      } catch {
        continue;
      }
      // "pid (comm) state ppid …"; comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry.name));
      children.set(ppid, list);
    }
  } catch {
    return [];
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** True while `pid` runs Deno (a recycled id of another program is left alone). */
function alive(pid: number): boolean {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).includes("deno");
  } catch {
    return false;
  }
}

function signalAll(pids: number[], signal: Deno.Signal): void {
  for (const pid of pids) {
    try {
      Deno.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** A GET on a new TCP connection (so `deno serve` may pick any isolate). */
export async function getFresh(port: number, path: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(
      new TextEncoder().encode(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      ),
    );
    const text = await guard(
      new Response(conn.readable).text(),
      `read GET ${path}`,
    );
    return text.slice(text.indexOf("\r\n\r\n") + 4);
  } catch (error) {
    try {
      conn.close();
    } catch {
      // Already closed by the readable stream.
    }
    throw error;
  }
}
