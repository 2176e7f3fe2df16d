/**
 * What one `WebSocket.send` of a large frame costs a Deno server, per socket
 * and after the frame went out: a bare server (a child process) sends one
 * frame of `--bytes` to each of `--sockets` open sockets, and reports its RSS
 * growth. Run with and without `DENO_USE_WRITEV` (vectored writes, which the
 * service turns on), one socket at a time (`seq`: each drained before the
 * next), all in one loop (`burst`), or in slices with a turn between them
 * (`paced`, as the hub sends). Prints markdown rows on stdout.
 *
 * ```sh
 * deno run -A bench/ws_retention.ts --sockets 500 --bytes 260000
 * ```
 *
 * Flags: `--sockets N` (500, at most 5,000), `--bytes B` (260,000, at most
 * 1 MiB), `--modes seq,burst,paced` (all three).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { freePort, readRssBytes } from "./_proc.ts";

/** How the server sends its frame to the sockets. */
export type SendMode = "seq" | "burst" | "paced";

/** Parsed flags of `ws_retention.ts`. */
export interface RetentionArgs {
  sockets: number;
  bytes: number;
  modes: SendMode[];
}

/** Parses the flags; a bad value throws a RangeError. */
export function parseRetentionArgs(args: string[]): RetentionArgs {
  const { values } = parseArgs({
    args,
    options: {
      sockets: { type: "string", default: "500" },
      bytes: { type: "string", default: "260000" },
      modes: { type: "string", default: "seq,burst,paced" },
    },
  });
  const int = (name: string, text: string, max: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new RangeError(
        `Cannot parse --${name}: "${text}" is not an integer in [1, ${max}]`,
      );
    }
    return n;
  };
  const modes = values.modes.split(",").map((m) => m.trim());
  for (const mode of modes) {
    if (mode !== "seq" && mode !== "burst" && mode !== "paced") {
      throw new RangeError(
        `Cannot parse --modes: "${mode}" is not seq, burst or paced`,
      );
    }
  }
  return {
    sockets: int("sockets", values.sockets, 5000),
    bytes: int("bytes", values.bytes, 1 << 20),
    modes: modes as SendMode[],
  };
}

/** The child: a bare server that sends on `GET /send?mode=…`. */
function serve(port: number, bytes: number): void {
  const sockets: WebSocket[] = [];
  const frame = JSON.stringify({ type: "snapshot", pad: "x".repeat(bytes) });
  const turn = () => new Promise((resolve) => setTimeout(resolve, 0));
  Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    if (req.headers.get("upgrade") === "websocket") {
      const { socket, response } = Deno.upgradeWebSocket(req);
      socket.onopen = () => sockets.push(socket);
      return response;
    }
    const url = new URL(req.url);
    if (url.pathname !== "/send") return new Response("ok");
    const mode = url.searchParams.get("mode") as SendMode;
    for (const [i, socket] of sockets.entries()) {
      socket.send(frame);
      if (mode === "seq") {
        while (socket.bufferedAmount > 0) await turn();
      } else if (mode === "paced" && i % 16 === 15) await turn();
    }
    while (sockets.some((s) => s.bufferedAmount > 0)) await turn();
    return new Response("sent");
  });
}

/** One measurement: RSS growth per socket of one send to every socket. */
async function measure(
  a: RetentionArgs,
  mode: SendMode,
  writev: boolean,
): Promise<string> {
  const port = freePort();
  const env: Record<string, string> = writev ? { DENO_USE_WRITEV: "1" } : {};
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      import.meta.filename!,
      "--serve",
      String(port),
      String(a.bytes),
    ],
    env,
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const sockets: WebSocket[] = [];
  try {
    await waitUp(port);
    for (let i = 0; i < a.sockets; i += 50) {
      await Promise.all(
        Array.from(
          { length: Math.min(50, a.sockets - i) },
          () =>
            new Promise<void>((resolve, reject) => {
              const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
              ws.onopen = () => resolve();
              ws.onerror = () => reject(new Error("Cannot open a socket"));
              sockets.push(ws);
            }),
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = readRssBytes(child.pid)!;
    const res = await fetch(`http://127.0.0.1:${port}/send?mode=${mode}`, {
      signal: AbortSignal.timeout(120_000),
    });
    await res.text();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = readRssBytes(child.pid)!;
    const perSocket = (after - before) / a.sockets / 1024;
    return `| ${
      writev ? "on" : "off"
    } | ${mode} | ${a.sockets} | ${a.bytes} | ${
      (before / 2 ** 20).toFixed(1)
    } → ${(after / 2 ** 20).toFixed(1)} | ${perSocket.toFixed(1)} |`;
  } finally {
    for (const ws of sockets) ws.close();
    child.kill();
    await child.status;
  }
}

async function waitUp(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      signal: AbortSignal.timeout(1000),
    }).catch(() => null); // not up yet
    if (res) return void await res.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Cannot reach the server on port ${port}`);
}

async function main(): Promise<number> {
  if (Deno.args[0] === "--serve") {
    serve(Number(Deno.args[1]), Number(Deno.args[2]));
    return -1;
  }
  let a: RetentionArgs;
  try {
    a = parseRetentionArgs(Deno.args);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  console.log(
    "| writev | send | sockets | frame B | server RSS before → after MiB | KiB per socket |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const writev of [false, true]) {
    for (const mode of a.modes) console.log(await measure(a, mode, writev));
  }
  return 0;
}

if (import.meta.main) {
  const code = await main();
  if (code >= 0) Deno.exit(code);
}
