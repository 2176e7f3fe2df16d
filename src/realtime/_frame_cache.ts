/**
 * The frames of the current version, each encoded once and shared by every
 * subscriber that needs it: snapshots by view, and resumed or catch-up
 * deltas by where they start and the view they end in.
 *
 * @module
 */

import type { Frame } from "./_frame.ts";

/** Where a delta starts: a held version and the receiver's view there. */
export interface Origin {
  /** The version the receiver holds. */
  readonly version: number;
  /** Identity of the receiver's view at that version. */
  readonly view: string;
}

/** Frames keyed by the view they bring a receiver to. */
type ByView = Map<string, Frame>;

/** Frames of one version; `clear()` when the version or freshness changes. */
export class FrameCache {
  #snapshots: ByView = new Map();
  #resumes = new Map<number, Map<string, ByView>>();
  #deltas = new Map<number, Map<string, ByView>>();

  /** The `snapshot` frame of `view`, built on first use. */
  snapshot(view: string, build: () => Frame): Frame {
    return cached(this.#snapshots, view, build);
  }

  /** The `resumed: true` delta from `from` to `view`, built on first use. */
  resume(from: Origin, view: string, build: () => Frame): Frame {
    return cached(byView(this.#resumes, from), view, build);
  }

  /** The catch-up delta from `from` to `view`, built on first use. */
  delta(from: Origin, view: string, build: () => Frame): Frame {
    return cached(byView(this.#deltas, from), view, build);
  }

  /** Forgets every frame. */
  clear(): void {
    this.#snapshots = new Map();
    this.#resumes = new Map();
    this.#deltas = new Map();
  }
}

function byView(
  frames: Map<number, Map<string, ByView>>,
  from: Origin,
): ByView {
  let byOrigin = frames.get(from.version);
  if (!byOrigin) frames.set(from.version, byOrigin = new Map());
  let found = byOrigin.get(from.view);
  if (!found) byOrigin.set(from.view, found = new Map());
  return found;
}

function cached(frames: ByView, view: string, build: () => Frame): Frame {
  let frame = frames.get(view);
  if (!frame) frames.set(view, frame = build());
  return frame;
}
