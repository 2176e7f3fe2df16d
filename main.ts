/**
 * queuepulse entry point for `deno serve` (`deno task start`, the container
 * image). Each isolate boots its own service; only the lease holder polls.
 * Deno Deploy and `deno compile` use `bin.ts`, which starts its own server.
 *
 * @module
 */

import { boot } from "./src/boot.ts";

export default (await boot()) satisfies Deno.ServeDefaultExport;
