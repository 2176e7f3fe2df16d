/**
 * Seeded randomness for tests.
 *
 * @module
 */

/**
 * A seeded uniform random source in [0, 1): a 32-bit linear congruential
 * generator with the Numerical Recipes constants.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Replaces `Math.random` with a seeded source until disposed. For code that
 * draws jitter from `Math.random` and offers no way to inject it
 * (`startService` passes none to the poller).
 */
export function seedMathRandom(seed: number): Disposable {
  const original = Math.random;
  Math.random = seededRandom(seed);
  return {
    [Symbol.dispose]() {
      Math.random = original;
    },
  };
}
