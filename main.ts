/**
 * queuepulse entry point for `deno serve` (and Deno Deploy). Each isolate
 * boots its own service; only the lease holder polls Genesys.
 *
 * @module
 */

import { boot } from "./src/boot.ts";

export default (await boot()) satisfies Deno.ServeDefaultExport;
