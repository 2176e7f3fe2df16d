import assert from "node:assert/strict";
import { parseEnvFile } from "../../src/env_file.ts";
import { loadConfig } from "../../src/config.ts";

const ROOT = new URL("../../", import.meta.url);

/** The variables of docs/configuration.md's table (first column). */
async function documented(): Promise<string[]> {
  const doc = await Deno.readTextFile(new URL("docs/configuration.md", ROOT));
  const names = doc.split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => line.split("|")[1].match(/`[A-Z_]+`/g) ?? [])
    .map((name) => name.slice(1, -1))
    .filter((name) => name !== "GENESYS_ENV"); // an alias of GENESYS_REGION
  return names.sort();
}

Deno.test(".env.example lists every documented variable once, with its default", async () => {
  const example = await Deno.readTextFile(new URL(".env.example", ROOT));
  const uncommented = example.split("\n")
    .filter((line) => /^# [A-Z_]+=/.test(line))
    .map((line) => line.slice(2))
    .join("\n");
  const vars = parseEnvFile(uncommented, ".env.example");
  assert.deepEqual(Object.keys(vars).sort(), await documented());
  // The values shown are the defaults: uncommented, they change nothing.
  assert.deepEqual(
    loadConfig({ get: (name) => vars[name] }),
    loadConfig({ get: () => undefined }),
  );
});
