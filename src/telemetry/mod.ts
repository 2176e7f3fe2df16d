/**
 * The telemetry room: what queuepulse measures and how it reaches an
 * operator. Each isolate records its own figures; they are shared through
 * Deno KV so that a scrape of any isolate, under `deno serve --parallel` or
 * on any Deno Deploy instance, answers for the whole deployment.
 *
 * @module
 */

export {
  createTelemetry,
  FRESH_MS,
  PUBLISH_INTERVAL_MS,
  type Telemetry,
  type TelemetryOptions,
} from "./telemetry.ts";
export { METRICS_CONTENT_TYPE } from "./_exposition.ts";
export {
  ALL_FAMILIES,
  DEPLOYMENT_FAMILIES,
  type Family,
  ISOLATE_FAMILIES,
  QUEUE_FAMILIES,
} from "./_families.ts";
export { MAX_DEFAULT_QUEUES } from "./_queues.ts";
