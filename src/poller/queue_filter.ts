/**
 * `GENESYS_QUEUES`: which queues of the directory are polled. Each pattern is
 * an exact queue id or a queue-name glob where `*` matches any run of
 * characters, anywhere in the pattern; both compare case-insensitively.
 *
 * @module
 */

/** The fields of a queue the filter looks at. */
export interface QueueRef {
  id: string;
  name: string;
}

/**
 * Compiles `patterns` into a predicate; an empty list (or only blank
 * patterns) matches every queue.
 *
 * @example
 * ```ts
 * const matches = compileQueueFilter(["Sales*", "*VIP*"]);
 * matches({ id: "q-1", name: "sales EMEA" }); // true
 * ```
 */
export function compileQueueFilter(
  patterns: readonly string[],
): (queue: QueueRef) => boolean {
  const cleaned = patterns.map((p) => p.trim()).filter((p) => p.length > 0);
  if (cleaned.length === 0) return () => true;
  const ids = new Set(cleaned.map((p) => p.toLowerCase()));
  const globs = cleaned.map(globToRegExp);
  return (queue) =>
    ids.has(queue.id.toLowerCase()) || globs.some((re) => re.test(queue.name));
}

/**
 * The queues that match `patterns`, in their original order.
 *
 * @example
 * ```ts
 * filterQueues(queues, ["Sales*", "6f1c0a3e-0000-4000-8000-000000000001"]);
 * ```
 */
export function filterQueues<T extends QueueRef>(
  queues: readonly T[],
  patterns: readonly string[],
): T[] {
  const matches = compileQueueFilter(patterns);
  return queues.filter(matches);
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "is");
}
