// @ts-check
/**
 * The board's data as the server sent it, and the pure functions that
 * apply `snapshot`, `delta`, `status` and `hello` frames to it. A delta
 * that does not follow the version held is refused: the caller resyncs.
 * Inputs are never changed; every apply returns a new state.
 *
 * @module
 */

/** @typedef {import("../src/snapshot/model.ts").QueueState} QueueState */
/** @typedef {import("../src/snapshot/model.ts").AgentState} AgentState */
/** @typedef {import("../src/snapshot/model.ts").Totals} Totals */
/** @typedef {import("../src/snapshot/model.ts").TrendTotals} TrendTotals */

/**
 * One 30-minute interval of one queue (the `trend` map's entities, keyed
 * `"<queueId>|<intervalStart ISO>"`).
 *
 * @typedef {object} TrendPoint
 * @property {string} queueId
 * @property {string} start ISO start of the interval
 * @property {number} offered
 * @property {number} answered
 * @property {number} abandoned
 * @property {number | null} serviceLevel 0..1
 * @property {number | null} abandonRate 0..1
 * @property {number | null} asaMs
 * @property {number | null} ahtMs
 */

/**
 * What the page holds.
 *
 * @typedef {object} BoardState
 * @property {string | null} epoch
 * @property {number | null} version null until the first snapshot
 * @property {string | null} fetchedAt
 * @property {string | null} committedAt
 * @property {boolean} stale
 * @property {string | null} staleReason
 * @property {string | null} source
 * @property {Record<string, QueueState>} queues
 * @property {Record<string, AgentState> | null} agents null = no agent board
 * @property {Record<string, TrendPoint> | null} trend null = no trend sent
 * @property {Record<string, TrendTotals> | null} trendTotals the server's
 *   totals per interval over the board's queues, by start; null = none sent
 * @property {Totals | null} totals
 */

/**
 * What an apply changed, so the page re-renders only that.
 *
 * @typedef {object} Changes
 * @property {boolean} all everything (a snapshot)
 * @property {string[]} queues ids of queues changed or gone
 * @property {string[]} agents ids of agents changed or gone
 * @property {boolean} names a queue was renamed, added or removed
 * @property {boolean} trend the trend or its totals changed
 */

/**
 * The result of applying a delta: the new state, or a gap to resync.
 *
 * @typedef {{ resync: false, state: BoardState, changes: Changes }
 *   | { resync: true, reason: string }} DeltaResult
 */

/**
 * The state before any frame.
 *
 * @param {string | null} [source]
 * @returns {BoardState}
 */
export function emptyState(source = null) {
  return {
    epoch: null,
    version: null,
    fetchedAt: null,
    committedAt: null,
    stale: false,
    staleReason: null,
    source,
    queues: {},
    agents: null,
    trend: null,
    trendTotals: null,
    totals: null,
  };
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * @param {unknown} value
 * @returns {string | null}
 */
function str(value) {
  return typeof value === "string" ? value : null;
}

/**
 * `hello`: the data source and freshness, before any data.
 *
 * @param {BoardState} state
 * @param {Record<string, unknown>} msg
 * @returns {BoardState}
 */
export function applyHello(state, msg) {
  return {
    ...state,
    source: str(msg.source) ?? state.source,
    stale: typeof msg.stale === "boolean" ? msg.stale : state.stale,
  };
}

/**
 * `snapshot`: replaces everything held.
 *
 * @param {BoardState} state
 * @param {Record<string, any>} msg
 * @returns {{ state: BoardState, changes: Changes }}
 */
export function applySnapshot(state, msg) {
  const next = {
    ...emptyState(str(msg.source) ?? state.source),
    epoch: str(msg.epoch),
    version: typeof msg.version === "number" ? msg.version : null,
    fetchedAt: str(msg.fetchedAt),
    committedAt: str(msg.committedAt),
    stale: msg.stale === true,
    queues: isRecord(msg.queues) ? { ...msg.queues } : {},
    agents: isRecord(msg.agents) ? { ...msg.agents } : null,
    trend: isRecord(msg.trend) ? { ...msg.trend } : null,
    trendTotals: isRecord(msg.trendTotals) ? { ...msg.trendTotals } : null,
    totals: isRecord(msg.totals) ? /** @type {Totals} */ (msg.totals) : null,
  };
  const gone = (/** @type {Record<string, unknown> | null} */ map) =>
    Object.keys(map ?? {});
  return {
    state: next,
    changes: {
      all: true,
      queues: [...new Set([...gone(state.queues), ...gone(next.queues)])],
      agents: [...new Set([...gone(state.agents), ...gone(next.agents)])],
      names: true,
      trend: true,
    },
  };
}

/**
 * `delta`: applies what changed since `prev`, or asks for a resync when
 * `prev` is not the version held (a gap) or the epoch differs.
 *
 * @param {BoardState} state
 * @param {Record<string, any>} msg
 * @returns {DeltaResult}
 */
export function applyDelta(state, msg) {
  if (state.version === null) {
    return { resync: true, reason: "delta before any snapshot" };
  }
  if (msg.epoch !== state.epoch) {
    return { resync: true, reason: "delta of another epoch" };
  }
  if (msg.prev !== state.version || typeof msg.version !== "number") {
    return {
      resync: true,
      reason: `delta from ${msg.prev} while holding ${state.version}`,
    };
  }
  const queuePatch = isRecord(msg.queues) ? msg.queues : {};
  let names = false;
  for (const [id, queue] of Object.entries(queuePatch)) {
    if (!queue || state.queues[id]?.name !== queue.name) names = true;
  }
  const agentPatch = isRecord(msg.agents) ? msg.agents : null;
  const trendPatch = isRecord(msg.trend) ? msg.trend : null;
  const totalsPatch = isRecord(msg.trendTotals) ? msg.trendTotals : null;
  const stale = typeof msg.stale === "boolean" ? msg.stale : state.stale;
  return {
    resync: false,
    state: {
      ...state,
      version: msg.version,
      fetchedAt: str(msg.fetchedAt) ?? state.fetchedAt,
      committedAt: str(msg.committedAt) ?? state.committedAt,
      stale,
      staleReason: stale ? state.staleReason : null,
      queues: patched(state.queues, queuePatch),
      agents: agentPatch
        ? patched(state.agents ?? {}, agentPatch)
        : state.agents,
      trend: trendPatch ? patched(state.trend ?? {}, trendPatch) : state.trend,
      trendTotals: totalsPatch
        ? patched(state.trendTotals ?? {}, totalsPatch)
        : state.trendTotals,
      totals: isRecord(msg.totals)
        ? /** @type {Totals} */ (msg.totals)
        : state.totals,
    },
    changes: {
      all: false,
      queues: Object.keys(queuePatch),
      agents: Object.keys(agentPatch ?? {}),
      names,
      trend: Object.keys(trendPatch ?? {}).length > 0 ||
        Object.keys(totalsPatch ?? {}).length > 0,
    },
  };
}

/**
 * A copy of `base` with `patch` applied: `null` removes the entry.
 *
 * @template T
 * @param {Record<string, T>} base
 * @param {Record<string, T | null>} patch
 * @returns {Record<string, T>}
 */
function patched(base, patch) {
  const out = { ...base };
  for (const [id, value] of Object.entries(patch)) {
    if (value) out[id] = value;
    else delete out[id];
  }
  return out;
}

/**
 * `status`: freshness flipped.
 *
 * @param {BoardState} state
 * @param {Record<string, unknown>} msg
 * @returns {BoardState}
 */
export function applyStatus(state, msg) {
  const stale = msg.stale === true;
  return {
    ...state,
    stale,
    staleReason: stale ? str(msg.reason) : null,
    fetchedAt: str(msg.fetchedAt) ?? state.fetchedAt,
  };
}

/**
 * The queues in display order: by name, then id.
 *
 * @param {BoardState} state
 * @returns {QueueState[]}
 */
export function queuesInOrder(state) {
  return Object.values(state.queues).sort((a, b) =>
    String(a.name).localeCompare(String(b.name)) ||
    String(a.id).localeCompare(String(b.id))
  );
}
