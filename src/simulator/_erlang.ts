/**
 * Erlang C, the textbook staffing rule of contact centres: with `n` agents
 * and an offered load of `a` Erlangs (arrival rate × mean handle time), the
 * chance to wait is C(n, a), and the share answered within a threshold t is
 * 1 − C(n, a)·e^(−(n − a)·t / handle time). C comes from the numerically
 * stable Erlang B recursion.
 *
 * @module
 */

/** Most agents `agentsFor` will plan for one interval. */
const MAX_AGENTS = 100_000;

/** A share of the conversations and the service-level threshold they have. */
export interface ThresholdShare {
  share: number;
  thresholdMs: number;
}

/**
 * The fewest agents whose Erlang C service level, over a mix of thresholds
 * (shares sum to 1), reaches `target` (0..1) for `load` Erlangs with a mean
 * handle time of `handleMs`: 0 without load, at least 1 with any load.
 */
export function agentsFor(
  load: number,
  handleMs: number,
  mix: readonly ThresholdShare[],
  target: number,
): number {
  if (load <= 0) return 0;
  const first = Math.max(1, Math.floor(load) + 1);
  let b = 1;
  for (let k = 1; k <= first; k++) b = load * b / (k + load * b);
  for (let n = first;; n++) {
    if (n > first) b = load * b / (n + load * b);
    const c = n * b / (n - load * (1 - b));
    let sl = 0;
    for (const { share, thresholdMs } of mix) {
      sl += share * (1 - c * Math.exp(-(n - load) * thresholdMs / handleMs));
    }
    if (sl >= target || n >= MAX_AGENTS) return n;
  }
}
