/**
 * The wallboard's static files: the ES modules, stylesheet and icon of
 * `web/` under `/app/<name>` (embedded by `deno compile --include web/`),
 * with their content type and an ETag, so a screen revalidates cheaply and
 * never runs a stale module after an upgrade.
 *
 * @module
 */

import type { Context, Hono } from "hono";
import { HttpError, quoted } from "./_errors.ts";
import type { AppEnv } from "./options.ts";

/** Names served: no folders, no dot files, only these types. */
const ASSET_NAME = /^[a-z][a-z0-9_]*\.(js|css|svg)$/;

const CONTENT_TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
};

/** One file ready to serve. */
export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  etag: string;
}

/** Reads one file of `web/` by name; null when it does not exist. */
export type ReadAsset = (
  name: string,
) => Promise<Uint8Array<ArrayBuffer> | null>;

/** Reads files from the `web/` folder next to `src/` (or embedded in the binary). */
export function readWebFile(
  dir: URL = new URL("../../web/", import.meta.url),
): ReadAsset {
  return async (name) => {
    try {
      return await Deno.readFile(new URL(name, dir));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    }
  };
}

/** Builds an asset of `body` with its content type and strong ETag. */
export async function assetOf(
  name: string,
  body: Uint8Array<ArrayBuffer>,
): Promise<Asset> {
  const ext = name.slice(name.lastIndexOf(".") + 1);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const hex = [...digest.slice(0, 12)]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  return {
    body,
    contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
    etag: `"${hex}"`,
  };
}

/**
 * Registers `GET /app/<name>` and `GET /favicon.ico`. `extra` assets (the
 * generated protocol module) win over files. Files are read once, on first
 * use; unknown names are a 404 JSON error.
 */
export function registerStatic(
  app: Hono<AppEnv>,
  read: ReadAsset,
  extra: ReadonlyMap<string, Promise<Asset>>,
): void {
  const cache = new Map<string, Promise<Asset | null>>();

  function load(name: string): Promise<Asset | null> {
    const ready = extra.get(name) ?? cache.get(name);
    if (ready) return ready;
    const pending = read(name).then((body) => body && assetOf(name, body));
    // Misses are not cached: the set of names asked for is unbounded.
    pending.then(
      (asset) => asset || cache.delete(name),
      () => cache.delete(name),
    );
    cache.set(name, pending);
    return pending;
  }

  async function serve(c: Context<AppEnv>, name: string): Promise<Response> {
    const asset = ASSET_NAME.test(name) ? await load(name) : null;
    if (!asset) {
      throw new HttpError(
        404,
        "not_found",
        `Cannot find asset ${quoted(name)}`,
      );
    }
    const headers = {
      "content-type": asset.contentType,
      "cache-control": "no-cache",
      etag: asset.etag,
      "x-content-type-options": "nosniff",
    };
    if (matches(c.req.header("if-none-match"), asset.etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(asset.body, { headers });
  }

  app.get("/app/*", (c) => serve(c, c.req.path.slice("/app/".length)));
  app.get("/favicon.ico", (c) => serve(c, "favicon.svg"));
}

/** Whether an `If-None-Match` header names `etag` (weak or strong, or `*`). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === `W/${etag}`;
  });
}
