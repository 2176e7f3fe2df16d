/**
 * Waits of the tests: a guard that turns a hang into a failure, and ways
 * to let already-due work run (a number of turns, or until a condition).
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

/**
 * Lets pending work (timers due now, I/O) run until `ready()` holds; fails
 * after `ms` of real time.
 */
export async function until(
  ready: () => boolean,
  what = "reach the condition",
  ms = GUARD_MS,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) {
      throw new Error(`Cannot ${what}: still false after ${ms} ms`);
    }
    await settle(1);
  }
}
