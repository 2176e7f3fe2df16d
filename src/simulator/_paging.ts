/**
 * Paged entity listings (`pageSize`, `pageNumber`, `…Uri`) and positive
 * integer query parameters.
 *
 * @module
 */

import { badRequest } from "./_errors.ts";

/** Requested page. */
export interface Paging {
  pageSize: number;
  pageNumber: number;
}

/** Default page size of listings. */
export const DEFAULT_PAGE_SIZE = 25;
/** Largest page size the simulator accepts. */
export const MAX_PAGE_SIZE = 500;

/** Reads `pageSize` (1..500, default 25) and `pageNumber` (≥ 1, default 1). */
export function parsePaging(url: URL): Paging {
  return {
    pageSize: intParam(url, "pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    pageNumber: intParam(url, "pageNumber", 1, Number.MAX_SAFE_INTEGER),
  };
}

/** A positive integer query parameter (1..`max`, `fallback` when absent); 400 otherwise. */
export function intParam(
  url: URL,
  name: string,
  fallback: number,
  max: number,
): number {
  const text = url.searchParams.get(name);
  if (text === null) return fallback;
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) {
    throw badRequest(
      `Cannot parse ${name}: "${text}" is not a positive integer`,
    );
  }
  const value = Number(text);
  if (value > max) {
    throw badRequest(
      `Cannot parse ${name}: ${value} is above the maximum of ${max}`,
    );
  }
  return value;
}

/** All values of a repeatable query parameter; commas also separate values. */
export function listParam(url: URL, name: string): string[] {
  return url.searchParams.getAll(name).flatMap((v) => v.split(","))
    .map((v) => v.trim()).filter((v) => v !== "");
}

/** A page of `all` as an entity listing with Genesys's URI fields. */
export function pageOf<T>(
  url: URL,
  all: readonly T[],
  paging: Paging,
): Record<string, unknown> {
  const { pageSize, pageNumber } = paging;
  const total = all.length;
  const pageCount = Math.ceil(total / pageSize);
  const rest = new URLSearchParams(url.search);
  rest.delete("pageSize");
  rest.delete("pageNumber");
  const tail = rest.size > 0 ? `&${rest}` : "";
  const uri = (page: number) =>
    `${url.pathname}?pageSize=${pageSize}&pageNumber=${page}${tail}`;
  const out: Record<string, unknown> = {
    entities: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(Math.max(1, pageCount)),
  };
  if (pageNumber < pageCount) out.nextUri = uri(pageNumber + 1);
  if (pageNumber > 1) {
    out.previousUri = uri(Math.min(pageNumber - 1, Math.max(1, pageCount)));
  }
  return out;
}
