/**
 * Process helpers of the load benchmarks: line readers, `/proc` readings
 * (RSS, CPU ticks, descendants), free ports, readiness polling and a
 * bounded tree kill. Linux only (`/proc`).
 *
 * @module
 */

/** Splits a byte stream into text lines (without the line ends). */
export async function* lines(
  readable: ReadableStream<Uint8Array<ArrayBuffer>>,
): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of readable.pipeThrough(new TextDecoderStream())) {
    rest += chunk;
    let at: number;
    while ((at = rest.indexOf("\n")) >= 0) {
      yield rest.slice(0, at);
      rest = rest.slice(at + 1);
    }
  }
  if (rest) yield rest;
}

/**
 * Throws when this process may not read `/proc` (Deno asks for all
 * permissions, `-A`, to read it).
 */
export function assertProcAccess(): void {
  try {
    Deno.readTextFileSync(`/proc/${Deno.pid}/status`);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) {
      throw new TypeError(
        "Cannot read /proc: run with -A (Deno needs all permissions to read it)",
      );
    }
    throw error;
  }
}

/** `VmRSS` of a process in bytes, or null when it is gone. */
export function readRssBytes(pid: number): number | null {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** `utime + stime` of a process (all threads) in clock ticks, or null. */
export function readCpuTicks(pid: number): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of proc(5).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** Clock ticks per second (`getconf CLK_TCK`), 100 when unknown. */
export async function clockTicks(): Promise<number> {
  try {
    const out = await new Deno.Command("getconf", { args: ["CLK_TCK"] })
      .output();
    const n = Number(new TextDecoder().decode(out.stdout).trim());
    return Number.isInteger(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

/** The command line of a process, or "" when it is gone. */
export function cmdline(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ")
      .trim();
  } catch {
    return "";
  }
}

/** Every descendant of `pid`, parents before children. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    let tasks: string[] = [];
    try {
      tasks = [...Deno.readDirSync(`/proc/${p}/task`)].map((e) => e.name);
    } catch {
      continue;
    }
    for (const t of tasks) {
      let children = "";
      try {
        children = Deno.readTextFileSync(`/proc/${p}/task/${t}/children`);
      } catch {
        continue;
      }
      for (const c of children.trim().split(/\s+/).filter(Boolean)) {
        const child = Number(c);
        if (!out.includes(child)) {
          out.push(child);
          queue.push(child);
        }
      }
    }
  }
  return out;
}

/** True while `/proc/<pid>` exists. */
export function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops `root` and its descendants (by pid, children first): SIGTERM, then
 * SIGKILL to whatever still runs after `graceMs`.
 */
export async function killTree(
  root: Deno.ChildProcess,
  graceMs = 3_000,
): Promise<void> {
  const pids = [root.pid, ...descendants(root.pid)].reverse();
  for (const pid of pids) signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const pid of pids) if (alive(pid)) signal(pid, "SIGKILL");
  await root.status.catch(() => {});
}

function signal(pid: number, sig: Deno.Signal): void {
  try {
    Deno.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** A TCP port that was free a moment ago. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Polls `url` until it answers with a status in `ok` (default 200), or
 * throws after `timeoutMs`.
 */
export async function waitHttp(
  url: string,
  timeoutMs: number,
  ok: readonly number[] = [200],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (ok.includes(res.status)) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `Cannot reach ${url}: ${last} after ${timeoutMs} ms`,
  );
}
