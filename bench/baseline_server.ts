/**
 * The fan-out baseline: a minimal `deno serve` WebSocket server with no
 * protocol, no filter and no KV. Every isolate keeps its own sockets and,
 * on a timer aligned to whole intervals, encodes one message of
 * `BASELINE_BYTES` bytes (with `committedAt` set at broadcast time) and
 * sends that same string to every socket. Run it the way the service runs:
 *
 * ```sh
 * DENO_JOBS=2 BASELINE_BYTES=2400 deno serve --parallel --allow-env --port 8124 bench/baseline_server.ts
 * ```
 *
 * Any path upgrades to a WebSocket; a plain GET answers `ok`.
 *
 * @module
 */

import { createBaselineServer, optionsFromEnv } from "./_baseline.ts";

/** The handler `deno serve` runs, configured from the environment. */
export default createBaselineServer(
  optionsFromEnv((name) => Deno.env.get(name)),
) satisfies Deno.ServeDefaultExport;
