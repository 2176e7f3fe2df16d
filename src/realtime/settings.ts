/**
 * The real-time room's settings: when data counts as stale, and how many
 * screens one isolate serves.
 *
 * @module
 */

import type { EnvReader } from "../env.ts";

/** Freshness and capacity of the fan-out. */
export interface RealtimeSettings {
  /** `STALE_AFTER_MS`: no successful poll for this long makes data stale. */
  staleAfterMs: number;
  /** `MAX_CONNECTIONS`: WebSocket + SSE connections one isolate serves. */
  maxConnections: number;
}

/** Reads the real-time settings; throws a `ConfigError` on the first bad value. */
export function readRealtimeSettings(read: EnvReader): RealtimeSettings {
  return {
    staleAfterMs: read.int("STALE_AFTER_MS", 12_000, 1),
    maxConnections: read.int("MAX_CONNECTIONS", 10_000, 1),
  };
}
