/**
 * The message rate of one connection: a token bucket for the messages
 * processed, a second one for the messages refused, and at most one answer
 * to refusals per second.
 *
 * @module
 */

/** Allowed message rate of one connection. */
export interface MessageRate {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: messages allowed in a burst. */
  burst: number;
}

/** What to do with one client message. */
export type Admission =
  /** Process it. */
  | "accept"
  /** Refuse it and answer `rate_limited` (the first refusal in a second). */
  | "answer"
  /** Refuse it silently (answered already this second). */
  | "drop"
  /** Refused more than the rate allows again: close the connection. */
  | "close";

/** Least time between two `rate_limited` answers, ms. */
const ANSWER_EVERY_MS = 1000;

/**
 * A connection's rate gate. Messages over the rate are refused; refusals
 * draw on their own bucket (same size and refill), so a client is closed
 * once it keeps sending faster than twice the rate.
 *
 * @example
 * ```ts
 * const gate = new RateGate({ perSecond: 20, burst: 40 }, clock.now());
 * if (gate.admit(clock.now()) === "accept") handle(message);
 * ```
 */
export class RateGate {
  readonly #rate: MessageRate;
  #tokens: number;
  #refusals: number;
  #last: number;
  #answeredAt = -Infinity;

  constructor(rate: MessageRate, now: number) {
    this.#rate = rate;
    this.#tokens = rate.burst;
    this.#refusals = rate.burst;
    this.#last = now;
  }

  /** Decides on one message arriving at `now` (epoch ms). */
  admit(now: number): Admission {
    if (now > this.#last) {
      const added = ((now - this.#last) * this.#rate.perSecond) / 1000;
      this.#tokens = Math.min(this.#rate.burst, this.#tokens + added);
      this.#refusals = Math.min(this.#rate.burst, this.#refusals + added);
      this.#last = now;
    }
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return "accept";
    }
    if (this.#refusals < 1) return "close";
    this.#refusals -= 1;
    if (now - this.#answeredAt < ANSWER_EVERY_MS) return "drop";
    this.#answeredAt = now;
    return "answer";
  }
}
