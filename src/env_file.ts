/**
 * `.env` files for `deno task start`: `NAME=value` lines, `#` comments,
 * an optional `export ` prefix, and single- or double-quoted values (double
 * quotes understand `\n`, `\"` and `\\`). Like Deno's own `--env-file`, the
 * first assignment of a name in a file wins, and a variable already set in
 * the process environment wins over the file. A malformed line is a one-line
 * `SyntaxError` that names the line and never echoes a value.
 *
 * @module
 */

import type { EnvSource } from "./env.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses the text of a `.env` file into its variables.
 *
 * @throws {SyntaxError} on the first malformed line.
 * @example
 * ```ts
 * parseEnvFile('GENESYS_QUEUES="Sales*" # sales only\n', ".env");
 * // { GENESYS_QUEUES: "Sales*" }
 * ```
 */
export function parseEnvFile(
  text: string,
  path: string,
): Record<string, string> {
  const vars: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const fail = (detail: string): never => {
      throw new SyntaxError(
        `Cannot parse ${path}: line ${index + 1} ${detail}`,
      );
    };
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const body = line.replace(/^export\s+/, "");
    const eq = body.indexOf("=");
    if (eq < 0) fail('has no "=" (expected NAME=value)');
    const name = body.slice(0, eq).trim();
    if (!NAME.test(name)) {
      fail(
        `has an invalid variable name "${name}" (expected letters, digits and "_", not starting with a digit)`,
      );
    }
    const value = parseValue(body.slice(eq + 1).trim(), name, fail);
    if (!(name in vars)) vars[name] = value;
  });
  return vars;
}

function parseValue(
  text: string,
  name: string,
  fail: (detail: string) => never,
): string {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") {
    // An unquoted value ends at a " #" comment.
    return text.replace(/\s+#.*$/, "").trim();
  }
  let end = 1;
  while (end < text.length && text[end] !== quote) {
    end += quote === '"' && text[end] === "\\" ? 2 : 1;
  }
  if (end >= text.length) fail(`has an unterminated quoted value of "${name}"`);
  const rest = text.slice(end + 1).trim();
  if (rest !== "" && !rest.startsWith("#")) {
    fail(`has text after the closing quote of "${name}"`);
  }
  const inner = text.slice(1, end);
  if (quote === "'") return inner;
  return inner.replace(
    /\\(.)/g,
    (_, c: string) =>
      c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c,
  );
}

/**
 * Reads the `.env` file at `path` (a missing file is no error) and returns
 * the variables it sets that `env` does not already have.
 *
 * @throws {SyntaxError} on a malformed line.
 * @example
 * ```ts ignore
 * const extra = await readEnvFile(".env", Deno.env);
 * ```
 */
export async function readEnvFile(
  path: string,
  env: EnvSource,
): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return {};
    throw error;
  }
  const vars = parseEnvFile(text, path);
  for (const name of Object.keys(vars)) {
    if (env.get(name) !== undefined) delete vars[name];
  }
  return vars;
}

/** `env` with `extra` underneath it: `env` wins wherever it sets a name. */
export function layerEnv(
  env: EnvSource,
  extra: Record<string, string>,
): EnvSource {
  return { get: (name) => env.get(name) ?? extra[name] };
}
