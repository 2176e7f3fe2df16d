/**
 * Genesys Cloud regions: AWS-style region names, their domains, and the API
 * and login hosts derived from a domain.
 *
 * Source of the list: the region host table of Genesys' JavaScript Platform
 * SDK (MyPureCloud/platform-client-sdk-javascript,
 * `PureCloudRegionHosts.js`, v259).
 *
 * @module
 */

/** AWS-style region key (underscore form, as the SDKs spell it) → region domain. */
export const GENESYS_REGIONS: Readonly<Record<string, string>> = Object.freeze({
  us_east_1: "mypurecloud.com",
  eu_west_1: "mypurecloud.ie",
  ap_southeast_2: "mypurecloud.com.au",
  ap_northeast_1: "mypurecloud.jp",
  eu_central_1: "mypurecloud.de",
  us_west_2: "usw2.pure.cloud",
  ca_central_1: "cac1.pure.cloud",
  ap_northeast_2: "apne2.pure.cloud",
  eu_west_2: "euw2.pure.cloud",
  ap_south_1: "aps1.pure.cloud",
  us_east_2: "use2.us-gov-pure.cloud",
  sa_east_1: "sae1.pure.cloud",
  me_central_1: "mec1.pure.cloud",
  ap_northeast_3: "apne3.pure.cloud",
  eu_central_2: "euc2.pure.cloud",
  mx_central_1: "mxc1.pure.cloud",
  ap_southeast_1: "apse1.pure.cloud",
  eusc_de_east_1: "edee1.eusc-pure.cloud",
});

/** The default region domain (`us-east-1`). */
export const DEFAULT_REGION = "mypurecloud.com";

/** The API and login base URLs of a region (no trailing slash). */
export interface RegionHosts {
  /** `https://api.<domain>` */
  apiUrl: string;
  /** `https://login.<domain>` */
  loginUrl: string;
}

/**
 * Finds the domain of a region given as a domain (`mypurecloud.ie`, also
 * `api.mypurecloud.ie` or `login.mypurecloud.ie`) or as an AWS-style name
 * (`eu-west-1`, `eu_west_1`); case-insensitive. Returns null when unknown.
 */
export function findRegion(value: string): string | null {
  const text = value.trim().toLowerCase();
  const domain = text.replace(/^(api|login)\./, "");
  if (Object.values(GENESYS_REGIONS).includes(domain)) return domain;
  return GENESYS_REGIONS[text.replaceAll("-", "_")] ?? null;
}

/** Every accepted spelling, for error messages: domains first, then AWS names. */
export function regionChoices(): { domains: string[]; names: string[] } {
  return {
    domains: Object.values(GENESYS_REGIONS),
    names: Object.keys(GENESYS_REGIONS).map((key) => key.replaceAll("_", "-")),
  };
}

/**
 * Resolves a region (domain or AWS-style name) to its domain.
 *
 * @throws {RangeError} when the region is unknown; the message lists the
 * accepted values.
 * @example
 * ```ts
 * resolveRegion("eu-west-1"); // "mypurecloud.ie"
 * resolveRegion("login.usw2.pure.cloud"); // "usw2.pure.cloud"
 * ```
 */
export function resolveRegion(value: string): string {
  const domain = findRegion(value);
  if (domain !== null) return domain;
  throw new RangeError(
    `Cannot resolve Genesys region: unknown region "${value}" (${describeRegions()})`,
  );
}

/** `expected one of: <domains>, or <aws names>` for error messages. */
export function describeRegions(): string {
  const { domains, names } = regionChoices();
  return `expected one of: ${domains.join(", ")}, or ${names.join(", ")}`;
}

/**
 * The API and login base URLs of a region domain.
 *
 * @example
 * ```ts
 * regionHosts("mypurecloud.ie");
 * // { apiUrl: "https://api.mypurecloud.ie", loginUrl: "https://login.mypurecloud.ie" }
 * ```
 */
export function regionHosts(domain: string): RegionHosts {
  return {
    apiUrl: `https://api.${domain}`,
    loginUrl: `https://login.${domain}`,
  };
}
