/**
 * queuepulse entry point that starts its own server: the `deno compile`
 * binary, `deno run`, and Deno Deploy (which runs its entry point with fixed
 * flags and waits for it to start an HTTP server). One isolate, serving on
 * `HOSTNAME`:`PORT` (defaults `0.0.0.0`:8000, those of `Deno.serve` itself).
 *
 * @module
 */

import { boot } from "./src/boot.ts";

const booted = await boot();
Deno.serve({
  port: booted.port,
  hostname: booted.hostname,
  onListen: booted.onListen,
}, booted.fetch);
