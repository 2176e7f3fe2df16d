/**
 * A deterministic contact centre behind the Genesys Cloud HTTP API
 * (docs/simulator.md): OAuth client credentials, queue directory, users,
 * queue observations, conversation aggregates, routing activity and the
 * Notifications API, with Genesys's JSON shapes, error bodies and 429s (no
 * rate-limit headers, as Genesys since 2021), plus a `/__sim` control plane
 * for stats, injected faults and incidents.
 *
 * The same seed, org size and time zone give the same org and the same
 * traffic: the state at simulated time T depends only on them, the
 * incidents started (`/__sim/scenario`) and T.
 *
 * @example
 * ```ts
 * import { createSimulator } from "./mod.ts";
 *
 * const sim = createSimulator({ seed: 42 });
 * const token = await (await sim.fetch("http://sim/oauth/token", {
 *   method: "POST",
 *   headers: { authorization: `Basic ${btoa("sim-client:sim-secret")}` },
 *   body: new URLSearchParams({ grant_type: "client_credentials" }),
 * })).json();
 * const res = await sim.fetch(
 *   "http://sim/api/v2/analytics/queues/observations/query",
 *   {
 *     method: "POST",
 *     headers: { authorization: `Bearer ${token.access_token}` },
 *     body: JSON.stringify({
 *       filter: { type: "or", predicates: sim.queueIds().map((id) => ({ dimension: "queueId", value: id })) },
 *       metrics: ["oWaiting", "oOnQueueUsers"],
 *     }),
 *   },
 * );
 * ```
 *
 * @module
 */

export { createSimulator } from "./_simulator.ts";
export type {
  SimFaults,
  SimIncidentTimes,
  SimRequestLogEntry,
  SimScenario,
  SimScenarioState,
  SimStats,
  Simulator,
  SimulatorOptions,
} from "./_types.ts";
export {
  readSimulatorEnv,
  serveSimulator,
  type ServeSimulatorOptions,
  type SimulatorEnv,
} from "./_serve.ts";
