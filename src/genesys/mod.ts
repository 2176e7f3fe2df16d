/**
 * The Genesys Cloud room: regions, the OAuth token cache, the typed API
 * client, its errors, the permissions each call needs and the wire types.
 *
 * @example
 * ```ts
 * import { createGenesysClient, regionHosts, resolveRegion } from "./genesys/mod.ts";
 *
 * const api = createGenesysClient({
 *   ...regionHosts(resolveRegion("eu-west-1")),
 *   credentials: { clientId: "id", clientSecret: "secret" },
 *   fetch,
 *   clock: systemClock(),
 * });
 * const queues = await api.listQueues();
 * ```
 *
 * @module
 */

export * from "./types.ts";
export {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  type GenesysCredentials,
  type GenesysSettings,
  readGenesysSettings,
} from "./settings.ts";
export * from "./notification_types.ts";
export {
  DEFAULT_REGION,
  describeRegions,
  findRegion,
  GENESYS_REGIONS,
  regionChoices,
  type RegionHosts,
  regionHosts,
  resolveRegion,
} from "./regions.ts";
export {
  apiErrorFromAnswer,
  GenesysApiError,
  type GenesysApiErrorOptions,
  GenesysAuthError,
  type GenesysAuthFailure,
  MISSING_PERMISSION_CODES,
  retryAfterFrom,
} from "./errors.ts";
export {
  ENDPOINT_PERMISSIONS,
  type EndpointPermission,
  endpointPermissions,
  PERMISSION_PATTERN,
  TOPIC_PERMISSIONS,
  type TopicPermission,
  topicPermissions,
} from "./permissions.ts";
export type { FetchLike } from "./_http.ts";
export {
  createTokenCache,
  type TokenCache,
  type TokenCacheOptions,
} from "./token_cache.ts";
export { createGenesysClient, type GenesysClientOptions } from "./client.ts";
export { IDS_PER_CALL } from "./_queries.ts";
export {
  createNotificationClient,
  type GenesysNotifications,
  type NotificationClientOptions,
  type NotificationSession,
  type SessionOptions,
} from "./notifications.ts";
export { parseNotification } from "./_notification_parse.ts";
