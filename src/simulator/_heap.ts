/**
 * A binary min-heap of timed events. Events at the same time come out in
 * the order they were pushed, which keeps the simulation deterministic.
 *
 * @module
 */

/** Something scheduled at `at` (epoch ms). */
export interface Timed {
  at: number;
}

interface Entry<T> {
  at: number;
  seq: number;
  item: T;
}

/** Min-heap ordered by (`at`, push order). */
export class EventHeap<T extends Timed> {
  #entries: Entry<T>[] = [];
  #seq = 0;

  /** Number of pending events. */
  get size(): number {
    return this.#entries.length;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekAt(): number {
    return this.#entries.length ? this.#entries[0].at : Infinity;
  }

  /** Adds an event. */
  push(item: T): void {
    const entries = this.#entries;
    entries.push({ at: item.at, seq: this.#seq++, item });
    let i = entries.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entries[i], entries[parent])) break;
      [entries[i], entries[parent]] = [entries[parent], entries[i]];
      i = parent;
    }
  }

  /** Removes and returns the earliest event. */
  pop(): T | undefined {
    const entries = this.#entries;
    if (entries.length === 0) return undefined;
    const top = entries[0];
    const last = entries.pop()!;
    if (entries.length > 0) {
      entries[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < entries.length && before(entries[l], entries[m])) m = l;
        if (r < entries.length && before(entries[r], entries[m])) m = r;
        if (m === i) break;
        [entries[i], entries[m]] = [entries[m], entries[i]];
        i = m;
      }
    }
    return top.item;
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
