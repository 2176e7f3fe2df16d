/**
 * The HTTP room: a hono app serving REST (`/api/v1/*`), SSE
 * (`/api/v1/stream`), the WebSocket upgrade (`/ws`), `/healthz`, `/readyz`,
 * `/metrics` and the wallboard page.
 *
 * @example
 * ```ts
 * import { createApp } from "./src/http/mod.ts";
 *
 * const app = createApp({ realtime, auth, settings, clock, log, page });
 * Deno.serve((req, info) => app.fetch(req, { remoteAddr: info.remoteAddr }));
 * ```
 *
 * @module
 */

export { createApp, DEFAULT_CONNECT_RATE } from "./app.ts";
export type { AppEnv, AppOptions, RateLimit } from "./options.ts";
export { type ErrorBody, errorBody, type HttpErrorCode } from "./_errors.ts";
export { originAllowed } from "./_origin.ts";
export { type HttpSettings, readHttpSettings } from "./settings.ts";
