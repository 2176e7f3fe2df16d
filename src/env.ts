/**
 * Reading settings from the environment: the one error type and the typed
 * parsers every room's `settings.ts` uses. A blank variable counts as unset;
 * every bad value is a one-line {@linkcode ConfigError} naming the variable,
 * the value and what is accepted (secret values are never echoed).
 *
 * @module
 */

/** A bad configuration value; the message names the variable and never a secret. */
export class ConfigError extends Error {
  /** The variable at fault (or the first of a pair). */
  readonly variable: string;

  /** Creates the error for `variable` with a one-line `message`. */
  constructor(variable: string, message: string) {
    super(message);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

/** Where variables come from; `Deno.env` fits. */
export interface EnvSource {
  /** The value of `name`, or undefined when unset. */
  get(name: string): string | undefined;
}

/** Typed, validated reads of environment variables. */
export interface EnvReader {
  /** The trimmed value, or null when unset or blank. */
  string(name: string): string | null;
  /** An integer in `[min, max]`, or `fallback` when unset. */
  int(name: string, fallback: number, min: number, max?: number): number;
  /** `true|1` or `false|0` (any case), or null when unset. */
  bool(name: string): boolean | null;
  /** A comma-separated list, items trimmed, empty items dropped. */
  list(name: string): string[];
  /** One of `values` (any case), or `fallback` when unset. */
  choice<T extends string>(name: string, values: readonly T[], fallback: T): T;
  /** An http(s) URL without trailing slashes, or null when unset. */
  url(name: string): string | null;
  /** Throws the `Cannot parse <name>: <detail>` error. */
  fail(name: string, detail: string): never;
}

/**
 * Wraps `env` in typed parsers.
 *
 * @example
 * ```ts
 * const read = createEnvReader(Deno.env);
 * const port = read.int("PORT", 8000, 0, 65535);
 * ```
 */
export function createEnvReader(env: EnvSource): EnvReader {
  function string(name: string): string | null {
    const value = env.get(name)?.trim();
    return value ? value : null;
  }

  function fail(name: string, detail: string): never {
    throw new ConfigError(name, `Cannot parse ${name}: ${detail}`);
  }

  return {
    string,
    fail,
    int(name, fallback, min, max = Number.MAX_SAFE_INTEGER) {
      const value = string(name);
      if (value === null) return fallback;
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(n >= min && n <= max)) {
        const accepted = max === Number.MAX_SAFE_INTEGER
          ? `an integer of at least ${min}`
          : `an integer from ${min} to ${max}`;
        fail(name, `invalid value "${value}" (expected ${accepted})`);
      }
      return n;
    },
    bool(name) {
      const value = string(name);
      if (value === null) return null;
      const lower = value.toLowerCase();
      if (lower === "true" || lower === "1") return true;
      if (lower === "false" || lower === "0") return false;
      return fail(
        name,
        `invalid value "${value}" (expected true, false, 1 or 0)`,
      );
    },
    list(name) {
      const value = string(name);
      if (value === null) return [];
      return value.split(",").map((item) => item.trim()).filter((item) => item);
    },
    choice(name, values, fallback) {
      const value = string(name);
      if (value === null) return fallback;
      const found = values.find((v) => v === value.toLowerCase());
      return found ?? fail(
        name,
        `invalid value "${value}" (expected one of ${values.join(", ")})`,
      );
    },
    url(name) {
      const value = string(name);
      if (value === null) return null;
      const url = URL.parse(value);
      if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
        fail(name, `invalid URL "${value}" (expected an http or https URL)`);
      }
      return url.href.replace(/\/+$/, "");
    },
  };
}
