/**
 * Validation of the metric lists of analytics queries.
 *
 * @module
 */

import { badRequest } from "./_errors.ts";

/**
 * Reads `value` as a list of metric names out of `allowed` (matched without
 * regard to case, answered in the canonical spelling, duplicates dropped).
 * A missing list is empty unless `required`; anything else is a 400 naming
 * the field and, for an unknown name, the metric.
 */
export function parseMetricList(
  value: unknown,
  allowed: readonly string[],
  field: string,
  required: boolean,
): string[] {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value)) {
    throw badRequest(
      `Cannot parse ${field}: expected an array of metric names`,
    );
  }
  if (value.length === 0 && required) {
    throw badRequest(`Cannot parse ${field}: at least one metric is required`);
  }
  const out: string[] = [];
  for (const item of value) {
    const name = typeof item === "string"
      ? allowed.find((m) => m.toLowerCase() === item.toLowerCase())
      : undefined;
    if (name === undefined) {
      throw badRequest(
        `Cannot parse ${field}: unknown metric ${JSON.stringify(item)}`,
      );
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
