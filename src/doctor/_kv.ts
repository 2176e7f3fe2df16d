/**
 * The doctor's KV check: open `KV_PATH`, then write, read back and delete
 * one entry under `["qp", "doctor"]`, a prefix nothing else uses.
 *
 * @module
 */

import { type DoctorRow, fail, ok } from "./_row.ts";

const CHECK = "kv";

/** How the doctor opens KV; `Deno.openKv` fits. */
export type KvOpener = (path?: string) => Promise<Deno.Kv>;

/** Opens KV at `path` (null = Deno's default) and round-trips one entry. */
export async function checkKv(
  open: KvOpener,
  path: string | null,
  now: number,
): Promise<DoctorRow> {
  const where = path === null ? "KV_PATH unset: Deno's default" : path;
  let kv: Deno.Kv;
  try {
    kv = await open(path ?? undefined);
  } catch (error) {
    return fail(CHECK, `Cannot open KV (${where}): ${message(error)}`);
  }
  const key = ["qp", "doctor", crypto.randomUUID()];
  try {
    const written = await kv.set(key, { at: now }, { expireIn: 60_000 });
    const read = await kv.get(key);
    if (read.versionstamp !== written.versionstamp) {
      return fail(CHECK, `${where}: the entry written did not read back`);
    }
    await kv.delete(key);
    if ((await kv.get(key)).versionstamp !== null) {
      return fail(CHECK, `${where}: the entry outlived its delete`);
    }
    return ok(CHECK, `${where}: wrote, read and deleted ["qp","doctor",…]`);
  } catch (error) {
    return fail(CHECK, `${where}: ${message(error)}`);
  } finally {
    kv.close();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
