/**
 * queuepulse entry point for the `deno compile` binary: one isolate that
 * serves on `HOSTNAME`:`PORT` itself.
 *
 * @module
 */

import { boot } from "./src/boot.ts";

const booted = await boot();
Deno.serve({ port: booted.port, hostname: booted.hostname }, booted.fetch);
