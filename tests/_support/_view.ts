/**
 * A client-side view that applies `snapshot` and `delta` frames the way a
 * screen does, written independently of the server's `applyDelta`.
 *
 * @module
 */

/** A parsed server message. */
// deno-lint-ignore no-explicit-any
export type Msg = Record<string, any>;

/** What a screen holds: its queues, agents (when asked for) and totals. */
export interface ScreenView {
  epoch: string;
  version: number;
  queues: Record<string, Msg>;
  agents?: Record<string, Msg>;
  totals: Msg;
}

/**
 * Applies one `snapshot` or `delta` frame to `view` (null before the first
 * snapshot) and returns the new view. Throws when a delta does not follow
 * on from the view (wrong epoch or `prev`), so a gap fails loudly.
 */
export function applyFrame(view: ScreenView | null, frame: Msg): ScreenView {
  if (frame.type === "snapshot") {
    const next: ScreenView = {
      epoch: frame.epoch,
      version: frame.version,
      queues: { ...frame.queues },
      totals: frame.totals,
    };
    if (frame.agents !== undefined) next.agents = { ...frame.agents };
    return next;
  }
  if (frame.type !== "delta") {
    throw new TypeError(`Cannot apply frame: type "${frame.type}"`);
  }
  if (view === null) throw new Error("Cannot apply delta: no snapshot yet");
  if (frame.epoch !== view.epoch || frame.prev !== view.version) {
    throw new Error(
      `Cannot apply delta: it goes from ${frame.epoch}:${frame.prev}, the view is at ${view.epoch}:${view.version}`,
    );
  }
  const next: ScreenView = {
    epoch: frame.epoch,
    version: frame.version,
    queues: merge(view.queues, frame.queues),
    totals: frame.totals,
  };
  if (frame.agents !== undefined) {
    next.agents = merge(view.agents ?? {}, frame.agents);
  } else if (view.agents !== undefined) next.agents = view.agents;
  return next;
}

function merge(
  base: Record<string, Msg>,
  changes: Record<string, Msg | null>,
): Record<string, Msg> {
  const out = { ...base };
  for (const [id, entity] of Object.entries(changes)) {
    if (entity === null) delete out[id];
    else out[id] = entity;
  }
  return out;
}

/** The comparable part of a view or a snapshot message. */
export function content(view: ScreenView | Msg): Msg {
  const out: Msg = { queues: view.queues, totals: view.totals };
  if (view.agents !== undefined) out.agents = view.agents;
  return out;
}
