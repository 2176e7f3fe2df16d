/**
 * Waits of the tests: a guard that turns a hang into a failure, and a way
 * to let already-due work run.
 *
 * @module
 */

/** How long one wait may take in real time before the test fails. */
export const GUARD_MS = 10_000;

/** Rejects with "Cannot …: nothing after N ms" when `promise` hangs. */
export async function guard<T>(
  promise: Promise<T>,
  what: string,
  ms = GUARD_MS,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Cannot ${what}: nothing after ${ms} ms`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets promise chains and already-complete I/O (KV, in-process fetch) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
