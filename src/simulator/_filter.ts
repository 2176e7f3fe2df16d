/**
 * Analytics query filters (`{type, clauses?, predicates?}`, two levels at
 * most, per the SDK model `QueueObservationQueryFilter`; docs/genesys.md):
 * validation and the values asked for per dimension.
 *
 * @module
 */

import { IDS_PER_CALL } from "../genesys/mod.ts";
import { badRequest } from "./_errors.ts";

/** Values of the `matches` predicates, by dimension, in request order. */
export type PredicateValues = Map<string, string[]>;

const OPERATORS = new Set(["matches", "exists", "notexists"]);

/**
 * Collects the `matches` values of every predicate of `filter` by
 * dimension. A missing filter gives an empty map; a malformed one, or a
 * dimension outside `allowed`, is a 400.
 */
export function collectPredicates(
  filter: unknown,
  allowed: readonly string[],
): PredicateValues {
  const out: PredicateValues = new Map();
  if (filter === undefined) return out;
  const top = asObject(filter, "filter");
  checkType(top.type, "filter");
  addPredicates(top.predicates, "filter.predicates", allowed, out);
  if (top.clauses !== undefined) {
    if (!Array.isArray(top.clauses)) {
      throw badRequest("Cannot parse filter: expected an array in clauses");
    }
    top.clauses.forEach((c, i) => {
      const clause = asObject(c, `filter.clauses[${i}]`);
      checkType(clause.type, `filter.clauses[${i}]`);
      addPredicates(
        clause.predicates,
        `filter.clauses[${i}].predicates`,
        allowed,
        out,
      );
    });
  }
  return out;
}

/** Throws a 400 when more queueId predicates than `IDS_PER_CALL` were sent. */
export function checkQueueLimit(values: PredicateValues): void {
  const count = values.get("queueId")?.length ?? 0;
  if (count > IDS_PER_CALL) {
    throw badRequest(
      `Cannot parse filter: ${count} queueId predicates exceed the maximum of ${IDS_PER_CALL}`,
    );
  }
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest(`Cannot parse filter: expected an object in ${where}`);
  }
  return value as Record<string, unknown>;
}

function checkType(type: unknown, where: string): void {
  const t = typeof type === "string" ? type.toLowerCase() : "";
  if (t !== "and" && t !== "or") {
    throw badRequest(
      `Cannot parse filter: ${where}.type must be "and" or "or", got ${
        JSON.stringify(type ?? null)
      }`,
    );
  }
}

function addPredicates(
  predicates: unknown,
  where: string,
  allowed: readonly string[],
  out: PredicateValues,
): void {
  if (predicates === undefined) return;
  if (!Array.isArray(predicates)) {
    throw badRequest(`Cannot parse filter: expected an array in ${where}`);
  }
  predicates.forEach((p, i) => {
    const predicate = asObject(p, `${where}[${i}]`);
    const { dimension, operator, value } = predicate;
    if (typeof dimension !== "string" || !allowed.includes(dimension)) {
      throw badRequest(
        `Cannot parse filter: unknown dimension ${
          JSON.stringify(dimension ?? null)
        } (expected ${allowed.join(", ")})`,
      );
    }
    const op = operator === undefined ? "matches" : String(operator);
    if (!OPERATORS.has(op.toLowerCase())) {
      throw badRequest(
        `Cannot parse filter: unknown operator ${JSON.stringify(op)}`,
      );
    }
    if (op.toLowerCase() !== "matches") return;
    if (typeof value !== "string") {
      throw badRequest(
        `Cannot parse filter: predicate on "${dimension}" needs a string value`,
      );
    }
    const list = out.get(dimension) ?? [];
    list.push(value);
    out.set(dimension, list);
  });
}
