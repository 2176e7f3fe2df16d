/**
 * Deadlines of many connections (subscribe deadline, token expiry) on one
 * timer: a min-heap by time, so a connection holds a small entry instead of
 * a timer, a promise and an abort listener of its own.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";

/** Whoever a deadline belongs to: told when it passes. */
export interface DeadlineOwner<K> {
  /** Called once when the deadline `kind` has passed. */
  onDeadline(kind: K): void;
}

/** A pending deadline; pass it to `cancel`. */
export interface Deadline<K> {
  /** When it passes, epoch ms. */
  readonly at: number;
  readonly owner: DeadlineOwner<K>;
  readonly kind: K;
}

interface Entry<K> extends Deadline<K> {
  /** Position in the heap; -1 once fired or cancelled. */
  index: number;
}

/**
 * Deadlines on one timer of the injected clock.
 *
 * @example
 * ```ts
 * const deadlines = new Deadlines<"expiry">(clock, log);
 * const d = deadlines.add(clock.now() + 60_000, connection, "expiry");
 * deadlines.cancel(d);
 * ```
 */
export class Deadlines<K> {
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #heap: Entry<K>[] = [];
  #timer: AbortController | null = null;
  #armedAt = Infinity;
  #closed = false;

  constructor(clock: Clock, log: Logger) {
    this.#clock = clock;
    this.#log = log;
  }

  /** Pending deadlines. */
  get size(): number {
    return this.#heap.length;
  }

  /** Tells `owner` about `kind` at `at` (epoch ms) unless cancelled first. */
  add(at: number, owner: DeadlineOwner<K>, kind: K): Deadline<K> {
    const entry: Entry<K> = { at, owner, kind, index: this.#heap.length };
    this.#heap.push(entry);
    this.#up(entry.index);
    this.#arm();
    return entry;
  }

  /** Cancels `deadline` (no-op when null, fired or cancelled already). */
  cancel(deadline: Deadline<K> | null): void {
    const entry = deadline as Entry<K> | null;
    if (!entry || entry.index < 0) return;
    const heap = this.#heap;
    const last = heap.pop()!;
    if (last !== entry) {
      heap[entry.index] = last;
      last.index = entry.index;
      this.#down(this.#up(last.index));
    }
    entry.index = -1;
  }

  /** Stops the timer; pending deadlines never fire. */
  close(): void {
    this.#closed = true;
    this.#disarm();
  }

  #arm(): void {
    const first = this.#heap[0];
    if (this.#closed || !first) return this.#disarm();
    if (this.#timer && this.#armedAt <= first.at) return;
    this.#disarm();
    const timer = new AbortController();
    this.#timer = timer;
    this.#armedAt = first.at;
    this.#clock.sleep(first.at - this.#clock.now(), timer.signal).then(() => {
      if (this.#timer !== timer) return;
      this.#timer = null;
      this.#armedAt = Infinity;
      this.#fire();
    }, () => {});
  }

  #disarm(): void {
    this.#timer?.abort();
    this.#timer = null;
    this.#armedAt = Infinity;
  }

  #fire(): void {
    const now = this.#clock.now();
    while (!this.#closed && this.#heap.length && this.#heap[0].at <= now) {
      const due = this.#heap[0];
      this.cancel(due);
      try {
        due.owner.onDeadline(due.kind);
      } catch (error) {
        this.#log.error("Deadline handler failed", { error });
      }
    }
    this.#arm();
  }

  /** Moves the entry at `i` up to its place; returns where it ends. */
  #up(i: number): number {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].at <= heap[i].at) break;
      this.#swap(i, parent);
      i = parent;
    }
    return i;
  }

  #down(i: number): void {
    const heap = this.#heap;
    while (true) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && heap[left].at < heap[least].at) least = left;
      if (right < heap.length && heap[right].at < heap[least].at) {
        least = right;
      }
      if (least === i) return;
      this.#swap(i, least);
      i = least;
    }
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap;
    [heap[a], heap[b]] = [heap[b], heap[a]];
    heap[a].index = a;
    heap[b].index = b;
  }
}
